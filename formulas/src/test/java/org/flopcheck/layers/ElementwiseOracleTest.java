package org.flopcheck.layers;

import static org.quicktheories.QuickTheory.qt;

import org.flopcheck.oracle.OracleRun;
import org.flopcheck.testing.ElementwiseGenerators;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;

/** Activations, softmax and upsampling against loops that execute every element, row and output position. */
class ElementwiseOracleTest {
    static final int CONFIGURATIONS = 400;

    @Test
    void closed_forms_equal_an_element_by_element_count_of_every_activation() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261211L).withExamples(CONFIGURATIONS).forAll(ElementwiseGenerators.activations())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    OracleRun run = c.oracle().get();
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input())).hasOutput(run.output())
                            .matchesOracle(run.ops());
                });
        regimes.assertEachOccurred(10, "RELU", "RELU6", "LEAKY_RELU", "HARDTANH", "SIGMOID", "TANH", "GELU",
                "GELU_TANH", "SILU", "inplace", "scalar input", "rank 1", "rank 4");
    }

    @Test
    void closed_forms_equal_a_row_by_row_count_of_every_softmax() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261212L).withExamples(CONFIGURATIONS).forAll(ElementwiseGenerators.softmaxes())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    OracleRun run = c.oracle().get();
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input())).hasOutput(run.output())
                            .matchesOracle(run.ops());
                });
        regimes.assertEachOccurred(10, "dim=None", "negative dim", "last dimension", "another dimension", "rank 1",
                "rank 2", "rank 3", "rank 4");
        regimes.assertEachOccurred(3, "scalar input");   // only dim None, 0 and -1 exist for a scalar
    }

    @Test
    void closed_forms_equal_a_position_by_position_count_of_every_upsample() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261213L).withExamples(CONFIGURATIONS).forAll(ElementwiseGenerators.upsamples())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    OracleRun run = c.oracle().get();
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input())).hasOutput(run.output())
                            .matchesOracle(run.ops());
                });
        regimes.assertEachOccurred(10, "nearest", "linear", "bilinear", "bicubic", "trilinear", "size",
                "scale factor", "non-integer scale factor", "downsampling", "align_corners", "single pixel input",
                "nearest by size", "nearest by scale factor", "linear by size", "linear by scale factor",
                "bilinear by size", "bilinear by scale factor", "bicubic by size", "bicubic by scale factor",
                "trilinear by size", "trilinear by scale factor");
    }

    @Test
    void element_wise_counts_are_linear_in_the_batch_and_there_are_no_parameters() {
        for (var gen : java.util.List.of(ElementwiseGenerators.activations(), ElementwiseGenerators.softmaxes(),
                ElementwiseGenerators.upsamples())) {
            qt().withFixedSeed(20261214L).withExamples(100).forAll(gen).checkAssert(c -> {
                Laws.assertNoParameters(c);
                Laws.assertLinearInBatch(c);
            });
        }
    }
}
