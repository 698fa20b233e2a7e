package org.flopcheck.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The golden corpus reads strictly, and each kind of malformed file is refused with its file and JSON path. */
class GoldenReaderTest {

    static final String TOOL = """
            {"id": "thop-0.1.1", "tool": "thop", "version": "0.1.1", "backend": null,
             "requirement": "thop==0.1.1.post2209072238", "source": "x"}""";

    static String reading(String macs, String error) {
        return """
                {"tool": "thop-0.1.1", "variant": "direct", "call": "thop.profile(model)", "mode": "eval",
                 "macs": %s, "params": %s, "trainable_params": null, "raw": null, "modules": %s,
                 "error": %s,
                 "printed": {"stdout": "", "stream": null, "warnings": [], "logging": []}}"""
                .formatted(macs, error == null ? "12" : "null", error == null ? "[]" : "null",
                        error == null ? "null" : "\"" + error + "\"");
    }

    static String kase(String id, String reading) {
        return """
                {"id": "%s", "description": "d", "model": {"type": "Linear", "in_features": 2, "out_features": 3},
                 "inputs": [[1, 2]], "outputs": [[1, 3]], "readings": [%s]}""".formatted(id, reading);
    }

    static String file(String... cases) {
        return """
                {"format": "flopcheck-golden/1",
                 "environment": {"python": "3.11.2", "torch": "1.13.0a0", "torchvision": "0.14.1a0"},
                 "tools": [%s],
                 "cases": [%s]}""".formatted(TOOL, String.join(",", cases));
    }

    @Test
    void the_shipped_corpus_reads_completely() {
        GoldenCorpus corpus = GoldenCorpus.load(Path.of("cases"));
        assertThat(corpus.files()).hasSizeGreaterThanOrEqualTo(13);
        assertThat(corpus.cases().count()).isGreaterThanOrEqualTo(300);
        assertThat(corpus.cases().flatMap(c -> c.readings().stream()).map(Reading::tool).distinct())
                .containsExactlyInAnyOrderElementsOf(GoldenReader.TOOLS);
    }

    @Test
    void the_index_lists_exactly_the_golden_files_and_the_jar_ships_them() throws Exception {
        java.util.List<String> listed = java.nio.file.Files.readAllLines(Path.of("cases", "index.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        try (var files = java.nio.file.Files.list(Path.of("cases"))) {
            assertThat(listed).containsExactlyElementsOf(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json")).sorted().toList());
        }
        assertThat(GoldenCorpus.shipped().cases().count()).isEqualTo(GoldenCorpus.load(Path.of("cases")).cases().count());
    }

    @Test
    void a_well_formed_file_reads() {
        GoldenFile f = GoldenReader.read("t.json", file(kase("linear/a", reading("6", null))));
        assertThat(f.cases()).hasSize(1);
        Reading r = f.cases().get(0).readings().get(0);
        assertThat(r.macs()).hasValue(6);
        assertThat(r.label()).isEqualTo("thop-0.1.1");
    }

    @Test
    void an_unknown_field_is_refused_with_its_path() {
        String text = file(kase("linear/a", reading("6", null))).replace("\"mode\": \"eval\"",
                "\"mode\": \"eval\", \"flops\": 3");
        assertThatThrownBy(() -> GoldenReader.read("t.json", text))
                .isInstanceOf(GoldenFileException.class)
                .hasMessageStartingWith("t.json: $.cases[0].readings[0].flops: unknown field 'flops' (allowed:");
    }

    @Test
    void a_missing_field_is_refused() {
        String text = file(kase("linear/a", reading("6", null))).replace("\"call\": \"thop.profile(model)\", ", "");
        assertThatThrownBy(() -> GoldenReader.read("t.json", text))
                .hasMessageStartingWith("t.json: $.cases[0].readings[0].call: missing field 'call'");
    }

    @Test
    void a_missing_count_is_refused() {
        assertThatThrownBy(() -> GoldenReader.read("t.json", file(kase("linear/a", reading("null", null)))))
                .hasMessage("t.json: $.cases[0].readings[0].macs: missing count: null, but the reading has no error");
    }

    @Test
    void a_count_on_a_failed_reading_is_refused() {
        assertThatThrownBy(() -> GoldenReader.read("t.json", file(kase("linear/a", reading("6", "TypeError: x")))))
                .hasMessage("t.json: $.cases[0].readings[0].macs: a count on a reading that failed (error is set)");
    }

    @Test
    void null_where_a_value_is_required_is_refused() {
        String text = file(kase("linear/a", reading("6", null))).replace("\"mode\": \"eval\"", "\"mode\": null");
        assertThatThrownBy(() -> GoldenReader.read("t.json", text))
                .hasMessage("t.json: $.cases[0].readings[0].mode: null, but this field must have a value");
    }

    @Test
    void wrong_types_are_refused_not_coerced() {
        assertThatThrownBy(() -> GoldenReader.read("t.json", file(kase("linear/a", reading("\"6\"", null)))))
                .hasMessageStartingWith("t.json: $.cases[0].readings[0].macs: wrong type");
        assertThatThrownBy(() -> GoldenReader.read("t.json", file(kase("linear/a", reading("6.5", null)))))
                .hasMessageStartingWith("t.json: $.cases[0].readings[0].macs: wrong type");
        String callAsNumber = file(kase("linear/a", reading("6", null))).replace("\"thop.profile(model)\"", "7");
        assertThatThrownBy(() -> GoldenReader.read("t.json", callAsNumber))
                .hasMessageStartingWith("t.json: $.cases[0].readings[0].call: wrong type");
    }

    @Test
    void a_duplicate_case_id_is_refused() {
        String r = reading("6", null);
        assertThatThrownBy(() -> GoldenReader.read("t.json", file(kase("linear/a", r), kase("linear/a", r))))
                .hasMessage("t.json: $.cases[1].id: duplicate case id 'linear/a' (also $.cases[0].id)");
    }

    @Test
    void a_duplicate_key_is_refused() {
        String text = file(kase("linear/a", reading("6", null))).replace("\"mode\": \"eval\"",
                "\"mode\": \"eval\", \"mode\": \"train\"");
        assertThatThrownBy(() -> GoldenReader.read("t.json", text))
                .isInstanceOf(GoldenFileException.class)
                .hasMessageContaining("t.json: $").hasMessageContaining("mode");
    }

    @Test
    void an_unknown_tool_or_variant_is_refused() {
        String text = file(kase("linear/a", reading("6", null))).replace("\"variant\": \"direct\"",
                "\"variant\": \"sideways\"");
        assertThatThrownBy(() -> GoldenReader.read("t.json", text))
                .hasMessage("t.json: $.cases[0].readings[0].variant: unknown variant 'sideways' (known: direct,"
                        + " positional, wrapped)");
        String unlisted = file(kase("linear/a", reading("6", null))).replace("\"tool\": \"thop-0.1.1\"",
                "\"tool\": \"torchinfo-1.8.0\"");
        assertThatThrownBy(() -> GoldenReader.read("t.json", unlisted))
                .hasMessageContaining("$.cases[0].readings[0].tool: tool 'torchinfo-1.8.0' is not listed");
    }

    @Test
    void trailing_content_and_malformed_json_are_refused() {
        assertThatThrownBy(() -> GoldenReader.read("t.json", file(kase("linear/a", reading("6", null))) + " {}"))
                .isInstanceOf(GoldenFileException.class).hasMessageStartingWith("t.json: $");
        assertThatThrownBy(() -> GoldenReader.read("t.json", "{\"format\": "))
                .hasMessageStartingWith("t.json: $ (line 1, column 12): malformed JSON");
    }

    @Test
    void an_unsupported_format_is_refused() {
        String text = file(kase("linear/a", reading("6", null))).replace("flopcheck-golden/1", "flopcheck-golden/9");
        assertThatThrownBy(() -> GoldenReader.read("t.json", text))
                .hasMessage("t.json: $.format: unsupported format 'flopcheck-golden/9'; this reader knows"
                        + " 'flopcheck-golden/1'");
    }
}
