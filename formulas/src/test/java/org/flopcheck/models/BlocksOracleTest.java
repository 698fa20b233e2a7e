package org.flopcheck.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flopcheck.layers.Analysis;
import org.flopcheck.oracle.OracleRun;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Term;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.ModelGenerators;
import org.flopcheck.testing.OracleCase;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** torchvision's building blocks against loops that run every part, and the laws every block obeys. */
class BlocksOracleTest {
    static final int CONFIGURATIONS = 400;

    private static Regimes check(long seed, Gen<OracleCase> cases) {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(seed).withExamples(CONFIGURATIONS).forAll(cases).checkAssert(c -> {
            regimes.record(c.regimes());
            OracleRun run = c.oracle().get();
            FlopcheckAssertions.assertThat(c.layer().analyze(c.input())).hasOutput(run.output())
                    .matchesOracle(run.ops());
        });
        assertThat(regimes.cases()).isGreaterThanOrEqualTo(300);
        return regimes;
    }

    @Test
    void closed_forms_equal_a_part_by_part_run_of_every_basic_block() {
        check(20261401L, ModelGenerators.basicBlocks()).assertEachOccurred(10, "strided", "channels change",
                "downsample", "identity", "batch > 1", "1-pixel side");
    }

    @Test
    void closed_forms_equal_a_part_by_part_run_of_every_bottleneck() {
        check(20261402L, ModelGenerators.bottlenecks()).assertEachOccurred(10, "strided", "grouped",
                "base_width ≠ 64", "dilated", "downsample", "identity", "batch > 1");
    }

    @Test
    void closed_forms_equal_a_part_by_part_run_of_every_inverted_residual() {
        check(20261403L, ModelGenerators.invertedResiduals()).assertEachOccurred(10, "no expansion (t = 1)",
                "expansion", "residual", "no residual", "strided", "batch > 1");
    }

    @Test
    void closed_forms_equal_a_part_by_part_run_of_every_conv_norm_activation() {
        check(20261404L, ModelGenerators.convNormActivations()).assertEachOccurred(10, "grouped", "even kernel",
                "dilated", "strided", "no norm layer", "no activation", "ReLU6", "bias");
    }

    @Test
    void parameters_do_not_depend_on_the_feature_map_size() {
        qt().withFixedSeed(20261405L).withExamples(CONFIGURATIONS).forAll(ModelGenerators.basicBlocks(),
                integers().between(3, 9), integers().between(3, 9)).checkAssert((c, h, w) -> {
                    Shape other = Shape.of(c.input().dim(0), c.input().dim(1), h, w);
                    assertThat(c.layer().analyze(other).params()).as("%s", c)
                            .isEqualTo(c.layer().analyze(c.input()).params());
                });
        qt().withFixedSeed(20261406L).withExamples(CONFIGURATIONS).forAll(ModelGenerators.invertedResiduals(),
                integers().between(1, 9), integers().between(1, 9)).checkAssert((c, h, w) -> {
                    Shape other = Shape.of(c.input().dim(0), c.input().dim(1), h, w);
                    assertThat(c.layer().analyze(other).params()).as("%s", c)
                            .isEqualTo(c.layer().analyze(c.input()).params());
                });
    }

    /**
     * Tripling the batch triples every count except the batch norms': in eval mode a norm folds its running statistics
     * into a scale and shift once per channel, whatever the batch.
     */
    @Test
    void every_count_but_the_batch_norm_folding_is_linear_in_batch() {
        for (Gen<OracleCase> gen : java.util.List.of(ModelGenerators.basicBlocks(), ModelGenerators.bottlenecks(),
                ModelGenerators.invertedResiduals(), ModelGenerators.convNormActivations())) {
            qt().withFixedSeed(20261407L).withExamples(100).forAll(gen).checkAssert(c -> {
                Shape one = c.input().with(0, 1);
                Map<String, Long> single = values(c.layer().analyze(one));
                Map<String, Long> triple = values(c.layer().analyze(one.with(0, 3)));
                assertThat(triple.keySet()).containsExactlyElementsOf(single.keySet());
                single.forEach((name, v) -> {
                    if (!name.contains("(BatchNorm2d)")) {
                        assertThat(triple.get(name)).as("%s for batch 3 of %s", name, c).isEqualTo(3 * v);
                    }
                });
            });
        }
    }

    /** Row names and types with their summed values: a module called twice adds its counts under one name. */
    private static Map<String, Long> values(Analysis a) {
        Map<String, Long> values = new LinkedHashMap<>();
        a.walk().forEach(node -> {
            for (Term t : node.terms()) {
                values.merge(node.name() + " (" + node.layer().type() + ")/" + t.name(), t.value(), Long::sum);
            }
        });
        return values;
    }
}
