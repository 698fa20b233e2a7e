package org.flopcheck.convention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.Hardtanh;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.LayerGenerators;
import org.junit.jupiter.api.Test;

class DiscrepancyTest {
    static final Analysis KWS = Sequential.of(Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false),
            BatchNorm2d.of(32).eps(1e-4), Hardtanh.of(0.0, 3.96875)).analyze(Shape.of(1, 1, 130, 40));

    @Test
    void the_lines_sum_exactly_to_the_gap_and_name_each_term() {
        Discrepancy d = Discrepancy.explain(KWS, Conventions.EXACT, Conventions.MACS);
        long gap = Conventions.EXACT.count(KWS).total() - Conventions.MACS.count(KWS).total();
        assertThat(d.gap()).hasValue(gap);
        assertThat(d.lines().stream().mapToLong(Discrepancy.Line::delta).sum()).isEqualTo(gap);
        // 32·64·4 = 8,192 outputs, each summing 40 products with 39 additions
        assertThat(d.lines()).anySatisfy(l -> {
            assertThat(l.path()).isEqualTo("0");
            assertThat(l.name()).isEqualTo("products summed within a window");
            assertThat(l.delta()).isEqualTo(8_192 * 39);
            assertThat(l.ruleA()).isPresent();
            assertThat(l.ruleB()).isEmpty();
        });
        // Hardtanh's two comparisons per element are exact operations, not MACs
        assertThat(d.byLayer()).containsOnlyKeys("0 (Conv2d)", "1 (BatchNorm2d)", "2 (Hardtanh)")
                .containsEntry("2 (Hardtanh)", 2L * 8_192);
        assertThat(d.plain()).startsWith("exact − macs = ").contains("products summed within a window: +319,488");
    }

    @Test
    void a_term_counted_with_different_weights_is_one_line() {
        Discrepancy d = Discrepancy.explain(KWS, Conventions.FLOPS, Conventions.MACS);
        assertThat(d.lines()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("weight multiplications");
            assertThat(l.valueA()).isEqualTo(2 * 327_680);
            assertThat(l.valueB()).isEqualTo(327_680);
            assertThat(l.delta()).isEqualTo(327_680);
        });
    }

    @Test
    void every_explanation_of_a_convolution_sums_to_its_gap() {
        qt().withFixedSeed(9L).withExamples(100).forAll(LayerGenerators.convolutions()).checkAssert(c -> {
            Analysis a = c.layer().analyze(c.input());
            for (Convention x : Conventions.library()) {
                for (Convention y : Conventions.library()) {
                    Discrepancy d = Discrepancy.explain(a, x, y);
                    assertThat(d.lines().stream().mapToLong(Discrepancy.Line::delta).sum()).isEqualTo(d.gap().orElseThrow());
                }
            }
        });
    }

    @Test
    void a_failing_convention_gives_a_reason_instead_of_a_gap() {
        Analysis a = org.flopcheck.layers.Embedding.of(10, 3).maxNorm(1.0).analyze(Shape.of(2, 4));
        Discrepancy d = Discrepancy.explain(a, Conventions.EXACT, Conventions.MACS);
        assertThat(d.gap()).isEmpty();
        assertThat(d.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("exact fails on this model"));
    }
}
