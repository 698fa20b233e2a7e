package org.flopcheck.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.layers.Analysis;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Test;

/** SelfAttention's worked number, rows, repr and refusals. */
class SelfAttentionTest {

    static final SelfAttention EXAMPLE = SelfAttention.of(8, 2).numKvHeads(1).bias(false).causal(true).rotary(true);

    @Test
    void should_count_the_javadoc_example_by_hand() {
        // E = 8, h = 2, h_kv = 1, d = 4, N = 1, L = 3
        Analysis a = EXAMPLE.analyze(Shape.of(1, 3, 8));
        long params = 8 * 8 + 2 * (4 * 8) + 8 * 8;                   // q, k and v, o
        long projections = 3 * 8 * 8 + 2 * (3 * 4 * 8) + 3 * 8 * 8;  // 192 + 96 + 96 + 192
        long scores = 2 * 3 * 3 * 4;                                 // heads · queries · keys · d
        long macs = projections + scores + scores;
        long rotaryMul = 2 * (2 * 3 * 4) + 2 * (1 * 3 * 4);          // q: 2 per element of 24, k: of 12
        long rotaryAdd = 2 * 3 * 4 + 3 * 4;
        long softmaxMul = 2 * 3 * 3;
        long additions = rotaryAdd
                + (3 * 8 * 7 + 2 * (3 * 4 * 7) + 3 * 8 * 7)          // within the projections' dot products
                + 2 * 3 * 3 * 3                                      // within q·k (d − 1 = 3 each)
                + 2 * 3 * 3                                          // causal mask
                + 2 * 3 * 3 + 2 * 3 * 2                              // softmax: subtractions, sums
                + 2 * 3 * 4 * 2;                                     // within weights·v (L − 1 = 2 each)
        long divisions = 2 * 3 * 3 + 2 * 3;                          // scaling, reciprocals
        long comparisons = 2 * 3 * 2;                                // softmax maxima
        long exps = 2 * 3 * 3;
        FlopcheckAssertions.assertThat(a).hasParams(params).hasOutput(1, 3, 8)
                .counts(Conventions.MACS, macs)
                .counts(Conventions.EXACT, macs + rotaryMul + softmaxMul + additions + divisions + comparisons + exps)
                .hasTerm("causal mask additions", 18).hasTerm("score scaling divisions", 18);
        assertThat(params).isEqualTo(192);
        assertThat(macs).isEqualTo(720);
        assertThat(rotaryMul).isEqualTo(72);
        assertThat(rotaryAdd).isEqualTo(36);
        assertThat(macs + rotaryMul + softmaxMul + additions + divisions + comparisons + exps).isEqualTo(1_554);
        assertThat(AnalysisAssert.byOp(a)).containsEntry(Op.EXP, 18L).containsEntry(Op.COMPARISON, 12L);
    }

    @Test
    void rows_are_the_projections_and_the_rotary_tables_in_call_order() {
        Analysis a = EXAMPLE.analyze(Shape.of(2, 3, 8));
        assertThat(a.children()).extracting(Analysis::name)
                .containsExactly("q_proj", "k_proj", "v_proj", "rotary_emb", "o_proj");
        assertThat(a.children().get(1).output()).isEqualTo(Shape.of(2, 3, 4));
        assertThat(a.children().get(3).outputs()).containsExactly(Shape.of(1, 3, 4), Shape.of(1, 3, 4));
        assertThat(a.children().get(3).params().buffers()).isEqualTo(2);
        assertThat(a.children().get(4).inputs().get(0)).isEqualTo(Shape.of(2, 3, 8));
        assertThat(SelfAttention.of(8, 2).analyze(Shape.of(3, 8)).children()).extracting(Analysis::name)
                .containsExactly("q_proj", "k_proj", "v_proj", "o_proj");
    }

    @Test
    void grouped_query_attention_is_noted_as_a_copy() {
        assertThat(EXAMPLE.analyze(Shape.of(1, 3, 8)).derivation().plain())
                .contains("repeat_kv copies each of the h_kv = 1 key and value heads to h/h_kv = 2 query heads");
    }

    @Test
    void the_mask_defaults_follow_causal() {
        assertThat(SelfAttention.of(8, 2).mask()).isEqualTo("none");
        assertThat(SelfAttention.of(8, 2).causal(true).mask()).isEqualTo("add");
        assertThat(SelfAttention.of(8, 2).mask("add").mask()).isEqualTo("add");
        Analysis padding = SelfAttention.of(8, 2).mask("add").analyze(Shape.of(1, 3, 8));
        FlopcheckAssertions.assertThat(padding).hasTerm("attention mask additions", 2 * 3 * 3);
        Analysis where = SelfAttention.of(8, 2).causal(true).mask("where").analyze(Shape.of(1, 3, 8));
        FlopcheckAssertions.assertThat(where).hasTerm("causal mask selections", 2 * 3 * 3);
    }

    @Test
    void repr_shows_the_arguments_then_the_rows() {
        assertThat(EXAMPLE).hasToString("SelfAttention(\n"
                + "  embed_dim=8, num_heads=2, num_kv_heads=1, causal=True, mask='add', rotary=True, dropout=0.0\n"
                + "  (q_proj): Linear(in_features=8, out_features=8, bias=False)\n"
                + "  (k_proj): Linear(in_features=8, out_features=4, bias=False)\n"
                + "  (v_proj): Linear(in_features=8, out_features=4, bias=False)\n"
                + "  (o_proj): Linear(in_features=8, out_features=8, bias=False)\n"
                + "  (rotary_emb): RotaryEmbedding(dim=4)\n"
                + ")");
    }

    @Test
    void should_refuse_an_input_of_the_wrong_rank_or_width() {
        assertThatThrownBy(() -> EXAMPLE.analyze(Shape.of(1, 3, 6)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("SelfAttention expects input (N, L, E=8) or unbatched (L, E=8), got (1, 3, 6)");
        assertThatThrownBy(() -> EXAMPLE.analyze(Shape.of(8)))
                .isInstanceOf(InvalidShapeException.class).hasMessageContaining("got (8,)");
        assertThatThrownBy(() -> EXAMPLE.analyze(Shape.of(1, 3, 8), Shape.of(1, 3, 8)))
                .isInstanceOf(InvalidShapeException.class).hasMessageContaining("SelfAttention takes 1 input, got 2");
    }

    @Test
    void should_refuse_heads_that_do_not_divide() {
        assertThatThrownBy(() -> SelfAttention.of(10, 4)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("SelfAttention: embed_dim (10) must be divisible by num_heads (4)");
        assertThatThrownBy(() -> SelfAttention.of(12, 4).numKvHeads(3)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("SelfAttention: num_heads (4) must be divisible by num_kv_heads (3)");
        assertThatThrownBy(() -> SelfAttention.of(12, 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("SelfAttention: num_heads (0) must be positive");
        assertThatThrownBy(() -> SelfAttention.of(12, 4).numKvHeads(0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("SelfAttention: num_kv_heads (0) must be positive");
    }

    @Test
    void should_refuse_masks_that_do_not_fit_causal() {
        assertThatThrownBy(() -> SelfAttention.of(8, 2).mask("where")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("SelfAttention: mask 'where' selects scores by the causal mask and needs causal=True");
        assertThatThrownBy(() -> SelfAttention.of(8, 2).causal(true).mask("none"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("SelfAttention: causal attention needs a mask");
        assertThatThrownBy(() -> SelfAttention.of(8, 2).mask("multiply"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("SelfAttention: mask 'multiply' is not one of 'add', 'where', 'none'");
    }

    @Test
    void should_refuse_rotary_on_an_odd_head_dim_and_a_dropout_outside_zero_to_one() {
        assertThatThrownBy(() -> SelfAttention.of(6, 2).rotary(true)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("SelfAttention: rotary needs an even head_dim, got embed_dim (6) / num_heads (2)"
                        + " = 3");
        assertThatThrownBy(() -> SelfAttention.of(8, 2).dropout(1.5)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("SelfAttention: dropout (1.5) must be a probability between 0 and 1");
    }
}
