package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.LayerGenerators;
import org.junit.jupiter.api.Test;

/** Laws every convolution obeys, stated as properties over generated configurations. */
class ConvolutionLawsTest {

    @Test
    void parameters_do_not_depend_on_the_input_size() {
        qt().withFixedSeed(1L).withExamples(200).forAll(LayerGenerators.convolutions(), integers().between(0, 5))
                .checkAssert((c, grow) -> {
                    Shape bigger = c.input();
                    for (int i = c.input().rank() - c.args().in().length; i < c.input().rank(); i++) {
                        bigger = bigger.with(i, bigger.dim(i) + grow);
                    }
                    assertThat(c.layer().analyze(bigger).params()).isEqualTo(c.layer().analyze(c.input()).params());
                });
    }

    @Test
    void every_count_is_linear_in_the_batch() {
        qt().withFixedSeed(2L).withExamples(200).forAll(LayerGenerators.convolutions(), integers().between(2, 7))
                .checkAssert((c, k) -> {
                    if (!c.batched()) {
                        return;
                    }
                    Analysis one = c.layer().analyze(c.input().with(0, 1));
                    Analysis many = c.layer().analyze(c.input().with(0, k));
                    AnalysisAssert.byOp(one).forEach((op, n) ->
                            assertThat(AnalysisAssert.byOp(many).get(op)).as("%s of %s", op, c).isEqualTo(n * k));
                });
    }

    @Test
    void exact_is_twice_the_macs_with_bias_and_twice_minus_the_outputs_without() {
        qt().withFixedSeed(3L).withExamples(300).forAll(LayerGenerators.convolutions()).checkAssert(c -> {
            Analysis a = c.layer().analyze(c.input());
            long macs = Conventions.MACS.count(a).total();
            long outputs = a.output().numel();
            long expected = c.args().bias() ? 2 * macs : 2 * macs - outputs;
            assertThat(Conventions.EXACT.count(a).total()).as("%s", c).isEqualTo(expected);
            assertThat(Conventions.FLOPS.count(a).total()).isEqualTo(2 * macs);
        });
    }

    @Test
    void a_grouped_convolution_counts_like_its_groups_as_separate_convolutions() {
        qt().withFixedSeed(4L).withExamples(200)
                .forAll(integers().between(1, 4), integers().between(1, 3), integers().between(1, 3),
                        integers().between(1, 4))
                .checkAssert((g, cinPerGroup, coutPerGroup, k) -> {
                    Shape x = Shape.of(2, g * cinPerGroup, 11, 9);
                    Analysis grouped = Conv2d.of(g * cinPerGroup, g * coutPerGroup, k).groups(g).analyze(x);
                    Analysis one = Conv2d.of(cinPerGroup, coutPerGroup, k).analyze(Shape.of(2, cinPerGroup, 11, 9));
                    assertThat(grouped.params().total()).isEqualTo(g * one.params().total());
                    for (var convention : Conventions.library()) {
                        assertThat(convention.count(grouped).total())
                                .isEqualTo(g * convention.count(one).total());
                    }
                    assertThat(AnalysisAssert.byOp(grouped)).isEqualTo(times(AnalysisAssert.byOp(one), g));
                });
    }

    @Test
    void conv1d_counts_like_conv2d_with_a_one_by_k_kernel() {
        qt().withFixedSeed(5L).withExamples(200)
                .forAll(LayerGenerators.ints(1, 4, 1, 4, 1, 5, 1, 3, 0, 2))
                .checkAssert(v -> {
                    int cin = v[0];
                    int cout = v[1];
                    int k = v[2];
                    int s = v[3];
                    int p = v[4];
                    long length = k + 7;
                    Analysis one = Conv1d.of(cin, cout, k).stride(s).padding(p).analyze(Shape.of(2, cin, length));
                    Analysis two = Conv2d.of(cin, cout, Dims.of(1, k)).stride(1, s).padding(0, p)
                            .analyze(Shape.of(2, cin, 1, length));
                    assertThat(two.output()).isEqualTo(Shape.of(2, cout, 1, one.output().dim(2)));
                    assertThat(two.params()).isEqualTo(one.params());
                    assertThat(AnalysisAssert.byOp(two)).isEqualTo(AnalysisAssert.byOp(one));
                });
    }

    @Test
    void a_transposed_convolution_maps_a_convolutions_output_shape_back_to_its_input_shape() {
        qt().withFixedSeed(6L).withExamples(300)
                .forAll(LayerGenerators.ints(1, 5, 1, 4, 0, 2, 1, 3, 0, 12))
                .checkAssert(v -> {
                    int k = v[0];
                    int s = v[1];
                    int p = v[2];
                    int d = v[3];
                    int extra = v[4];
                    long length = Math.max(1, d * (k - 1) + 1 - 2 * p) + extra;
                    Shape x = Shape.of(1, 2, length);
                    Analysis forward = Conv1d.of(2, 3, k).stride(s).padding(p).dilation(d).analyze(x);
                    // the lengths that map to the same conv output differ by the remainder torch drops
                    long remainder = (length + 2L * p - (long) d * (k - 1) - 1) % s;
                    Analysis back = ConvTranspose1d.of(3, 2, k).stride(s).padding(p).dilation(d)
                            .outputPadding(remainder).analyze(forward.output());
                    assertThat(back.output()).isEqualTo(x);
                });
    }

    private static java.util.Map<org.flopcheck.terms.Op, Long> times(java.util.Map<org.flopcheck.terms.Op, Long> m,
                                                                     long k) {
        java.util.Map<org.flopcheck.terms.Op, Long> out = new java.util.EnumMap<>(org.flopcheck.terms.Op.class);
        m.forEach((op, n) -> out.put(op, n * k));
        return out;
    }
}
