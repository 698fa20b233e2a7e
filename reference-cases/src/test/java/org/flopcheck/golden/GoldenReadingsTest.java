package org.flopcheck.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Outcome;
import org.flopcheck.expr.PlainText;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.spec.SpecReader;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every recorded tool reading predicted by that tool's convention: one container per golden file, one per case,
 * one per reading, one test per metric ({@code thop-0.1.1 MACs = 360,448}, {@code params = 1,344}, or
 * {@code fails}). No tolerance: every number must be equal. A failure shows the case's derivation and the
 * convention's contributions with the rule behind each.
 *
 * <p>The system property {@code golden.tools} (comma-separated tool ids) restricts the tree while a convention is
 * being developed; CI runs every tool.
 */
class GoldenReadingsTest {

    static final Set<String> ONLY = System.getProperty("golden.tools", "").isBlank() ? Set.of()
            : Set.of(System.getProperty("golden.tools").split(","));

    @TestFactory
    Stream<DynamicNode> every_reading_is_predicted_by_its_tools_convention() {
        return GoldenCorpusTest.CORPUS.files().stream().map(file -> DynamicContainer.dynamicContainer(file.name(),
                GoldenCorpusTest.CORPUS.directory().resolve(file.name()).toUri(),
                file.cases().stream().map(c -> DynamicContainer.dynamicContainer(c.id(),
                        c.readings().stream().filter(r -> ONLY.isEmpty() || ONLY.contains(r.tool()))
                                .map(r -> DynamicContainer.dynamicContainer(r.label(), metrics(c, r)))))));
    }

    private static Stream<DynamicNode> metrics(GoldenCase c, Reading r) {
        List<DynamicNode> tests = new ArrayList<>();
        if (r.failed()) {
            tests.add(DynamicTest.dynamicTest("fails: " + firstLine(r.error().orElseThrow()), () -> {
                Outcome o = predict(c, r);
                if (!(o instanceof Outcome.Failed)) {
                    fail("%s: %s recorded a failure (%s) but the convention predicts a count%n%s", c.id(),
                            r.label(), r.error().orElseThrow(), explain(c, r, o));
                }
            }));
            return tests.stream();
        }
        long macs = r.macs().orElseThrow();
        long params = r.params().orElseThrow();
        tests.add(DynamicTest.dynamicTest("MACs = " + PlainText.grouped(macs), () -> {
            Outcome o = predict(c, r);
            assertThat(o).as("%s: %s%n%s", c.id(), r.label(), explain(c, r, o)).isInstanceOf(Outcome.Counted.class);
            assertThat(((Outcome.Counted) o).count().total()).as("%s: %s MACs%n%s", c.id(), r.label(),
                    explain(c, r, o)).isEqualTo(macs);
        }));
        tests.add(DynamicTest.dynamicTest("params = " + PlainText.grouped(params), () -> {
            Outcome o = predict(c, r);
            assertThat(o).as("%s: %s%n%s", c.id(), r.label(), explain(c, r, o)).isInstanceOf(Outcome.Counted.class);
            assertThat(((Outcome.Counted) o).params()).as("%s: %s params%n%s", c.id(), r.label(), explain(c, r, o))
                    .isEqualTo(params);
        }));
        r.trainableParams().ifPresent(trainable -> tests.add(DynamicTest.dynamicTest("trainable params = "
                + PlainText.grouped(trainable), () -> {
                    Outcome o = predict(c, r);
                    assertThat(o).isInstanceOf(Outcome.Counted.class);
                    assertThat(((Outcome.Counted) o).trainableParams()).as("%s: %s trainable params%n%s", c.id(),
                            r.label(), explain(c, r, o)).hasValue(trainable);
                })));
        return tests.stream();
    }

    static Convention convention(String tool) {
        return Conventions.tools().stream().filter(t -> t.id().equals(tool)).findFirst()
                .orElseThrow(() -> new AssertionError("no convention for tool " + tool));
    }

    static Analysis analysis(GoldenCase c, Reading r) {
        Inputs inputs = SpecReader.inputs(c.inputs());
        return Wrappers.forVariant(r.variant(), SpecReader.layer(c.model())).analyze(inputs);
    }

    static Outcome predict(GoldenCase c, Reading r) {
        return convention(r.tool()).outcome(analysis(c, r));
    }

    private static String explain(GoldenCase c, Reading r, Outcome o) {
        StringBuilder sb = new StringBuilder("case ").append(c.id()).append(" (").append(c.description())
                .append(")\ncall: ").append(r.call()).append('\n');
        if (o instanceof Outcome.Counted counted) {
            sb.append("predicted ").append(PlainText.grouped(counted.count().total())).append(" MACs, ")
                    .append(PlainText.grouped(counted.params())).append(" params, from:\n");
            for (Contribution k : counted.count().contributions()) {
                sb.append("  ").append(k).append("   [").append(k.rule().id()).append("]\n");
            }
        } else if (o instanceof Outcome.Failed failed) {
            sb.append("predicted failure: ").append(failed.reason()).append(" [").append(failed.rule().id())
                    .append("]\n");
        }
        analysis(c, r).walk().forEach(a -> sb.append(a.derivation().plain()));
        return sb.toString();
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 100 ? line.substring(0, 100) + "…" : line;
    }

    static Set<String> tools() {
        return Conventions.tools().stream().map(Convention::id).collect(Collectors.toSet());
    }
}
