package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.derivation.Stage;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.terms.Parameter;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Test;

/** The worked numbers of MultiheadAttention's javadoc, torch's repr and shapes, and the calls torch rejects. */
class MultiheadAttentionTest {

    private static Analysis selfAttention(MultiheadAttention layer, Shape x) {
        return layer.analyze(Inputs.of(x, x, x).withSame(1, 0).withSame(2, 0));
    }

    @Test
    void should_have_1_050_624_parameters_for_embed_dim_512_and_8_heads() {
        long e = 512;
        long inProjWeight = 3 * e * e;          // 786,432
        long inProjBias = 3 * e;                // 1,536
        long outProjWeight = e * e;             // 262,144
        long outProjBias = e;                   // 512
        long expected = inProjWeight + inProjBias + outProjWeight + outProjBias;

        Analysis a = selfAttention(MultiheadAttention.of(512, 8), Shape.of(10, 1, 512));

        assertThat(expected).isEqualTo(1_050_624L);
        FlopcheckAssertions.assertThat(a).hasParams(1_050_624L);
        assertThat(a.parameters()).extracting(Parameter::name, Parameter::shape).containsExactly(
                tuple("in_proj_weight", Shape.of(1536, 512)),
                tuple("in_proj_bias", Shape.of(1536)),
                tuple("out_proj.weight", Shape.of(512, 512)),
                tuple("out_proj.bias", Shape.of(512)));
    }

    @Test
    void should_count_the_javadoc_worked_example_exactly() {
        // MultiheadAttention(4, 2): E = 4, h = 2, d = 2; query (L=3, N=1, E=4), key and value (S=5, N=1, 4)
        long e = 4;
        long h = 2;
        long d = 2;
        long n = 1;
        long l = 3;
        long s = 5;
        long rows = s;   // S' = S: no appended rows
        long qMacs = l * n * e * e;                              // 48
        long kMacs = s * n * e * e;                              // 80
        long vMacs = s * n * e * e;                              // 80
        long scoreMacs = n * h * l * rows * d;                   // 60
        long valueMacs = n * h * l * d * rows;                   // 60
        long outMacs = l * n * e * e;                            // 48
        long macs = qMacs + kMacs + vMacs + scoreMacs + valueMacs + outMacs;
        long softmaxRows = n * h * l;                            // 6
        long additions = l * n * e * (e - 1) + l * n * e         // query: 36 + 12
                + 2 * (s * n * e * (e - 1) + s * n * e)          // key and value: 2·(60 + 20)
                + n * h * l * rows * (d - 1)                     // scores: 30
                + softmaxRows * rows + softmaxRows * (rows - 1)  // softmax: 30 subtractions + 24 sum additions
                + n * h * l * d * (rows - 1)                     // weights·v: 48
                + l * n * e * (e - 1) + l * n * e                // output projection: 36 + 12
                + n * l * rows * (h - 1);                        // head average: 15
        long divisions = n * l * e + softmaxRows + n * l * rows;          // 12 + 6 reciprocals + 15
        long reciprocalProducts = softmaxRows * rows;                     // 30
        long comparisons = softmaxRows * (rows - 1);                      // 24
        long exps = softmaxRows * rows;                                   // 30

        assertThat(macs).isEqualTo(376);
        assertThat(additions).isEqualTo(403);
        assertThat(divisions).isEqualTo(33);
        assertThat(macs + reciprocalProducts + additions + divisions + comparisons + exps).isEqualTo(896);

        Analysis a = MultiheadAttention.of(4, 2).analyze(Shape.of(3, 1, 4), Shape.of(5, 1, 4), Shape.of(5, 1, 4));

        FlopcheckAssertions.assertThat(a).hasParams(80).hasOutput(3, 1, 4)
                .counts(Conventions.MACS, 376).counts(Conventions.EXACT, 896)
                .hasTerm("query projection multiplications", 48).hasTerm("key projection multiplications", 80)
                .hasTerm("query-key multiplications", 60).hasTerm("weight-value multiplications", 60)
                .hasTerm("output projection multiplications", 48).hasTerm("query scaling divisions", 12)
                .hasTerm("softmax: comparisons finding each row's maximum", 24).hasTerm("softmax: exp evaluations", 30)
                .hasTerm("head-average additions", 15).hasTerm("head-average divisions", 15);
        assertThat(AnalysisAssert.byOp(a)).containsEntry(Op.MULTIPLICATION, 406L).containsEntry(Op.ADDITION, 403L)
                .containsEntry(Op.DIVISION, 33L).containsEntry(Op.COMPARISON, 24L).containsEntry(Op.EXP, 30L);
        assertThat(a.outputs()).containsExactly(Shape.of(3, 1, 4), Shape.of(1, 3, 5));
    }

    @Test
    void should_show_the_closed_form_of_the_macs_equal_to_the_mac_terms() {
        Analysis a = MultiheadAttention.of(6, 3).kdim(5).vdim(2).addBiasKv(true).addZeroAttn(true)
                .analyze(Shape.of(4, 2, 6), Shape.of(7, 2, 5), Shape.of(7, 2, 2));
        long macs = Conventions.MACS.count(a).total();
        // N·(2·L·E·E + S·E·(E_k + E_v) + 2·h·L·S'·d) with S' = 7 + 2
        assertThat(macs).isEqualTo(2 * (2 * 4 * 6 * 6 + 7 * 6 * (5 + 2) + 2 * 3 * 4 * 9 * 2));
        assertThat(a.derivation().steps(Stage.SUMMARY)).singleElement()
                .satisfies(step -> assertThat(step.title()).isEqualTo("multiply-accumulates in closed form"))
                .satisfies(step -> assertThat(step.value()).isEqualTo(macs));
    }

    @Test
    void should_print_torchs_repr() {
        assertThat(MultiheadAttention.of(512, 8)).hasToString("MultiheadAttention(\n"
                + "  (out_proj): NonDynamicallyQuantizableLinear(in_features=512, out_features=512, bias=True)\n)");
        assertThat(MultiheadAttention.of(64, 4).bias(false).kdim(10).addBiasKv(true)).hasToString(
                "MultiheadAttention(\n"
                        + "  (out_proj): NonDynamicallyQuantizableLinear(in_features=64, out_features=64, bias=False)\n)");
    }

    @Test
    void should_name_separate_projection_weights_when_kdim_or_vdim_differ() {
        Analysis a = MultiheadAttention.of(8, 2).kdim(3).vdim(5).addBiasKv(true)
                .analyze(Shape.of(2, 1, 8), Shape.of(4, 1, 3), Shape.of(4, 1, 5));
        assertThat(a.parameters()).extracting(Parameter::name, Parameter::shape).containsExactly(
                tuple("q_proj_weight", Shape.of(8, 8)),
                tuple("k_proj_weight", Shape.of(8, 3)),
                tuple("v_proj_weight", Shape.of(8, 5)),
                tuple("in_proj_bias", Shape.of(24)),
                tuple("bias_k", Shape.of(1, 1, 8)),
                tuple("bias_v", Shape.of(1, 1, 8)),
                tuple("out_proj.weight", Shape.of(8, 8)),
                tuple("out_proj.bias", Shape.of(8)));
        FlopcheckAssertions.assertThat(a).hasParams(64 + 24 + 40 + 24 + 16 + 64 + 8);
        assertThat(a.derivation().plain()).contains("use_separate_proj_weight");
    }

    @Test
    void should_lay_out_outputs_as_torch_does() {
        MultiheadAttention mha = MultiheadAttention.of(6, 3).addBiasKv(true).addZeroAttn(true);
        // S' = 4 + 1 + 1
        assertThat(mha.analyze(Shape.of(2, 5, 6), Shape.of(4, 5, 6), Shape.of(4, 5, 6)).outputs())
                .containsExactly(Shape.of(2, 5, 6), Shape.of(5, 2, 6));
        assertThat(mha.batchFirst(true).analyze(Shape.of(5, 2, 6), Shape.of(5, 4, 6), Shape.of(5, 4, 6)).outputs())
                .containsExactly(Shape.of(5, 2, 6), Shape.of(5, 2, 6));
        assertThat(mha.averageAttnWeights(false).analyze(Shape.of(2, 5, 6), Shape.of(4, 5, 6), Shape.of(4, 5, 6))
                .outputs()).containsExactly(Shape.of(2, 5, 6), Shape.of(5, 3, 2, 6));
        assertThat(mha.batchFirst(true).analyze(Shape.of(2, 6), Shape.of(4, 6), Shape.of(4, 6)).outputs())
                .containsExactly(Shape.of(2, 6), Shape.of(2, 6));
        assertThat(mha.averageAttnWeights(false).analyze(Shape.of(2, 6), Shape.of(4, 6), Shape.of(4, 6)).outputs())
                .containsExactly(Shape.of(2, 6), Shape.of(3, 2, 6));
        assertThat(mha.needWeights(false).analyze(Shape.of(2, 5, 6), Shape.of(4, 5, 6), Shape.of(4, 5, 6))
                .outputs()).containsExactly(Shape.of(2, 5, 6));
    }

    @Test
    void should_not_average_without_need_weights() {
        Analysis a = MultiheadAttention.of(4, 2).needWeights(false)
                .analyze(Shape.of(3, 1, 4), Shape.of(5, 1, 4), Shape.of(5, 1, 4));
        // the worked example less the head average: 896 − 15 − 15
        FlopcheckAssertions.assertThat(a).counts(Conventions.EXACT, 866);
        assertThat(a.terms()).extracting(t -> t.name()).doesNotContain("head-average additions");
    }

    @Test
    void should_take_defaults_from_torch() {
        MultiheadAttention mha = MultiheadAttention.of(512, 8);
        assertThat(mha.dropout()).isZero();
        assertThat(mha.bias()).isTrue();
        assertThat(mha.addBiasKv()).isFalse();
        assertThat(mha.addZeroAttn()).isFalse();
        assertThat(mha.kdim()).isEqualTo(512);
        assertThat(mha.vdim()).isEqualTo(512);
        assertThat(mha.batchFirst()).isFalse();
        assertThat(mha.needWeights()).isTrue();
        assertThat(mha.averageAttnWeights()).isTrue();
        assertThat(mha.headDim()).isEqualTo(64);
        assertThat(mha.qkvSameEmbedDim()).isTrue();
    }

    // rejected configurations

    @Test
    void should_reject_embed_dim_not_divisible_by_num_heads() {
        assertThatThrownBy(() -> MultiheadAttention.of(10, 4)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("embed_dim must be divisible by num_heads")
                .hasMessageContaining("embed_dim (10)").hasMessageContaining("num_heads (4)");
    }

    @Test
    void should_reject_zero_heads() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("MultiheadAttention: num_heads (0) must be positive");
    }

    @Test
    void should_reject_zero_embed_dim() {
        assertThatThrownBy(() -> MultiheadAttention.of(0, 1)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("MultiheadAttention: embed_dim (0) must be positive");
    }

    @Test
    void should_reject_zero_kdim() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).kdim(0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("MultiheadAttention: kdim (0) must be positive");
    }

    @Test
    void should_reject_negative_vdim() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).vdim(-3)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("MultiheadAttention: vdim (-3) must be positive");
    }

    @Test
    void should_reject_negative_dropout() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).dropout(-0.1))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("MultiheadAttention: dropout (-0.1) must be a probability between 0 and 1");
    }

    @Test
    void should_reject_dropout_above_one() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).dropout(1.5))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("dropout (1.5) must be a probability between 0 and 1");
    }

    @Test
    void should_reject_nan_dropout() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).dropout(Double.NaN))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("dropout (NaN)");
    }

    @Test
    void should_accept_dropout_of_zero_and_one() {
        assertThat(MultiheadAttention.of(8, 2).dropout(1.0).dropout()).isEqualTo(1.0);
        assertThat(MultiheadAttention.of(8, 2).dropout(0.0).dropout()).isZero();
    }

    @Test
    void should_reject_a_single_input() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).analyze(Shape.of(3, 1, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("MultiheadAttention takes 3 inputs (query, key, value), got 1");
    }

    @Test
    void should_reject_a_query_of_rank_four() {
        Shape x = Shape.of(3, 1, 1, 8);
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).analyze(x, x, x))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("MultiheadAttention expects query (L, N, E=8) or unbatched (L, E=8), got"
                        + " (3, 1, 1, 8)");
    }

    @Test
    void should_reject_a_query_of_rank_one() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).analyze(Shape.of(8), Shape.of(8), Shape.of(8)))
                .isInstanceOf(InvalidShapeException.class).hasMessageContaining("got (8,)")
                .hasMessageContaining("unbatched 2-D or batched 3-D");
    }

    @Test
    void should_reject_an_unbatched_key_for_a_batched_query() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2)
                .analyze(Shape.of(3, 1, 8), Shape.of(5, 8), Shape.of(5, 1, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("MultiheadAttention: for batched (3-D) query (3, 1, 8), key and value must be"
                        + " 3-D too, got key (5, 8) and value (5, 1, 8)");
    }

    @Test
    void should_reject_a_batched_value_for_an_unbatched_query() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2)
                .analyze(Shape.of(3, 8), Shape.of(5, 8), Shape.of(5, 1, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("for unbatched (2-D) query (3, 8), key and value must be 2-D too");
    }

    @Test
    void should_reject_a_query_with_the_wrong_features() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2)
                .analyze(Shape.of(3, 1, 6), Shape.of(5, 1, 8), Shape.of(5, 1, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("got (3, 1, 6): 6 features, not embed_dim 8");
    }

    @Test
    void should_reject_a_key_with_the_wrong_features() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).kdim(4)
                .analyze(Shape.of(3, 1, 8), Shape.of(5, 1, 8), Shape.of(5, 1, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("MultiheadAttention expects key (S, N, E_k=4) or unbatched (S, E_k=4), got"
                        + " (5, 1, 8): 8 features, not kdim 4");
    }

    @Test
    void should_reject_a_value_with_the_wrong_features() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).batchFirst(true)
                .analyze(Shape.of(1, 3, 8), Shape.of(1, 5, 8), Shape.of(1, 5, 7)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("MultiheadAttention expects value (N, S, E_v=8) or unbatched (S, E_v=8), got"
                        + " (1, 5, 7): 7 features, not vdim 8");
    }

    @Test
    void should_reject_key_and_value_of_different_lengths() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2)
                .analyze(Shape.of(3, 1, 8), Shape.of(5, 1, 8), Shape.of(6, 1, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("MultiheadAttention: key and value must have the same length S, got key"
                        + " (5, 1, 8) (S=5) and value (6, 1, 8) (S=6)");
    }

    @Test
    void should_reject_key_and_value_of_different_lengths_in_batch_first_layout() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).batchFirst(true)
                .analyze(Shape.of(2, 3, 8), Shape.of(2, 5, 8), Shape.of(2, 4, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("(S=5)").hasMessageContaining("(S=4)");
    }

    @Test
    void should_reject_mismatched_batch_sizes() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2)
                .analyze(Shape.of(3, 2, 8), Shape.of(5, 3, 8), Shape.of(5, 3, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("MultiheadAttention: query, key and value must have the same batch size, got"
                        + " query (3, 2, 8) (N=2), key (5, 3, 8) (N=3) and value (5, 3, 8) (N=3)");
    }

    @Test
    void should_reject_mismatched_batch_sizes_in_batch_first_layout() {
        assertThatThrownBy(() -> MultiheadAttention.of(8, 2).batchFirst(true)
                .analyze(Shape.of(2, 3, 8), Shape.of(2, 5, 8), Shape.of(1, 5, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("same batch size").hasMessageContaining("value (1, 5, 8) (N=1)");
    }

    @Test
    void should_report_the_layer_row_inside_a_sequential() {
        List<Shape> shapes = List.of(Shape.of(3, 1, 6), Shape.of(5, 1, 8), Shape.of(5, 1, 8));
        assertThatThrownBy(() -> Sequential.of(MultiheadAttention.of(8, 2)).analyze(Inputs.of(shapes)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("layer 0 (MultiheadAttention): MultiheadAttention expects query")
                .hasMessageContaining("6 features, not embed_dim 8");
    }
}
