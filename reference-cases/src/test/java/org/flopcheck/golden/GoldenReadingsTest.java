package org.flopcheck.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every recorded tool reading predicted by that tool's convention, as a browsable tree: one container per golden
 * file, one per case, one per reading, one test per metric ({@code thop-0.1.1 MACs = 360,448},
 * {@code params = 1,344}, or {@code fails}). No tolerance: every number must be equal. A failure shows the
 * prediction's contributions with the rule behind each, and the case's derivation.
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
                                .map(r -> DynamicContainer.dynamicContainer(r.label(),
                                        Verifier.checks(file.name(), c, r).stream().map(check ->
                                                DynamicTest.dynamicTest(check.metric() + check.recorded().stream()
                                                        .mapToObj(v -> " = " + org.flopcheck.expr.PlainText.grouped(v))
                                                        .findFirst().orElse(r.failed() ? ": " + firstLine(
                                                                r.error().orElseThrow()) : ""),
                                                        () -> assertThat(check.passed()).as("%s%n%s", check.label(),
                                                                check.detail()).isTrue()))))))));
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 100 ? line.substring(0, 100) + "…" : line;
    }
}
