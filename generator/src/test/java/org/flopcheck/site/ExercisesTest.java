package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flopcheck.cli.Flopcheck;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Seeded problem sets: the same seed gives the same problems; the answer key derives every answer. */
class ExercisesTest {

    @Test
    void the_same_seed_gives_the_same_problems_and_problem_i_does_not_depend_on_the_count() {
        var a = Exercises.generate(7, 12);
        var b = Exercises.generate(7, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(b.get(i).layer().toString()).isEqualTo(a.get(i).layer().toString());
            assertThat(b.get(i).input()).isEqualTo(a.get(i).input());
        }
        assertThat(Exercises.generate(8, 12).stream().map(p -> p.layer().toString()).toList())
                .isNotEqualTo(a.stream().map(p -> p.layer().toString()).toList());
        assertThatThrownBy(() -> Exercises.generate(7, 0)).hasMessageContaining("--count");
    }

    @Test
    void flopcheck_exercises_writes_a_printable_problem_set_and_its_answer_key() throws IOException {
        Path out = Path.of("target", "test-exercises").toAbsolutePath();
        BuiltSite.delete(out);
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Flopcheck.run(new String[] {"exercises", "--seed", "11", "--count", "4", "--out", out.toString()},
                new PrintWriter(o), new PrintWriter(e));
        assertThat(code).as(e.toString()).isZero();
        Document problems = Jsoup.parse(out.resolve("exercises.html").toFile(), "UTF-8");
        Document answers = Jsoup.parse(out.resolve("answers.html").toFile(), "UTF-8");
        assertThat(problems.select("section.problem")).hasSize(4);
        assertThat(problems.select("section.problem data")).isEmpty();
        assertThat(answers.select("section.problem")).hasSize(4);
        assertThat(answers.select("section.problem dl.answer")).hasSize(4);
        assertThat(answers.select("section.problem table.steps")).isNotEmpty();
        assertThat(Files.readString(out.resolve("site.css"))).contains("@media print", "break-inside: avoid");
        for (var p : Exercises.generate(11, 4)) {
            assertThat(answers.getElementById("problem-" + p.number()).select("dd data").eachAttr("value"))
                    .containsExactly(Long.toString(p.analysis().params().total()),
                            Long.toString(org.flopcheck.convention.Conventions.MACS.count(p.analysis()).total()),
                            Long.toString(org.flopcheck.convention.Conventions.EXACT.count(p.analysis()).total()));
        }
    }

    @Test
    void the_count_is_refused_outside_one_to_five_hundred() {
        StringWriter e = new StringWriter();
        int code = Flopcheck.run(new String[] {"exercises", "--seed", "1", "--count", "0"}, new PrintWriter(
                new StringWriter()), new PrintWriter(e));
        assertThat(code).isEqualTo(2);
        assertThat(e.toString()).contains("--count must be between 1 and 500, got 0");
    }
}
