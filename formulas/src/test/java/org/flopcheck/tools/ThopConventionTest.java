package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Discrepancy;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.AdaptiveAvgPool1d;
import org.flopcheck.layers.AdaptiveAvgPool2d;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.ConvTranspose1d;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.Embedding;
import org.flopcheck.layers.GRUCell;
import org.flopcheck.layers.GroupNorm;
import org.flopcheck.layers.Hardtanh;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.RNN;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.Softmax;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.layers.Upsample;
import org.flopcheck.models.BasicBlock;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * thop 0.1.1's numbers for hand-derived examples, each naming the rule it exercises. Expected values are worked
 * out in the comments from thop's rules, not taken from the program.
 */
class ThopConventionTest {
    static final ThopConvention THOP = ThopConvention.INSTANCE;

    static final Analysis KWS = Sequential.of(Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false),
            BatchNorm2d.of(32).eps(1e-4), Hardtanh.of(0.0, 3.96875)).analyze(Shape.of(1, 1, 130, 40));

    /** The capture script's {@code Wrapper(layer)}: the layer as only child, named {@code layer}. */
    static Analysis wrapped(Layer layer, Inputs inputs) {
        Layer wrapper = new Layer() {
            @Override
            public String type() {
                return "Wrapper";
            }

            @Override
            public Analysis analyze(Inputs in) {
                Analysis child = layer.analyze(in);
                return Analysis.composite(this, in, child.outputs(), new Worksheet("Wrapper"),
                        List.of(child.named("layer")));
            }
        };
        return wrapper.analyze(inputs);
    }

    static Analysis wrapped(Layer layer, Shape... inputs) {
        return wrapped(layer, Inputs.of(inputs));
    }

    static Outcome.Counted counted(Analysis a) {
        Outcome o = THOP.outcome(a);
        assertThat(o).isInstanceOf(Outcome.Counted.class);
        return (Outcome.Counted) o;
    }

    static Outcome.Failed failed(Analysis a) {
        Outcome o = THOP.outcome(a);
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return (Outcome.Failed) o;
    }

    static List<Contribution> counting(Outcome.Counted c) {
        return c.count().contributions().stream().filter(k -> k.weight() != 0).toList();
    }

    @Test
    void should_count_the_keyword_spotting_model_as_products_plus_four_per_batchnorm_element() {
        // conv output (1, 32, 64, 4): 8,192 elements · ⌊1/1⌋ · 4·10 = 327,680; BatchNorm2d 2·8,192, doubled for
        // affine: 32,768; Hardtanh has no rule. Parameters: 32·1·4·10 = 1,280 weights, 32 + 32 affine.
        Outcome.Counted c = counted(KWS);
        assertThat(c.count().total()).isEqualTo(327_680 + 32_768).isEqualTo(360_448);
        assertThat(c.params()).isEqualTo(1_280 + 64);
        assertThat(c.trainableParams()).isEmpty();
        assertThat(counting(c)).extracting(Contribution::path, Contribution::name, Contribution::value,
                k -> k.rule().id()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0", "weight multiplications", 327_680L,
                        "thop-0.1.1/conv-products-only"),
                org.assertj.core.groups.Tuple.tuple("1", "normalization counted as 4 per element (affine)", 32_768L,
                        "thop-0.1.1/normalization-2-per-element"));
        assertThat(counting(c).get(0).formula().plain()).isEqualTo("N·C_out·H_out·W_out·C_in/g·K_h·K_w");
        assertThat(counting(c).get(1).formula().plain()).isEqualTo("2·n_x·2");
    }

    @Test
    void should_report_zero_params_for_a_bare_leaf_and_its_params_when_wrapped() {
        // dfs-count: the profiled module's own parameters are never added; Linear counts 16·(1·8) = 128 either way
        Linear linear = Linear.of(16, 8);
        Outcome.Counted direct = counted(linear.analyze(Shape.of(1, 16)));
        Outcome.Counted inWrapper = counted(wrapped(linear, Shape.of(1, 16)));
        assertThat(direct.count().total()).isEqualTo(128);
        assertThat(direct.params()).isZero();
        assertThat(inWrapper.count().total()).isEqualTo(128);
        assertThat(inWrapper.params()).isEqualTo(16 * 8 + 8);
        assertThat(counting(inWrapper)).singleElement().satisfies(k -> assertThat(k.path()).isEqualTo("layer"));
    }

    @Test
    void should_read_the_first_spatial_size_as_channels_for_an_unbatched_convolution() {
        // conv-unbatched-reads-dim-1: Conv1d(4, 8, 3) on (4, 32) gives (8, 30); thop multiplies the 240 output
        // elements by ⌊32/1⌋·3 instead of 4·3: 23,040 rather than 2,880
        Outcome.Counted c = counted(Conv1d.of(4, 8, 3).analyze(Shape.of(4, 32)));
        assertThat(c.count().total()).isEqualTo(240 * 32 * 3).isEqualTo(23_040);
        assertThat(counting(c)).singleElement().satisfies(k -> {
            assertThat(k.rule().id()).isEqualTo("thop-0.1.1/conv-unbatched-reads-dim-1");
            assertThat(k.formula().plain()).isEqualTo("N·C_out·L_out·⌊L_in/g⌋·K");
        });
        Outcome.Counted batched = counted(Conv1d.of(4, 8, 3).analyze(Shape.of(1, 4, 32)));
        assertThat(batched.count().total()).isEqualTo(240 * 4 * 3).isEqualTo(2_880);
    }

    @Test
    void should_count_a_transposed_convolution_at_output_positions() {
        // ConvTranspose1d(4, 6, 3) on (1, 4, 10): output length (10 − 1) + 3 = 12, so 6·12 = 72 output elements, each
        // counted 4·3 times: 864; torch multiplies at the 40 input positions, 40·6·3 = 720 products
        Outcome.Counted c = counted(ConvTranspose1d.of(4, 6, 3).analyze(Shape.of(1, 4, 10)));
        assertThat(c.count().total()).isEqualTo(864);
        assertThat(counting(c)).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("products counted at output positions");
            assertThat(k.rule().id()).isEqualTo("thop-0.1.1/conv-transposed-output-positions");
        });
        assertThat(Conventions.MACS.count(ConvTranspose1d.of(4, 6, 3).analyze(Shape.of(1, 4, 10))).total())
                .isEqualTo(720);
    }

    @Test
    void should_evaluate_the_adaptive_pool_kernel_in_float64_and_truncate() {
        // adaptive-avgpool-float-kernel: AdaptiveAvgPool1d(3) on (1, 1, 11): (11/3 + 1)·3 = 14 in rationals, but in
        // float64 11/3 rounds down and three times (11/3 + 1) is 13.999999999999998, which int() truncates to 13
        assertThat((11.0 / 3.0 + 1.0) * 3.0).isLessThan(14.0);
        Outcome.Counted c = counted(AdaptiveAvgPool1d.of(3).analyze(Shape.of(1, 1, 11)));
        assertThat(c.count().total()).isEqualTo(13);
        assertThat(counting(c)).singleElement().satisfies(k ->
                assertThat(k.formula().plain()).isEqualTo("⌊(L_in/L_out + 1)·n_y⌋_f64"));
        // AdaptiveAvgPool2d(3) on (1, 3, 8, 8): (8/3·8/3 + 1)·27 = 64/9·27 + 27 = 219, and float64 agrees
        assertThat(counted(AdaptiveAvgPool2d.of(3).analyze(Shape.of(1, 3, 8, 8))).count().total()).isEqualTo(219);
    }

    @Test
    void should_count_one_lstm_cell_per_step_batch_layer_and_direction_ignoring_proj_size() {
        // rnn-cell-per-step: an LSTM cell of input I, hidden H counts 4·((I + H)·H + H + 2·H) + 4·H.
        // Layer 0 (I = 8, H = 16): 4·(384 + 48) + 64 = 1,792; layer 1 takes both directions, I = 32:
        // 4·(768 + 48) + 64 = 3,328; two directions each: 2·(1,792 + 3,328) = 10,240; times 5 steps and 2 in the
        // batch: 102,400. proj_size changes nothing.
        LSTM lstm = LSTM.of(8, 16).numLayers(2).bidirectional(true);
        assertThat(counted(lstm.analyze(Shape.of(5, 2, 8))).count().total()).isEqualTo(102_400);
        assertThat(counted(lstm.projSize(4).analyze(Shape.of(5, 2, 8))).count().total()).isEqualTo(102_400);
    }

    @Test
    void should_take_an_unbatched_sequences_features_as_the_batch() {
        // rnn-batch-and-steps-from-input-dims: RNN(8, 16) on (5, 8): batch read as x.size(1) = 8, steps 5; a cell is
        // 16·(8 + 16) + 16 + 2·16 = 432: 5·8·432 = 17,280 (a batched (5, 1, 8) input gives 5·432 = 2,160)
        Outcome.Counted c = counted(RNN.of(8, 16).analyze(Shape.of(5, 8)));
        assertThat(c.count().total()).isEqualTo(17_280);
        assertThat(counting(c)).allSatisfy(k ->
                assertThat(k.rule().id()).isEqualTo("thop-0.1.1/rnn-batch-and-steps-from-input-dims"));
        assertThat(counted(RNN.of(8, 16).analyze(Shape.of(5, 1, 8))).count().total()).isEqualTo(2_160);
    }

    @Test
    void should_take_a_cells_first_dimension_as_its_batch() {
        // rnn-cell-batch-from-dim-0: a GRU cell counts 3·((8 + 16)·16 + 16 + 2·16) + 4·16 = 1,360; (2, 8) is a batch
        // of 2, an unbatched (8,) a "batch" of 8
        assertThat(counted(GRUCell.of(8, 16).analyze(Shape.of(2, 8))).count().total()).isEqualTo(2 * 1_360);
        assertThat(counted(GRUCell.of(8, 16).analyze(Shape.of(8))).count().total()).isEqualTo(8 * 1_360);
    }

    @Test
    void should_count_softmax_rows_and_fail_without_a_dim() {
        // softmax-3d-minus-1-per-row: (3, 10) over dim 1: 3 rows of 10 + 9 + 10 = 29
        assertThat(counted(Softmax.of(1).analyze(Shape.of(3, 10))).count().total()).isEqualTo(87);
        Outcome.Failed f = failed(Softmax.of().analyze(Shape.of(3, 10)));
        assertThat(f.reason()).isEqualTo("TypeError: tuple indices must be integers or slices, not NoneType");
        assertThat(f.rule().id()).isEqualTo("thop-0.1.1/softmax-dim-none-fails");
        assertThat(f.convention()).isEqualTo("thop-0.1.1");
    }

    @Test
    void should_give_nothing_for_multihead_attention_even_wrapped() {
        // registered-types-only: MultiheadAttention has no rule, its out_proj (NonDynamicallyQuantizableLinear) has
        // none either and is never called
        Shape x = Shape.of(5, 2, 16);
        Outcome.Counted c = counted(wrapped(MultiheadAttention.of(16, 4), x, x, x));
        assertThat(c.count().total()).isZero();
        assertThat(c.params()).isZero();
        assertThat(c.count().contributions()).isNotEmpty().allSatisfy(k -> {
            assertThat(k.weight()).isZero();
            assertThat(k.rule().id()).isEqualTo("thop-0.1.1/registered-types-only");
        });
    }

    @Test
    void should_fail_where_the_attention_fast_path_has_no_bias() {
        // mha-fast-path-without-bias-fails: batch-first self-attention under no_grad takes the native path
        Shape x = Shape.of(2, 5, 16);
        Inputs self = Inputs.of(x, x, x).withSame(1, 0).withSame(2, 0);
        Layer mha = MultiheadAttention.of(16, 4).bias(false).batchFirst(true);
        assertThat(failed(mha.analyze(self)).reason()).startsWith("TypeError: _native_multi_head_attention()");
        assertThat(failed(wrapped(mha, self)).rule().id()).isEqualTo("thop-0.1.1/mha-fast-path-without-bias-fails");
        // with three distinct tensors torch stays on the Python path: nothing counted, nothing fails
        assertThat(counted(mha.analyze(Inputs.of(x, x, x))).count().total()).isZero();
    }

    @Test
    void should_see_nothing_inside_a_transformer_layer_on_its_fast_path() {
        // sequence first: linear1 5·2·16·32 = 5,120, linear2 5,120, each norm 2·160·2 = 640: 11,520; params
        // 16·32 + 32 + 32·16 + 16 + 2·32 = 1,136 (self_attn counts nothing)
        Outcome.Counted python = counted(TransformerEncoderLayer.of(16, 4, 32).analyze(Shape.of(5, 2, 16)));
        assertThat(python.count().total()).isEqualTo(11_520);
        assertThat(python.params()).isEqualTo(1_136);
        // no-grad-fast-paths: batch first with an even nhead, no submodule runs
        Outcome.Counted fast = counted(TransformerEncoderLayer.of(16, 4, 32).batchFirst(true)
                .analyze(Shape.of(2, 5, 16)));
        assertThat(fast.count().total()).isZero();
        assertThat(fast.params()).isZero();
        assertThat(fast.count().contributions()).anySatisfy(k -> {
            assertThat(k.path()).isEqualTo("linear1");
            assertThat(k.name()).isEqualTo("weight multiplications");
            assertThat(k.rule().id()).isEqualTo("thop-0.1.1/no-grad-fast-paths");
        });
        // an odd nhead keeps the Python path
        assertThat(counted(TransformerEncoderLayer.of(16, 1, 32).batchFirst(true).analyze(Shape.of(2, 5, 16)))
                .count().total()).isEqualTo(11_520);
    }

    @Test
    void should_count_upsampling_per_mode_and_trilinear_as_zero() {
        // upsample-per-mode: bilinear ×2 of (1, 3, 4, 4): 192 output elements · 11; upsample-other-modes-zero
        assertThat(counted(Upsample.of().scaleFactor(2).mode("bilinear").analyze(Shape.of(1, 3, 4, 4))).count()
                .total()).isEqualTo(192 * 11);
        Outcome.Counted tri = counted(Upsample.of().scaleFactor(2).mode("trilinear").analyze(Shape.of(1, 2, 3, 4, 4)));
        assertThat(tri.count().total()).isZero();
        assertThat(tri.count().contributions()).allSatisfy(k ->
                assertThat(k.rule().id()).isEqualTo("thop-0.1.1/upsample-other-modes-zero"));
    }

    @Test
    void should_count_two_per_element_without_affine_and_nothing_for_groupnorm() {
        // normalization-2-per-element: (2, 8, 6, 6) has 576 elements
        assertThat(counted(BatchNorm2d.of(8).affine(false).analyze(Shape.of(2, 8, 6, 6))).count().total())
                .isEqualTo(2 * 576);
        Outcome.Counted group = counted(wrapped(GroupNorm.of(2, 8), Shape.of(2, 8, 6, 6)));
        assertThat(group.count().total()).isZero();
        assertThat(group.params()).isZero();
    }

    @Test
    void should_leave_out_the_parameters_of_a_layer_without_a_rule() {
        // registered-types-only: Embedding(10000, 256) has no rule, its 2,560,000 weights are not counted.
        // LSTM(256, 512, 2) on (4, 35, 256) read sequence first: steps 4, batch 35; cells
        // 4·((256 + 512)·512 + 512 + 1,024) + 2,048 = 1,581,056 and 4·((512 + 512)·512 + 1,536) + 2,048 = 2,105,344:
        // 140·3,686,400 = 516,096,000; Linear(512, 10000): 512·4·35·10,000 = 716,800,000
        Outcome.Counted c = counted(Sequential.of(Embedding.of(10_000, 256), LSTM.of(256, 512).numLayers(2),
                Linear.of(512, 10_000)).analyze(Shape.of(4, 35)));
        assertThat(c.count().total()).isEqualTo(516_096_000L + 716_800_000L);
        long lstm = 4L * 512 * (256 + 512) + 8 * 512 + 4L * 512 * (512 + 512) + 8 * 512;
        assertThat(c.params()).isEqualTo(lstm + 512 * 10_000 + 10_000).isEqualTo(8_808_208);
    }

    @Test
    void should_add_a_modules_ops_per_call_and_its_params_once() {
        // BasicBlock(64, 64) on (1, 64, 8, 8): two 3×3 convs, 4,096 outputs · 64 · 9 = 2,359,296 each; two
        // BatchNorm2d, 2·4,096·2 = 16,384 each; relu (called twice) counts zero.
        // params 2·64·64·9 + 2·128 = 73,984
        Analysis block = BasicBlock.of(64, 64).analyze(Shape.of(1, 64, 8, 8));
        Outcome.Counted c = counted(block);
        assertThat(c.count().total()).isEqualTo(2 * 2_359_296L + 2 * 16_384L);
        assertThat(c.params()).isEqualTo(73_984);
        assertThat(THOP.layerInfo(block)).extracting(ThopConvention.Row::name).containsExactly(
                "conv1", "bn1", "relu", "conv2", "bn2");
    }

    @Test
    void should_round_a_total_beyond_two_to_the_53_as_float64_does() {
        // float64-totals: Linear(3, 1) on (2^52 + 1, 3) counts 3·(2^52 + 1) = 3·2^52 + 3, an odd number where
        // doubles are 2 apart: it rounds to the even neighbour 3·2^52 + 4
        long rows = (1L << 52) + 1;
        Outcome.Counted c = counted(Linear.of(3, 1).analyze(Shape.of(rows, 3)));
        assertThat(c.count().total()).isEqualTo(3 * (1L << 52) + 4);
        assertThat(c.count().contributions()).anySatisfy(k -> {
            assertThat(k.name()).isEqualTo("float64 rounding of the total");
            assertThat(k.value()).isEqualTo(1);
            assertThat(k.rule().id()).isEqualTo("thop-0.1.1/float64-totals");
        });
    }

    @Test
    void should_predict_the_layer_info_rows_of_modules_skipped_or_never_called() {
        // a fast-path layer's registered children report float zeros; self_attn and its idle out_proj are recursed
        // into and report the integer 0
        List<ThopConvention.Row> rows = THOP.layerInfo(TransformerEncoderLayer.of(16, 4, 32).batchFirst(true)
                .analyze(Shape.of(2, 5, 16)));
        assertThat(rows).extracting(ThopConvention.Row::name).containsExactlyInAnyOrder("self_attn",
                "self_attn.out_proj", "linear1", "dropout", "linear2", "norm1", "norm2", "dropout1", "dropout2");
        assertThat(rows).filteredOn(r -> r.name().equals("self_attn")).singleElement().satisfies(r -> {
            assertThat(r.paramsFloat()).isFalse();
            assertThat(r.hasChildren()).isTrue();
            assertThat(r.depth()).isEqualTo(1);
        });
        assertThat(rows).filteredOn(r -> r.name().equals("linear1")).singleElement().satisfies(r -> {
            assertThat(r.paramsFloat()).isTrue();
            assertThat(r.params()).isZero();
            assertThat(r.macs()).isZero();
        });
    }

    @Test
    void should_explain_each_uncounted_term_by_a_thop_rule() {
        // thop − exact for the keyword-spotting model: the convolution's products agree; every other exact term is a
        // line that names the thop rule which leaves it out
        Discrepancy d = Discrepancy.explain(KWS, THOP, Conventions.EXACT);
        assertThat(d.lines()).noneSatisfy(l -> assertThat(l.name()).isEqualTo("weight multiplications"));
        assertThat(d.lines()).anySatisfy(l -> {
            assertThat(l.path()).isEqualTo("0");
            assertThat(l.name()).isEqualTo("products summed within a window");
            assertThat(l.ruleA()).hasValueSatisfying(r ->
                    assertThat(r.id()).isEqualTo("thop-0.1.1/conv-products-only"));
        });
        assertThat(d.lines()).filteredOn(l -> l.path().equals("2")).isNotEmpty().allSatisfy(l ->
                assertThat(l.ruleA()).hasValueSatisfying(r ->
                        assertThat(r.id()).isEqualTo("thop-0.1.1/registered-types-only")));
        assertThat(d.lines().stream().mapToLong(Discrepancy.Line::delta).sum()).isEqualTo(d.gap().orElseThrow());
    }

    @Test
    void every_rule_is_listed_with_an_id_a_statement_and_a_thop_source() {
        assertThat(THOP.rules()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.id()).startsWith("thop-0.1.1/");
            assertThat(r.statement()).isNotBlank();
            assertThat(r.source()).startsWith("thop/");
        });
        assertThat(THOP.rules()).extracting(Rule::id).doesNotHaveDuplicates();
        for (Analysis a : List.of(KWS, RNN.of(8, 16).analyze(Shape.of(5, 8)),
                TransformerEncoderLayer.of(16, 4, 32).batchFirst(true).analyze(Shape.of(2, 5, 16)))) {
            assertThat(counted(a).count().contributions()).allSatisfy(k -> assertThat(THOP.rules()).contains(k.rule()));
        }
        assertThat(THOP.id()).isEqualTo("thop-0.1.1");
        assertThat(Conventions.byId("thop-0.1.1")).containsSame(THOP);
    }
}
