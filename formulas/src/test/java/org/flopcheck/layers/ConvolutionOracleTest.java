package org.flopcheck.layers;

import static org.flopcheck.testing.FlopcheckAssertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import org.flopcheck.oracle.ConvOracle;
import org.flopcheck.testing.LayerGenerators;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;

/** The convolution closed forms against loops that execute every window and every scattered product. */
class ConvolutionOracleTest {
    static final int CONFIGURATIONS = 400;

    @Test
    void closed_forms_equal_a_window_by_window_count_of_every_convolution() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261122L).withExamples(CONFIGURATIONS).forAll(LayerGenerators.convolutions())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    ConvOracle.Run run = ConvOracle.convolution(c.args());
                    assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops());
                });
        regimes.assertEachOccurred(10, "1-d", "2-d", "3-d", "dense", "grouped", "depthwise",
                "depthwise with channel multiplier", "padding 'same'", "strided", "dilated", "padded", "bias",
                "unbatched", "batch > 1");
    }

    @Test
    void closed_forms_equal_a_scatter_of_every_transposed_convolution_product() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261123L).withExamples(CONFIGURATIONS).forAll(LayerGenerators.transposedConvolutions())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    ConvOracle.Run run = ConvOracle.transposed(c.args());
                    assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops());
                });
        regimes.assertEachOccurred(10, "1-d", "2-d", "3-d", "dense", "grouped", "depthwise", "gaps between strides",
                "output padding", "cropping padding", "dilated", "bias", "unbatched");
    }
}
