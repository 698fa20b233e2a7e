package org.flopcheck.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Outcome;
import org.flopcheck.layers.Analysis;
import org.flopcheck.tools.PtflopsAtenConvention;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Beyond the totals: ptflops' aten backend prints its MACs per operator, for the whole model ({@code Global}) and
 * for each direct child of the profiled module that ran. Every recorded row must equal the convention's
 * contributions of that operator (the rule of a counted contribution names its operator) summed over the model,
 * or over that child's subtree. This checks which operator each module is predicted to dispatch, not only the sum.
 */
class PtflopsAtenBreakdownTest {
    private static final String TOOL = "ptflops-0.7.5-aten";
    private static final Set<String> OPS = Set.of("convolution", "addmm", "mm", "bmm");

    @TestFactory
    Stream<DynamicTest> every_recorded_operator_row_is_predicted() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenFile file : GoldenCorpusTest.CORPUS.files()) {
            JsonNode root = json.readTree(GoldenCorpusTest.CORPUS.directory().resolve(file.name()).toFile());
            for (JsonNode kase : root.get("cases")) {
                GoldenCase c = file.cases().stream().filter(k -> k.id().equals(kase.get("id").asText()))
                        .findFirst().orElseThrow();
                for (JsonNode reading : kase.get("readings")) {
                    if (!reading.get("tool").asText().equals(TOOL) || reading.get("modules").isNull()) {
                        continue;
                    }
                    Reading r = c.readings().stream().filter(x -> x.tool().equals(TOOL)
                            && x.variant().equals(reading.get("variant").asText())).findFirst().orElseThrow();
                    tests.add(DynamicTest.dynamicTest(c.id() + " " + r.label() + " per operator and child", () ->
                            assertThat(predicted(Verifier.analysis(c, r))).as("%s %s", c.id(), r.label())
                                    .isEqualTo(recorded(reading.get("modules")))));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(200);
        return tests.stream();
    }

    /** module → operator → MACs, as ptflops printed them. */
    private static Map<String, Map<String, Long>> recorded(JsonNode modules) {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        for (JsonNode row : modules) {
            rows.computeIfAbsent(row.get("module").asText(), m -> new TreeMap<>())
                    .merge(row.get("op").asText(), row.get("macs").asLong(), Long::sum);
        }
        return rows;
    }

    /**
     * The same from the convention: every counted contribution under {@code Global}, and under the direct child
     * whose subtree it belongs to (once, however often the child is called). A child named with a dot
     * ({@code layers.0}) is an item of a container that never runs itself, so ptflops' hooks on the container never
     * fire and it has no rows.
     */
    private static Map<String, Map<String, Long>> predicted(Analysis a) {
        List<Contribution> counted = ((Outcome.Counted) PtflopsAtenConvention.INSTANCE.outcome(a)).count()
                .contributions().stream().filter(k -> k.value() != 0).toList();
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        for (Contribution k : counted) {
            add(rows, "Global", k);
        }
        Set<String> children = new LinkedHashSet<>();
        a.children().forEach(child -> children.add(child.name()));
        for (String child : children) {
            if (child.contains(".")) {
                continue;
            }
            for (Contribution k : counted) {
                if (k.path().equals(child) || k.path().startsWith(child + ".")) {
                    add(rows, child, k);
                }
            }
        }
        return rows;
    }

    private static void add(Map<String, Map<String, Long>> rows, String module, Contribution k) {
        String op = k.rule().id().substring(k.rule().id().indexOf('/') + 1);
        assertThat(OPS).as("rule of a counted contribution %s", k).contains(op);
        rows.computeIfAbsent(module, m -> new TreeMap<>()).merge("aten." + op, k.value(), Long::sum);
    }
}
