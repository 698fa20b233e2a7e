package org.flopcheck.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flopcheck.tools.TorchinfoConvention;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * torchinfo's recorded rows ({@code modules}: its {@code summary_list}) against the rows
 * {@link TorchinfoConvention#summaryList} predicts, row by row: name, class, depth, leaf, executed, recursive,
 * MACs (container rows included, though torchinfo does not add them), parameters and output size. The totals are
 * checked by {@link GoldenReadingsTest}; this checks that they come out right for the right reasons.
 */
class TorchinfoRowsTest {
    private static final String TOOL = "torchinfo-1.8.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The class names the capture script's own helper classes carry, as torch's module classes they mirror. */
    private static final Map<String, String> CAPTURE_CLASSES = Map.of("RecurrentSequential", "Sequential");

    @TestFactory
    Stream<DynamicNode> every_recorded_torchinfo_row_is_predicted() {
        return GoldenCorpusTest.CORPUS.files().stream().map(file -> {
            Map<String, JsonNode> rowsById = recordedRows(file.name());
            return DynamicContainer.dynamicContainer(file.name(), file.cases().stream()
                    .filter(c -> rowsById.containsKey(c.id()))
                    .map(c -> DynamicTest.dynamicTest(c.id() + " rows", () -> {
                        List<TorchinfoConvention.Row> predicted = TorchinfoConvention.INSTANCE
                                .summaryList(GoldenCorpusTest.analyse(c));
                        JsonNode recorded = rowsById.get(c.id());
                        assertThat(describe(predicted)).as(c.id()).containsExactlyElementsOf(describe(recorded));
                    })));
        });
    }

    private static Map<String, JsonNode> recordedRows(String fileName) {
        JsonNode root;
        try {
            root = JSON.readTree(GoldenCorpusTest.CORPUS.directory().resolve(fileName).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode c : root.get("cases")) {
            for (JsonNode r : c.get("readings")) {
                if (r.get("tool").asText().equals(TOOL) && r.get("variant").asText().equals("direct")
                        && !r.get("modules").isNull()) {
                    byId.put(c.get("id").asText(), r.get("modules"));
                }
            }
        }
        return byId;
    }

    private static List<String> describe(List<TorchinfoConvention.Row> rows) {
        List<String> lines = new ArrayList<>();
        for (TorchinfoConvention.Row r : rows) {
            lines.add(line(r.varName(), r.className(), r.depth(), r.leaf(), r.executed(), r.recursive(), r.macs(),
                    r.params(), r.trainableParams(), r.outputSize().toString()));
        }
        return lines;
    }

    private static List<String> describe(JsonNode rows) {
        List<String> lines = new ArrayList<>();
        for (JsonNode r : rows) {
            String className = r.get("class_name").asText();
            String varName = r.get("var_name").asText();
            lines.add(line(r.get("depth").asInt() == 0 ? CAPTURE_CLASSES.getOrDefault(varName, varName) : varName,
                    CAPTURE_CLASSES.getOrDefault(className, className), r.get("depth").asInt(),
                    r.get("is_leaf").asBoolean(), r.get("executed").asBoolean(), r.get("is_recursive").asBoolean(),
                    r.get("macs").asLong(), r.get("params").asLong(), r.get("trainable_params").asLong(),
                    r.get("output_size").toString().replace(",", ", ")));
        }
        return lines;
    }

    private static String line(String varName, String className, int depth, boolean leaf, boolean executed,
                               boolean recursive, long macs, long params, long trainable, String outputSize) {
        return "  ".repeat(depth) + varName + " (" + className + ")" + (leaf ? "" : " container")
                + (executed ? "" : " not executed") + (recursive ? " recursive" : "") + ": macs " + macs + ", params "
                + params + " (" + trainable + " trainable), output " + outputSize;
    }
}
