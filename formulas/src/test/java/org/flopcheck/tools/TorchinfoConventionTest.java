package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.expr.Exprs.num;

import java.util.List;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Discrepancy;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.ForwardCalls;
import org.flopcheck.layers.Hardtanh;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.TransformerEncoder;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived torchinfo 1.8.0 numbers, each naming the rule it exercises. The golden corpus checks every recorded
 * reading; these fix the reasons.
 */
class TorchinfoConventionTest {
    private static final TorchinfoConvention TORCHINFO = TorchinfoConvention.INSTANCE;

    private static Outcome.Counted counted(Analysis a) {
        Outcome o = TORCHINFO.outcome(a);
        assertThat(o).isInstanceOf(Outcome.Counted.class);
        return (Outcome.Counted) o;
    }

    private static Contribution part(Outcome.Counted c, String path, String name) {
        return c.count().contributions().stream().filter(k -> k.path().equals(path) && k.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no contribution " + path + " " + name + " in\n"
                        + c.count().plain()));
    }

    @Test
    void should_count_the_keyword_spotting_model_as_327_744_from_two_leaf_rows() {
        Analysis kws = Sequential.of(Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false),
                BatchNorm2d.of(32).eps(1e-4), Hardtanh.of(0.0, 3.96875)).analyze(Shape.of(1, 1, 130, 40));
        Outcome.Counted c = counted(kws);
        // conv-output-positions: 32·1·4·10 = 1,280 weights, output (1, 32, 64, 4): 1,280 · 1·64·4
        Contribution conv = part(c, "0", "weight multiplications");
        assertThat(conv.value()).isEqualTo(1_280L * 64 * 4).isEqualTo(327_680);
        assertThat(conv.rule()).isEqualTo(TorchinfoConvention.CONV_POSITIONS);
        assertThat(conv.formula().plain()).endsWith("·out_0·out_2·out_3");
        // weight-bias-first-dimension: 32 weights and 32 biases, output_size[0] = 1
        assertThat(part(c, "1", "weight elements × output_size[0]").value()).isEqualTo(32);
        assertThat(part(c, "1", "bias elements × output_size[0]").rule())
                .isEqualTo(TorchinfoConvention.FIRST_DIMENSION);
        // leaf-rows-only: the Sequential's own row (1,344 params · 1·32 = 43,008) is not added
        assertThat(c.count().total()).isEqualTo(327_680 + 64);
        assertThat(TORCHINFO.summaryList(kws).get(0).macs()).isEqualTo(1_344L * 32).isEqualTo(43_008);
        assertThat(c.params()).isEqualTo(1_280 + 64);
        assertThat(c.trainableParams()).hasValue(1_344);
    }

    @Test
    void should_multiply_a_linear_layers_weights_by_the_first_output_dimension_only() {
        // weight-bias-first-dimension: 16·8 + 8 = 136 parameters
        Linear fc = Linear.of(16, 8);
        assertThat(counted(fc.analyze(Shape.of(4, 16))).count().total()).isEqualTo(4 * 136);
        // (2, 5, 16) -> (2, 5, 8): only the 2 counts, not the 5 positions
        assertThat(counted(fc.analyze(Shape.of(2, 5, 16))).count().total()).isEqualTo(2 * 136);
        // unbatched (16,) -> (8,): the first dimension is the 8 output features
        assertThat(counted(fc.analyze(Shape.of(16))).count().total()).isEqualTo(8 * 136).isEqualTo(1_088);
    }

    @Test
    void should_skip_the_channel_dimension_of_an_unbatched_convolution_output_rather_than_the_batch() {
        // conv-output-positions: Conv1d(4, 8, 3) has 8·4·3 + 8 = 104 parameters; (4, 32) -> (8, 30):
        // output_size[:1] + output_size[2:] = [8], so 104·8
        Outcome.Counted c = counted(Conv1d.of(4, 8, 3).analyze(Shape.of(4, 32)));
        assertThat(c.count().total()).isEqualTo(104 * 8).isEqualTo(832);
        // batched (1, 4, 32) -> (1, 8, 30): 104·1·30
        assertThat(counted(Conv1d.of(4, 8, 3).analyze(Shape.of(1, 4, 32))).count().total()).isEqualTo(104 * 30);
    }

    @Test
    void should_multiply_recurrent_weights_by_the_first_two_dimensions_of_the_first_output() {
        // other-weights-first-two-dimensions and first-output-only: LSTM(8, 16) has 4·16·8 + 4·16·16 + 2·64 = 1,664
        // parameters; on (5, 2, 8) the output is (5, 2, 16), so 5·2 positions; h_n and c_n play no part
        LSTM lstm = LSTM.of(8, 16);
        Outcome.Counted batched = counted(lstm.analyze(Shape.of(5, 2, 8)));
        assertThat(batched.count().total()).isEqualTo(1_664 * 10).isEqualTo(16_640);
        assertThat(batched.count().contributions()).allSatisfy(k -> assertThat(k.rule())
                .isEqualTo(TorchinfoConvention.FIRST_TWO_DIMENSIONS));
        // unbatched (5, 8) -> (5, 16): 5·16 = 80 "positions"
        assertThat(counted(lstm.analyze(Shape.of(5, 8))).count().total()).isEqualTo(1_664 * 80).isEqualTo(133_120);
    }

    @Test
    void should_count_no_macs_for_multihead_attention_and_all_its_parameters_as_leftover() {
        // leaf-rows-only: out_proj makes it a container and never runs; leaf-and-leftover-params: 4·16·16 + 4·16
        Analysis mha = MultiheadAttention.of(16, 4).analyze(Shape.of(5, 2, 16), Shape.of(7, 2, 16), Shape.of(7, 2, 16));
        Outcome.Counted c = counted(mha);
        assertThat(c.count().total()).isZero();
        assertThat(c.count().contributions()).isEmpty();
        assertThat(c.params()).isEqualTo(4 * 16 * 16 + 4 * 16).isEqualTo(1_088);
        assertThat(c.trainableParams()).hasValue(1_088);
    }

    @Test
    void should_fail_where_the_native_attention_fast_path_meets_a_missing_bias() {
        // forward-failure: batch-first self-attention without bias under no_grad
        Layer mha = MultiheadAttention.of(16, 4).batchFirst(true).bias(false);
        Inputs self = Inputs.of(Shape.of(2, 5, 16), Shape.of(2, 5, 16), Shape.of(2, 5, 16)).withSame(1, 0)
                .withSame(2, 0);
        Outcome o = TORCHINFO.outcome(mha.analyze(self));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("RuntimeError: Failed to run torchinfo. See above stack traces for more"
                    + " details. Executed layers up to: []\ncaused by TypeError: _native_multi_head_attention():"
                    + " argument 'qkv_bias' (position 7) must be Tensor, not NoneType");
            assertThat(f.rule()).isEqualTo(TorchinfoConvention.FORWARD_FAILURE);
        });
        assertThatThrownBy(() -> TORCHINFO.summaryList(mha.analyze(self))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qkv_bias");
        // with bias the fast path runs: a container row without children, 0 MACs
        Analysis withBias = MultiheadAttention.of(16, 4).batchFirst(true).analyze(self);
        assertThat(counted(withBias).count().total()).isZero();
        // three distinct tensors keep it on the Python path, which has no such failure
        assertThat(TORCHINFO.outcome(MultiheadAttention.of(16, 4).batchFirst(true).bias(false)
                .analyze(Shape.of(2, 5, 16), Shape.of(2, 5, 16), Shape.of(2, 5, 16))))
                .isInstanceOf(Outcome.Counted.class);
    }

    @Test
    void should_name_the_rows_that_completed_before_a_failing_forward() {
        // forward-failure: the Linear's hook has fired, the Sequential's has not
        Layer model = new Layer() {
            @Override
            public String type() {
                return "SelfAttention";
            }

            @Override
            public Analysis analyze(Inputs inputs) {
                ForwardCalls calls = new ForwardCalls();
                Shape h = calls.call("proj", Linear.of(16, 16), inputs.get(0));
                Shape attn = calls.call("attn", MultiheadAttention.of(16, 4).batchFirst(true).bias(false),
                        Inputs.of(h, h, h).withSame(1, 0).withSame(2, 0)).output();
                return Analysis.composite(this, inputs, List.of(attn), new Worksheet(type()), calls.children());
            }
        };
        Outcome o = TORCHINFO.outcome(model.analyze(Shape.of(2, 5, 16)));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.reason())
                .contains("Executed layers up to: [Linear: 1]\ncaused by TypeError"));
    }

    @Test
    void should_see_no_submodule_of_a_transformer_layer_on_torchs_fast_path() {
        // no-grad-fast-paths: batched, batch_first, even nhead: only the layer's own row, a container
        TransformerEncoderLayer layer = TransformerEncoderLayer.of(16, 4, 32).batchFirst(true);
        Outcome.Counted fast = counted(layer.analyze(Shape.of(2, 5, 16)));
        assertThat(fast.count().total()).isZero();
        // leaf-and-leftover-params: 4·16² + 4·16 + (16·32 + 32) + (32·16 + 16) + 2·2·16 = 2,224, all leftover
        assertThat(fast.params()).isEqualTo(1_088 + 544 + 528 + 64).isEqualTo(2_224);
        assertThat(TORCHINFO.summaryList(layer.analyze(Shape.of(2, 5, 16)))).hasSize(1);
        // an odd nhead keeps the Python path: norm1, linear1, linear2, norm2 counted by output_size[0] = 2
        Outcome.Counted odd = counted(TransformerEncoderLayer.of(16, 1, 32).batchFirst(true)
                .analyze(Shape.of(2, 5, 16)));
        assertThat(odd.count().total()).isEqualTo(2 * (32 + 544 + 528 + 32)).isEqualTo(2_272);
        // sequence-first: output_size[0] is the sequence length 5
        Outcome.Counted seqFirst = counted(TransformerEncoderLayer.of(16, 4, 32).analyze(Shape.of(5, 2, 16)));
        assertThat(seqFirst.count().total()).isEqualTo(5 * (32 + 544 + 528 + 32)).isEqualTo(5_680);
    }

    @Test
    void should_insert_the_never_called_module_list_of_a_transformer_encoder_as_a_row() {
        // missing-container-rows: TransformerEncoder, layers (ModuleList, not executed), layers.0, layers.1
        TransformerEncoder encoder = TransformerEncoder.of(TransformerEncoderLayer.of(16, 4, 32).batchFirst(true), 2);
        List<TorchinfoConvention.Row> rows = TORCHINFO.summaryList(encoder.analyze(Shape.of(2, 5, 16)));
        assertThat(rows).extracting(TorchinfoConvention.Row::path).containsExactly("", "layers", "layers.0",
                "layers.1");
        assertThat(rows.get(1).executed()).isFalse();
        assertThat(rows.get(1).depth()).isEqualTo(1);
        assertThat(rows.get(1).params()).isEqualTo(2 * 2_224);
        assertThat(rows.get(2).depth()).isEqualTo(2);
        Outcome.Counted c = counted(encoder.analyze(Shape.of(2, 5, 16)));
        assertThat(c.count().total()).isZero();
        assertThat(c.params()).isEqualTo(2 * 2_224);
    }

    @Test
    void should_add_the_macs_of_a_module_called_twice_but_its_parameters_once() {
        // row-per-call: Linear(8, 8) has 72 parameters; on (3, 8) each call counts 3·72 = 216. The module's own
        // 4-element 'scale' is its leftover: 76 − 72, the recursive row's 72 not subtracted again
        Layer twice = new Layer() {
            @Override
            public String type() {
                return "Twice";
            }

            @Override
            public Analysis analyze(Inputs inputs) {
                ForwardCalls calls = new ForwardCalls();
                Shape h = calls.call("fc", Linear.of(8, 8), inputs.get(0));
                h = calls.call("fc", Linear.of(8, 8), h);
                Worksheet w = new Worksheet(type());
                w.parameter("scale", num(4));
                return Analysis.composite(this, inputs, List.of(h), w, calls.children());
            }
        };
        Analysis a = twice.analyze(Shape.of(3, 8));
        List<TorchinfoConvention.Row> rows = TORCHINFO.summaryList(a);
        assertThat(rows).extracting(TorchinfoConvention.Row::recursive).containsExactly(false, false, true);
        Outcome.Counted c = counted(a);
        assertThat(c.count().total()).isEqualTo(2 * 3 * 72).isEqualTo(432);
        assertThat(c.params()).isEqualTo(72 + 4);
        assertThat(c.trainableParams()).hasValue(76);
    }

    @Test
    void should_fail_as_torchinfo_does_on_a_weighted_module_with_a_scalar_output() {
        // forward-failure: calculate_macs reads output_size[0] of an empty size; the hook had marked the row executed
        Layer scalar = new Layer() {
            @Override
            public String type() {
                return "Score";
            }

            @Override
            public Analysis analyze(Inputs inputs) {
                Worksheet w = new Worksheet(type());
                w.parameter("weight", num(4));
                return Analysis.leaf(this, inputs, List.of(Shape.of()), w);
            }
        };
        Outcome o = TORCHINFO.outcome(scalar.analyze(Shape.of(4)));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.reason())
                .endsWith("Executed layers up to: [Score: 0]\ncaused by IndexError: list index out of range"));
    }

    @Test
    void should_line_up_with_the_layers_own_terms_where_it_counts_the_same_quantity() {
        // an LSTM on (5, 2, 8) differs from true MACs only by the bias elements torchinfo adds: 10·128 = 1,280
        Analysis lstm = LSTM.of(8, 16).analyze(Shape.of(5, 2, 8));
        Discrepancy d = Discrepancy.explain(lstm, TORCHINFO, Conventions.MACS);
        assertThat(d.gap()).hasValue(16_640L - 15_360);
        assertThat(d.lines()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("bias additions");
            assertThat(l.delta()).isEqualTo(1_280);
        });
        // a Linear on (2, 5, 16): torchinfo counts 2·128 weight multiplications where there are 2·5·128
        Discrepancy linear = Discrepancy.explain(Linear.of(16, 8).analyze(Shape.of(2, 5, 16)), TORCHINFO,
                Conventions.MACS);
        assertThat(linear.lines()).anySatisfy(l -> {
            assertThat(l.name()).isEqualTo("weight multiplications");
            assertThat(l.valueA()).isEqualTo(256);
            assertThat(l.valueB()).isEqualTo(1_280);
        });
    }

    @Test
    void every_rule_is_torchinfos_and_names_its_source() {
        assertThat(TORCHINFO.rules()).extracting(Rule::id).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith("torchinfo-1.8.0/"));
        assertThat(TORCHINFO.rules()).allSatisfy(r -> assertThat(r.source()).startsWith("torchinfo/"));
        assertThat(TORCHINFO.id()).isEqualTo("torchinfo-1.8.0");
    }
}
