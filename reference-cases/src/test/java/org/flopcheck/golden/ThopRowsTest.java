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
import org.flopcheck.tools.ThopConvention;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * thop's recorded per-module breakdown ({@code modules}: its {@code ret_layer_info} tree, flattened) against the
 * rows {@link ThopConvention#layerInfo} predicts: name, depth, MACs, parameters (and whether thop returned them as
 * a float or as the integer 0 of a module it recursed into without reaching a registered one) and whether the entry
 * has a sub-tree. thop orders the entries by registration, the prediction by call, so the rows are compared as a
 * set; the totals are checked by {@link GoldenReadingsTest}, this checks they come out right for the right reasons.
 */
class ThopRowsTest {
    private static final String TOOL = "thop-0.1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> every_recorded_thop_row_is_predicted() {
        return GoldenCorpusTest.CORPUS.files().stream().map(file -> {
            Map<String, JsonNode> recorded = recordedRows(file.name());
            return DynamicContainer.dynamicContainer(file.name(), file.cases().stream().flatMap(c ->
                    c.readings().stream()
                            .filter(r -> r.tool().equals(TOOL) && recorded.containsKey(key(c.id(), r.variant())))
                            .map(r -> DynamicTest.dynamicTest(c.id() + " " + r.variant() + " rows", () -> {
                                List<String> predicted = ThopConvention.INSTANCE
                                        .layerInfo(Verifier.analysis(c, r)).stream().map(ThopRowsTest::describe)
                                        .toList();
                                assertThat(predicted).as(c.id() + " " + r.variant())
                                        .containsExactlyInAnyOrderElementsOf(describe(recorded.get(key(c.id(),
                                                r.variant()))));
                            }))));
        });
    }

    private static String key(String id, String variant) {
        return id + "\u0000" + variant;
    }

    private static Map<String, JsonNode> recordedRows(String fileName) {
        JsonNode root;
        try {
            root = JSON.readTree(GoldenCorpusTest.CORPUS.directory().resolve(fileName).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode c : root.get("cases")) {
            for (JsonNode r : c.get("readings")) {
                if (r.get("tool").asText().equals(TOOL) && !r.get("modules").isNull()) {
                    byKey.put(key(c.get("id").asText(), r.get("variant").asText()), r.get("modules"));
                }
            }
        }
        return byKey;
    }

    private static String describe(ThopConvention.Row row) {
        return row(row.name(), row.depth(), row.macs(), row.params(), row.paramsFloat(), row.hasChildren());
    }

    private static List<String> describe(JsonNode rows) {
        List<String> all = new ArrayList<>();
        for (JsonNode row : rows) {
            JsonNode params = row.get("params");
            all.add(row(row.get("name").asText(), row.get("depth").asInt(), row.get("macs").asDouble(),
                    params.asDouble(), !params.isIntegralNumber(), row.get("has_children").asBoolean()));
        }
        return all;
    }

    private static String row(String name, int depth, double macs, double params, boolean paramsFloat,
                              boolean children) {
        // thop's float and integer zero print differently: 0.0 and 0
        String p = paramsFloat ? Double.toString(params) : Long.toString((long) params);
        return name + " (depth " + depth + "): macs " + macs + ", params " + p + (children ? ", has children" : "");
    }
}
