package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.oracle.LinearOracle;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.LayerGenerators;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;

class LinearTest {

    @Test
    void imagenet_head_has_513_000_parameters_not_51_300() {
        // 1000 rows of 512 weights plus 1000 biases
        Analysis a = Linear.of(512, 1000).analyze(Shape.of(1, 512));
        FlopcheckAssertions.assertThat(a)
                .hasOutput(1, 1000)
                .hasParams(1000 * 512 + 1000)
                .counts(Conventions.MACS, 512_000)
                .counts(Conventions.EXACT, 1_024_000);
        assertThat(a.params().total()).isNotEqualTo(51_300);
    }

    @Test
    void leading_dimensions_multiply_into_rows() {
        // a (2, 7, 3, 16) input is 42 rows of 16 features
        Analysis a = Linear.of(16, 4).bias(false).analyze(Shape.of(2, 7, 3, 16));
        FlopcheckAssertions.assertThat(a)
                .hasOutput(2, 7, 3, 4)
                .hasTerm("weight multiplications", 42 * 4 * 16)
                .hasTerm("additions within dot products", 42 * 4 * 15)
                .counts(Conventions.EXACT, 42 * 4 * (2 * 16 - 1));
    }

    @Test
    void a_one_dimensional_input_is_one_row() {
        FlopcheckAssertions.assertThat(Linear.of(3, 2).analyze(Shape.of(3))).hasOutput(2).counts(Conventions.MACS, 6);
    }

    @Test
    void closed_forms_equal_a_row_by_row_count() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(7L).withExamples(300).forAll(LayerGenerators.linears()).checkAssert(c -> {
            regimes.record(c.regimes());
            LinearOracle.Run run = LinearOracle.run(c.input(), c.outFeatures(), c.bias());
            FlopcheckAssertions.assertThat(c.layer().analyze(c.input())).hasOutput(run.output())
                    .matchesOracle(run.ops());
        });
        regimes.assertEachOccurred(20, "1-d input", "2-d input", "3-d input", "4-d input", "bias", "no bias");
    }

    @Test
    void repr_matches_torch() {
        assertThat(Linear.of(512, 1000)).hasToString("Linear(in_features=512, out_features=1000, bias=True)");
        assertThat(Linear.of(4, 2).bias(false)).hasToString("Linear(in_features=4, out_features=2, bias=False)");
    }

    @Test
    void wrong_feature_count_is_refused() {
        assertThatThrownBy(() -> Linear.of(512, 10).analyze(Shape.of(4, 256)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("Linear expects input (*, H_in=512), got (4, 256)");
    }

    @Test
    void non_positive_features_are_refused() {
        assertThatThrownBy(() -> Linear.of(0, 10)).hasMessage("Linear: in_features (0) must be positive");
    }
}
