package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.LinkedHashSet;
import java.util.Set;
import org.flopcheck.blocks.SelfAttention;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Outcome;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.Recurrent;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.AttentionCase;
import org.flopcheck.testing.AttentionGenerators;
import org.flopcheck.testing.LayerGenerators;
import org.flopcheck.testing.RecurrentGenerators;
import org.flopcheck.testing.TransformerBlockGenerators;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;

/**
 * The aten convention against the layers' own terms, which the oracle tests check independently: on generated
 * layers, ptflops' aten count is the layer's MACs plus exactly the bias additions that reach an {@code aten.addmm}
 * or {@code aten.convolution}, as decided here from shapes alone (2-D or fresh 3-D inputs to {@code F.linear};
 * batch-first transposes that are not contiguous when both swapped sizes exceed 1).
 */
class PtflopsAtenLawsTest {
    static final int EXAMPLES = 300;

    private static final PtflopsAtenConvention ATEN = PtflopsAtenConvention.INSTANCE;

    @Test
    void a_convolution_counts_its_weight_multiplications_and_bias_additions() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(7101L).withExamples(EXAMPLES).forAll(LayerGenerators.convolutions()).checkAssert(c -> {
            regimes.record(c.regimes());
            Analysis a = c.layer().analyze(c.input());
            assertThat(total(a)).as("%s", c)
                    .isEqualTo(term(a, "weight multiplications") + term(a, "bias additions"));
            assertThat(params(a)).isEqualTo(a.params().total());
        });
        regimes.assertEachOccurred(10, "1-d", "2-d", "3-d", "depthwise", "grouped", "strided", "dilated", "bias",
                "unbatched");
    }

    @Test
    void a_transposed_convolution_counts_products_at_input_positions_and_a_bias_at_every_output_position() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(7102L).withExamples(EXAMPLES).forAll(LayerGenerators.transposedConvolutions())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    Analysis a = c.layer().analyze(c.input());
                    // N·C_out·∏L_out is the number of output elements (N = 1 unbatched)
                    long bias = c.args().bias() ? a.output().numel() : 0;
                    assertThat(total(a)).as("%s", c).isEqualTo(term(a, "weight multiplications") + bias);
                    assertThat(bias).isGreaterThanOrEqualTo(term(a, "bias additions"));
                });
        regimes.assertEachOccurred(10, "1-d", "2-d", "3-d", "cropping padding", "bias");
    }

    @Test
    void a_linear_layer_counts_its_bias_only_on_two_and_three_dimensional_inputs() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(7103L).withExamples(EXAMPLES).forAll(LayerGenerators.linears()).checkAssert(c -> {
            regimes.record(c.regimes());
            Analysis a = c.layer().analyze(c.input());
            int rank = c.input().rank();
            boolean addmm = c.bias() && (rank == 2 || rank == 3);
            assertThat(total(a)).as("%s", c)
                    .isEqualTo(term(a, "weight multiplications") + (addmm ? term(a, "bias additions") : 0));
        });
        regimes.assertEachOccurred(30, "1-d input", "2-d input", "3-d input", "4-d input", "bias", "no bias");
    }

    @Test
    void a_recurrent_network_counts_its_macs_and_every_bias_but_a_transposed_first_layer_input_bias() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(7104L).withExamples(EXAMPLES).forAll(RecurrentGenerators.all()).checkAssert(c -> {
            Recurrent<?> r = c.layer();
            Analysis a = r.analyze(c.inputs());
            Shape x = c.inputs().get(0);
            boolean transposed = r.batchFirst() && x.rank() == 3 && x.dim(0) > 1 && x.dim(1) > 1;
            long gates = a.parameters().get(0).shape().dim(0);
            long length = r.batchFirst() && x.rank() == 3 ? x.dim(1) : x.dim(0);
            long batch = x.rank() == 3 ? (r.batchFirst() ? x.dim(0) : x.dim(1)) : 1;
            // b_ih of layer 0 in both directions: one per gate row, time step and batch element
            long lost = r.bias() && transposed ? r.directions() * length * batch * gates : 0;
            Set<String> seen = new LinkedHashSet<>(c.regimes());
            if (lost > 0) {
                seen.add("first-layer input bias lost");
            }
            regimes.record(seen);
            assertThat(total(a)).as("%s on %s", r, c.inputs())
                    .isEqualTo(Conventions.MACS.count(a).total() + term(a, "bias additions") - lost);
        });
        regimes.assertEachOccurred(10, "first-layer input bias lost", "LSTM with proj_size", "GRU", "RNN tanh");
    }

    @Test
    void a_recurrent_cell_counts_its_macs_and_both_biases() {
        qt().withFixedSeed(7105L).withExamples(EXAMPLES).forAll(RecurrentGenerators.allCells()).checkAssert(c -> {
            Analysis a = c.layer().analyze(c.inputs());
            assertThat(total(a)).as("%s", c)
                    .isEqualTo(Conventions.MACS.count(a).total() + term(a, "bias additions"));
        });
    }

    @Test
    void attention_counts_its_macs_and_the_biases_of_projections_on_contiguous_inputs() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(7106L).withExamples(EXAMPLES).forAll(AttentionGenerators.attentions()).checkAssert(c -> {
            MultiheadAttention m = c.layer();
            Analysis a = m.analyze(c.inputs());
            boolean transposes = c.batched() && m.batchFirst() && c.args().n() > 1;
            boolean queryLost = transposes && c.args().l() > 1;
            boolean keyValueLost = transposes && c.args().s() > 1;
            long expected = Conventions.MACS.count(a).total();
            if (m.bias()) {
                expected += (queryLost ? 0 : term(a, "query projection bias additions"))
                        + (keyValueLost ? 0 : term(a, "key projection bias additions")
                        + term(a, "value projection bias additions"))
                        + term(a, "output projection bias additions");
            }
            Set<String> seen = new LinkedHashSet<>(c.regimes());
            if (m.bias() && (queryLost || keyValueLost)) {
                seen.add("projection bias lost");
            }
            regimes.record(seen);
            assertThat(total(a)).as("%s", c).isEqualTo(expected);
        });
        regimes.assertEachOccurred(10, "projection bias lost", "batch_first", "unbatched", "no bias",
                "add_bias_kv", "add_zero_attn", "kdim/vdim differ from E");
    }

    @Test
    void eager_self_attention_counts_its_macs_its_projection_biases_and_the_rotary_angles() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(7109L).withExamples(EXAMPLES).forAll(TransformerBlockGenerators.selfAttentions())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    SelfAttention sa = c.layer();
                    Analysis a = sa.analyze(c.input());
                    long biases = a.children().stream().mapToLong(k -> term(k, "bias additions")).sum();
                    long length = c.input().dim(-2);
                    // inv_freq @ position_ids: (1, d/2, 1)·(1, 1, L)
                    long angles = sa.rotary() ? sa.headDim() / 2 * length : 0;
                    assertThat(total(a)).as("%s", c).isEqualTo(Conventions.MACS.count(a).total() + biases + angles);
                });
        regimes.assertEachOccurred(10, "rotary", "bias", "no bias", "unbatched", "grouped-query (1 < h_kv < h)");
    }

    @Test
    void counts_are_linear_in_the_batch_of_a_linear_layer() {
        qt().withFixedSeed(7107L).withExamples(EXAMPLES).forAll(LayerGenerators.linears()).checkAssert(c -> {
            if (c.input().rank() < 2) {
                return;
            }
            Linear l = c.layer();
            long one = total(l.analyze(c.input().with(0, 1)));
            assertThat(total(l.analyze(c.input().with(0, 3)))).as("%s", c).isEqualTo(3 * one);
        });
    }

    @Test
    void contributions_sum_to_the_total_and_uncounted_terms_weigh_zero() {
        qt().withFixedSeed(7108L).withExamples(EXAMPLES).forAll(AttentionGenerators.attentions()).checkAssert(c -> {
            Analysis a = c.layer().analyze(c.inputs());
            Outcome.Counted o = (Outcome.Counted) ATEN.outcome(a);
            long sum = 0;
            for (Contribution k : o.count().contributions()) {
                assertThat(k.weight()).isIn(0L, 1L);
                assertThat(k.value()).isEqualTo(k.weight() * k.formula().eval(k.values()));
                sum += k.value();
            }
            assertThat(sum).isEqualTo(o.count().total());
        });
    }

    private static long total(Analysis a) {
        return ATEN.count(a).total();
    }

    private static long params(Analysis a) {
        return ((Outcome.Counted) ATEN.outcome(a)).params();
    }

    /** The layer's own term of this name, 0 when it has none. */
    private static long term(Analysis a, String name) {
        return a.terms().stream().filter(t -> t.name().equals(name)).mapToLong(t -> t.value()).sum();
    }
}
