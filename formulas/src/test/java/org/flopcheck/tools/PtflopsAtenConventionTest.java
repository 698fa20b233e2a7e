package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flopcheck.blocks.Residual;
import org.flopcheck.blocks.SelfAttention;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Discrepancy;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.ConvTranspose1d;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.Hardtanh;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.RNNCell;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived examples of ptflops 0.7.5's aten backend, each naming the rule it exercises. The numbers are worked
 * out in the comments from the operand shapes torch 1.13 dispatches; several are also readings of the golden
 * corpus (noted), the others were checked against the real tool while the convention was written.
 */
class PtflopsAtenConventionTest {
    private static final PtflopsAtenConvention ATEN = PtflopsAtenConvention.INSTANCE;

    @Test
    void should_count_only_the_keyword_spotting_convolution() {
        // CONVOLUTION, OTHER_OPS_ZERO, PARAMS (golden models/kws): H_out = (130 − 4)/2 + 1 = 64,
        // W_out = (40 − 10)/8 + 1 = 4; 1·(32·1·4·10)·(64·4) = 1,280·256 = 327,680; batch norm and hardtanh count
        // zero. Parameters 1,280 + 2·32: the running statistics are buffers.
        Layer kws = Sequential.of(Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false),
                BatchNorm2d.of(32).eps(1e-4), Hardtanh.of(0, 3.96875));
        Outcome.Counted o = counted(kws, Shape.of(1, 1, 130, 40));
        assertThat(o.count().total()).isEqualTo(327_680);
        assertThat(o.params()).isEqualTo(1_344);
        assertThat(o.count().contributions()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("0");
            assertThat(c.name()).isEqualTo("weight multiplications");
            assertThat(c.rule()).isEqualTo(PtflopsAtenConvention.CONVOLUTION);
            assertThat(c.formula().plain()).isEqualTo("N·C_out·C_in/g·K_h·K_w·H_out·W_out");
        });
    }

    @Test
    void should_count_a_convolution_bias_once_per_output_position() {
        // CONVOLUTION (golden conv1d/basic): L_out = 30; 1·(8·4·3)·30 = 2,880 products + 8·30 = 240 bias
        assertThat(total(Conv1d.of(4, 8, 3), Shape.of(1, 4, 32))).isEqualTo(2_880 + 240);
    }

    @Test
    void should_count_transposed_products_at_input_positions_and_the_bias_at_every_output_position() {
        // CONVOLUTION: ConvTranspose1d(4, 6, 1, stride=2) on (1, 4, 10): L_out = 9·2 + 1 = 19; products
        // 1·(4·6·1)·10 = 240; bias 6·19 = 114, though only the 10 positions hit by a product add it in the layer's
        // own count (6·10 = 60)
        Analysis a = ConvTranspose1d.of(4, 6, 1).stride(2).analyze(Shape.of(1, 4, 10));
        assertThat(ATEN.count(a).total()).isEqualTo(240 + 114);
        assertThat(value(a, "bias additions")).isEqualTo(114);
        assertThat(a.terms().stream().filter(t -> t.name().equals("bias additions")).findFirst().orElseThrow()
                .value()).isEqualTo(60);
    }

    @Test
    void should_count_the_bias_of_a_linear_layer_only_through_addmm() {
        // ADDMM (golden linear/basic): 1·16·8 + 1·8 = 136
        assertThat(total(Linear.of(16, 8), Shape.of(1, 16))).isEqualTo(136);
        // LINEAR_DISPATCH (golden linear/input-1d): a 1-D input goes through matmul, mm (1, 16)·(16, 8) = 128
        Outcome.Counted oneD = counted(Linear.of(16, 8), Shape.of(16));
        assertThat(oneD.count().total()).isEqualTo(128);
        Contribution bias = contribution(oneD, "bias additions");
        assertThat(bias.weight()).isZero();
        assertThat(bias.rule()).isEqualTo(PtflopsAtenConvention.LINEAR_DISPATCH);
        // LINEAR_DISPATCH (golden linear/input-4d): 2·3·4 = 24 rows folded into mm, 24·16·8 = 3,072
        assertThat(total(Linear.of(16, 8), Shape.of(2, 3, 4, 16))).isEqualTo(3_072);
        // ADDMM: a fresh 3-D input is contiguous, viewed as (10, 16): 10·16·8 + 10·8 = 1,360
        assertThat(total(Linear.of(16, 8), Shape.of(2, 5, 16))).isEqualTo(1_360);
    }

    @Test
    void should_count_an_lstm_as_one_sequence_linear_and_one_hidden_linear_per_step() {
        // RNN_CPU (golden lstm/basic), LSTM(8, 16) on (5, 2, 8), 4·16 = 64 gate rows: input part addmm over
        // 5·2 = 10 rows, 10·8·64 + 10·64 = 5,760; hidden part 5 steps of addmm over 2 rows, 5·(2·16·64 + 2·64) =
        // 10,880
        assertThat(total(LSTM.of(8, 16), Shape.of(5, 2, 8))).isEqualTo(5_760 + 10_880);
        // VIEWS (golden lstm/batch-first): batch first, the transposed (5, 2, 8) is not contiguous: mm, 10·64 lost
        assertThat(total(LSTM.of(8, 16).batchFirst(true), Shape.of(2, 5, 8))).isEqualTo(16_640 - 640);
        // VIEWS: with batch 1 the transpose is contiguous: 5·8·64 + 5·64 + 5·(16·64 + 64) = 2,880 + 5,440
        assertThat(total(LSTM.of(8, 16).batchFirst(true), Shape.of(1, 5, 8))).isEqualTo(2_880 + 5_440);
    }

    @Test
    void should_lose_the_bias_of_a_linear_layer_reading_a_batch_first_output() {
        // VIEWS (golden models/lstm-language-model-batch-first): the LSTM's output (2, 5, 16) is a transposed view,
        // so Linear(16, 4) takes matmul: 10·16·4 = 640 and no bias
        Layer lstmThenLinear = Sequential.of(LSTM.of(8, 16).batchFirst(true), Linear.of(16, 4));
        assertThat(total(lstmThenLinear, Shape.of(2, 5, 8))).isEqualTo(16_000 + 640);
        // a layer norm returns a contiguous tensor: addmm again, 640 + 10·4
        Layer withNorm = Sequential.of(LSTM.of(8, 16).batchFirst(true), LayerNorm.of(16), Linear.of(16, 4));
        assertThat(total(withNorm, Shape.of(2, 5, 8))).isEqualTo(16_000 + 640 + 40);
    }

    @Test
    void should_count_attention_projections_by_linear_and_its_products_by_bmm() {
        // MHA (golden mha/cross-lengths): L = 5, S = 7, N = 2, E = 16, h = 4, d = 4. Projections addmm:
        // 10·16·16 + 160 = 2,720 (query), 14·16·16 + 224 = 3,808 (key, value); bmm 2·(8·5·4·7) = 2,240;
        // output projection addmm 2,720
        Inputs cross = Inputs.of(Shape.of(5, 2, 16), Shape.of(7, 2, 16), Shape.of(7, 2, 16));
        assertThat(ATEN.count(MultiheadAttention.of(16, 4).analyze(cross)).total())
                .isEqualTo(2_720 + 2 * 3_808 + 2_240 + 2_720);
        // VIEWS (golden mha/batch-first): batch first, the in-projections read transposed views: mm, no bias
        Inputs batchFirst = Inputs.of(Shape.of(2, 5, 16), Shape.of(2, 7, 16), Shape.of(2, 7, 16));
        assertThat(ATEN.count(MultiheadAttention.of(16, 4).batchFirst(true).analyze(batchFirst)).total())
                .isEqualTo(2_560 + 2 * 3_584 + 2_240 + 2_720);
    }

    @Test
    void should_count_a_transformer_encoder_layer_on_its_python_path() {
        // PYTHON_PATHS, MHA (golden transformer-encoder-layer/sequence-first): self-attention packed addmm
        // 10·16·48 + 480 = 8,160, bmm 2·(8·5·4·5) = 1,600, output 2,720; linear1 10·16·32 + 320 = 5,440;
        // linear2 10·32·16 + 160 = 5,280
        assertThat(total(TransformerEncoderLayer.of(16, 4, 32), Shape.of(5, 2, 16)))
                .isEqualTo(8_160 + 1_600 + 2_720 + 5_440 + 5_280);
    }

    @Test
    void should_count_eager_attention_products_and_the_rotary_angles_as_bmm() {
        // EAGER_ATTENTION: SelfAttention(8, 2, num_kv_heads=1, bias=False, causal, rotary) on (1, 3, 8), d = 4:
        // q_proj 3·8·8 = 192, k_proj and v_proj 3·8·4 = 96 each (mm), the rotary angles (1, 2, 1)·(1, 1, 3) = 6,
        // scores 1·2·3·4·3 = 72 and weights·v 72 (bmm), o_proj 3·8·8 = 192
        Layer attention = SelfAttention.of(8, 2).numKvHeads(1).bias(false).causal(true).rotary(true);
        Outcome.Counted o = counted(attention, Shape.of(1, 3, 8));
        assertThat(o.count().total()).isEqualTo(192 + 96 + 96 + 6 + 72 + 72 + 192);
        assertThat(contribution(o, "rotary angle multiplications").rule()).isEqualTo(PtflopsAtenConvention.BMM);
    }

    @Test
    void should_give_both_rows_of_a_residual_block_its_input_and_the_sum_the_body_output_layout() {
        // VIEWS: after a batch-first LSTM (16,000) the residual body Linear(16, 16) reads the transposed output:
        // mm 10·16·16 = 2,560; the sum body(x) + x is laid out like body(x), contiguous, so Linear(16, 2) is an
        // addmm again: 10·16·2 + 10·2 = 340
        Layer model = Sequential.of(LSTM.of(8, 16).batchFirst(true), Residual.of(Linear.of(16, 16)), Linear.of(16, 2));
        assertThat(total(model, Shape.of(2, 5, 8))).isEqualTo(16_000 + 2_560 + 340);
    }

    @Test
    void should_count_a_cell_as_two_two_dimensional_linears() {
        // RNN_CPU: RNNCell(8, 16) on (3, 8): 3·16·16 + 3·16 (hidden) + 3·16·8 + 3·16 (input)
        assertThat(total(RNNCell.of(8, 16), Shape.of(3, 8))).isEqualTo(768 + 48 + 384 + 48);
    }

    @Test
    void should_explain_its_gap_to_the_macs_convention_as_bias_additions() {
        // GLOBAL_TOTAL: Linear(16, 8) on (1, 16) is 136 here and 128 MACs; the gap is the addmm bias
        Analysis a = Linear.of(16, 8).analyze(Shape.of(1, 16));
        Discrepancy d = Discrepancy.explain(a, ATEN, Conventions.MACS);
        assertThat(d.gap()).hasValue(8L);
        assertThat(d.lines()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("bias additions");
            assertThat(l.ruleA()).hasValue(PtflopsAtenConvention.ADDMM);
        });
    }

    @Test
    void should_list_every_rule_with_a_source_under_its_own_id() {
        List<Rule> rules = ATEN.rules();
        assertThat(rules).extracting(Rule::id).allMatch(id -> id.startsWith("ptflops-0.7.5-aten/"))
                .doesNotHaveDuplicates();
        assertThat(rules).contains(PtflopsAtenConvention.CONVOLUTION, PtflopsAtenConvention.ADDMM,
                PtflopsAtenConvention.MM, PtflopsAtenConvention.BMM, PtflopsAtenConvention.LINEAR_DISPATCH,
                PtflopsAtenConvention.VIEWS, PtflopsAtenConvention.EAGER_ATTENTION, PtflopsAtenConvention.PARAMS);
        assertThat(ATEN.id()).isEqualTo("ptflops-0.7.5-aten");
        assertThat(Conventions.byId("ptflops-0.7.5-aten")).hasValue(ATEN);
    }

    private static Outcome.Counted counted(Layer layer, Shape input) {
        return (Outcome.Counted) ATEN.outcome(layer.analyze(input));
    }

    private static long total(Layer layer, Shape input) {
        return counted(layer, input).count().total();
    }

    private static Contribution contribution(Outcome.Counted o, String name) {
        return o.count().contributions().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static long value(Analysis a, String name) {
        return ATEN.count(a).contributions().stream().filter(c -> c.name().equals(name))
                .mapToLong(Contribution::value).sum();
    }
}
