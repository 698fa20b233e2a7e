package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Count;
import org.flopcheck.convention.Outcome;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.ConvTranspose1d;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.Hardtanh;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MaxPool2d;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.RNN;
import org.flopcheck.layers.RNNCell;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.SiLU;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.layers.Upsample;
import org.flopcheck.blocks.Residual;
import org.flopcheck.models.MobileNetV2;
import org.flopcheck.models.ResNet;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.AttentionGenerators;
import org.flopcheck.testing.ElementwiseGenerators;
import org.flopcheck.testing.LayerGenerators;
import org.flopcheck.testing.NormGenerators;
import org.flopcheck.testing.PoolGenerators;
import org.flopcheck.testing.RecurrentGenerators;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived readings of ptflops' pytorch backend, each naming the rule it exercises. The numbers are worked out
 * from ptflops' hooks in the comments, not copied from the program; the golden corpus checks them against the real
 * tool.
 */
class PtflopsPytorchConventionTest {
    static final PtflopsPytorchConvention NEW = PtflopsPytorchConvention.V0_7_5;
    static final PtflopsPytorchConvention OLD = PtflopsPytorchConvention.V0_7_2_2;

    /** Keyword-spotting model: Conv2d(1, 32, (4, 10), stride (2, 8), no bias), BatchNorm2d(32), Hardtanh. */
    static final Layer KWS = Sequential.of(Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false),
            BatchNorm2d.of(32).eps(1e-4), Hardtanh.of(0.0, 3.96875));

    private static Count count(PtflopsPytorchConvention tool, Layer layer, Shape... inputs) {
        return tool.count(layer.analyze(Inputs.of(inputs)));
    }

    private static long value(Count c, String path, String name) {
        return c.contributions().stream().filter(k -> k.path().equals(path) && k.name().equals(name))
                .mapToLong(Contribution::value).sum();
    }

    private static List<String> rules(Count c) {
        return c.contributions().stream().map(k -> k.rule().id()).distinct().toList();
    }

    /** The capture script's PositionalWrapper: the layer as only child, called with positional inputs. */
    private static Layer positional(Layer layer) {
        return new Layer() {
            @Override
            public String type() {
                return "PositionalWrapper";
            }

            @Override
            public Analysis analyze(Inputs inputs) {
                Analysis child = layer.analyze(inputs);
                return Analysis.composite(this, inputs, child.outputs(), new Worksheet(type()),
                        List.of(child.named("layer")));
            }
        };
    }

    @Test
    void should_count_the_kws_model_with_bias_free_conv_and_batchnorm_doubled_for_affine() {
        // conv: 4·10 taps · 1·32 channels per position, 64·4 positions, batch 1: 327,680
        // BatchNorm2d: 32·64·4 = 8,192 input elements, ×2 for affine: 16,384; Hardtanh has no hook
        for (PtflopsPytorchConvention tool : List.of(NEW, OLD)) {
            Count c = count(tool, KWS, Shape.of(1, 1, 130, 40));
            assertThat(c.total()).isEqualTo(344_064);
            assertThat(value(c, "0", "weight multiplications")).isEqualTo(327_680);
            assertThat(value(c, "1", "normalization counted as 1 per input element (2 with affine)"))
                    .isEqualTo(16_384);
            assertThat(rules(c)).containsExactly(tool.convolution.id(), tool.normalization.id());
            assertThat(((Outcome.Counted) tool.outcome(KWS.analyze(Shape.of(1, 1, 130, 40)))).params())
                    .isEqualTo(32 * 40 + 2 * 32);
        }
    }

    @Test
    void should_divide_the_hooks_by_len_of_the_first_input_and_truncate() {
        // Linear(16, 8) on a 1-D input of 16: (16·8 + 8)·1 = 136 by the hook; the batch counter is len(x) = 16;
        // int(136 / 16) = int(8.5) = 8
        Count c = count(NEW, Linear.of(16, 8), Shape.of(16));
        assertThat(c.total()).isEqualTo(8);
        assertThat(value(c, "", "weight multiplications")).isEqualTo(128);
        assertThat(value(c, "", "bias additions")).isEqualTo(8);
        assertThat(value(c, "", "division by the batch counter, truncated")).isEqualTo(8 - 136);
        assertThat(rules(c)).contains(NEW.batchCounter.id());
    }

    @Test
    void should_count_patched_functionals_again_and_undivided() {
        // MaxPool2d(2) on (2, 3, 9, 9): the hook counts 486 input elements (divided by the batch 2: 243), the
        // patched F.max_pool2d another 486, not divided: 729
        Count c = count(NEW, MaxPool2d.of(2), Shape.of(2, 3, 9, 9));
        assertThat(c.total()).isEqualTo(729);
        assertThat(value(c, "", "F.max_pool2d (patched) counted as 1 per input element")).isEqualTo(486);
        assertThat(rules(c)).contains(NEW.pooling.id(), NEW.patchedFunctionals.id(), NEW.batchCounter.id());
        // ReLU counts its output (hook) and F.relu's input; SiLU has no hook, only F.silu: (3·10) for (3, 10)
        assertThat(count(NEW, ReLU.of(), Shape.of(3, 10)).total()).isEqualTo(30 / 3 + 30);
        assertThat(count(NEW, SiLU.of(), Shape.of(3, 10)).total()).isEqualTo(30);
    }

    @Test
    void should_never_double_layer_norm_whose_affine_flag_has_another_name() {
        // LayerNorm(16) on (2, 5, 16): 160 input elements, not doubled though elementwise_affine is true; /2
        assertThat(count(NEW, LayerNorm.of(16), Shape.of(2, 5, 16)).total()).isEqualTo(80);
    }

    @Test
    void should_count_upsample_on_the_first_sample_and_again_in_interpolate() {
        Upsample up = Upsample.of().scaleFactor(2.0);
        // hook: output (1, 3, 8, 8), first sample 3·8·8 = 192. F.interpolate: 0.7.5 input elements 48 × 2^2
        // (spatial dimensions) = 192; 0.7.2.2 48 × 2^1 (len(input) = 1) = 96
        assertThat(count(NEW, up, Shape.of(1, 3, 4, 4)).total()).isEqualTo(384);
        assertThat(count(OLD, up, Shape.of(1, 3, 4, 4)).total()).isEqualTo(288);
        // scale 1.5 on (2, 3, 5, 5): output (2, 3, 7, 7); hook 3·49 = 147 / 2 = 73.5; F.interpolate (0.7.5)
        // 150 × 1.5^2 = 337.5; int(73.5 + 337.5) = 411, where flooring each part would give 410
        Count c = count(NEW, Upsample.of().scaleFactor(1.5), Shape.of(2, 3, 5, 5));
        assertThat(c.total()).isEqualTo(411);
        assertThat(value(c, "", "F.interpolate (patched) counted as input elements × scale_factor^d"))
                .isEqualTo(337);
        assertThat(value(c, "", "division by the batch counter, truncated")).isEqualTo(411 - 337 - 147);
        // 0.7.2.2 with a 2-tuple scale_factor and batch 1: (2.0, 3.0) ** len(input) raises TypeError
        Outcome failed = OLD.outcome(Upsample.of().scaleFactor(2.0, 3.0).analyze(Shape.of(1, 3, 4, 4)));
        assertThat(failed).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.reason()).contains("TypeError: unsupported operand type(s) for ** or pow()");
            assertThat(f.rule()).isEqualTo(OLD.patchedInterpolate);
        });
        // 0.7.5: 3·8·12 = 288 by the hook, 48 × int(2.0)·int(3.0) = 288 by F.interpolate
        assertThat(count(NEW, Upsample.of().scaleFactor(2.0, 3.0), Shape.of(1, 3, 4, 4)).total()).isEqualTo(576);
    }

    @Test
    void should_read_an_unbatched_convolution_input_channels_as_the_batch() {
        // Conv1d(4, 8, 3) on (4, 32): output (8, 30); batch_size = input.shape[0] = 4 channels,
        // prod(output.shape[2:]) = 1 position: 4·(3·4·8) = 384 products
        // bias 0.7.5: 4·prod(output.shape[1:]) = 4·30 = 120; 0.7.2.2: out_channels·active = 8·4 = 32
        // divided by len(input) = 4: (384 + 120)/4 = 126 and (384 + 32)/4 = 104
        assertThat(count(NEW, Conv1d.of(4, 8, 3), Shape.of(4, 32)).total()).isEqualTo(126);
        assertThat(count(OLD, Conv1d.of(4, 8, 3), Shape.of(4, 32)).total()).isEqualTo(104);
        assertThat(rules(count(NEW, Conv1d.of(4, 8, 3), Shape.of(4, 32)))).contains(NEW.firstDimensionIsBatch.id());
    }

    @Test
    void should_count_transposed_convolution_at_input_positions_in_0_7_5_and_output_positions_before() {
        // ConvTranspose1d(4, 6, 3) on (1, 4, 10): output length 12
        // 0.7.5: 10 input positions · 3·4·6 = 720, bias 6·12 = 72: 792
        // 0.7.2.2: 12 output positions · 3·4·6 = 864, bias 6·12 = 72: 936
        Count c = count(NEW, ConvTranspose1d.of(4, 6, 3), Shape.of(1, 4, 10));
        assertThat(c.total()).isEqualTo(792);
        assertThat(rules(c)).contains(NEW.transposedConvolution.id());
        Count old = count(OLD, ConvTranspose1d.of(4, 6, 3), Shape.of(1, 4, 10));
        assertThat(old.total()).isEqualTo(936);
        assertThat(value(old, "", "products counted at output positions")).isEqualTo(864);
    }

    @Test
    void should_multiply_an_rnn_by_the_first_two_input_dimensions_whatever_they_are() {
        // RNN(8, 16) on unbatched (5, 8): per step 16·8 + 16·16 + 16 (both states added) + 16 + 16 (biases) = 432,
        // times input.shape[0]·input.shape[1] = 5·8 = 40: 17,280, divided by len(input) = 5: 3,456
        assertThat(count(NEW, RNN.of(8, 16), Shape.of(5, 8)).total()).isEqualTo(3_456);
        // a 1-D input to a cell: the hook reads input.shape[1] and raises IndexError
        assertThat(NEW.outcome(RNNCell.of(4, 5).analyze(Shape.of(4))))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.rule())
                        .isEqualTo(NEW.unbatchedIndexError));
    }

    @Test
    void should_fail_attention_called_with_keywords_and_count_it_twice_when_positional() {
        MultiheadAttention mha = MultiheadAttention.of(16, 4);
        Inputs qkv = Inputs.of(Shape.of(5, 2, 16), Shape.of(5, 2, 16), Shape.of(5, 2, 16));
        assertThat(NEW.outcome(mha.analyze(qkv))).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.reason()).contains("ValueError: not enough values to unpack (expected 3, got 0)");
            assertThat(f.rule()).isEqualTo(NEW.keywordInputs);
        });
        // hook, per batch element (L = S = 5, E = 16, h = 4): scaling 80, projections 3·5·256 = 3,840, biases
        // 15·16 = 240, heads 4·(5·5·4 + 25 + 5·5·4) = 900, output 5·16·17 = 1,360: 6,420, ×2 = 12,840.
        // torch.bmm twice (8·5·4·5 = 800 each) and F.softmax (8·5·5 = 200): 1,800. Keywords: batch counter 1.
        Count c = count(NEW, positional(mha), Shape.of(5, 2, 16), Shape.of(5, 2, 16), Shape.of(5, 2, 16));
        assertThat(c.total()).isEqualTo(14_640);
        assertThat(value(c, "layer", "query-key multiplications")).isEqualTo(2 * 4 * 5 * 5 * 4);
        assertThat(value(c, "layer", "query-key multiplications (torch.bmm, patched)")).isEqualTo(800);
        assertThat(rules(c)).contains(NEW.attention.id(), NEW.patchedTensorOps.id(), NEW.patchedFunctionals.id());
        // unbatched: the hook reads q.shape[2]
        assertThat(NEW.outcome(positional(mha).analyze(Inputs.of(Shape.of(5, 16), Shape.of(7, 16),
                Shape.of(7, 16))))).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.rule())
                .isEqualTo(NEW.unbatchedIndexError));
    }

    @Test
    void should_see_every_transformer_submodule_but_not_the_activation_captured_at_construction() {
        // TransformerEncoderLayer(16, 4, 32) on (5, 2, 16), sequence first; gradients on: no fast path.
        // self_attn hook 12,840 (as in the attention example, batch 2); linear1 (16·32 + 32)·10 = 5,440;
        // linear2 (32·16 + 16)·10 = 5,280; norm1 and norm2 160 each (LayerNorm, never doubled): 23,880, divided by
        // len(input) = 5 (the sequence length): 4,776. torch.bmm 800 + 800 and F.softmax 200 undivided: 6,576.
        // F.relu was stored by the layer before ptflops patched it: no count.
        Count c = count(NEW, TransformerEncoderLayer.of(16, 4, 32), Shape.of(5, 2, 16));
        assertThat(c.total()).isEqualTo(6_576);
        assertThat(value(c, "linear1", "weight multiplications")).isEqualTo(10 * 16 * 32);
        assertThat(value(c, "self_attn", "weight-value multiplications (torch.bmm, patched)")).isEqualTo(800);
        assertThat(c.contributions()).noneSatisfy(k -> assertThat(k.name()).startsWith("F.relu"));
        assertThat(value(c, "", "division by the batch counter, truncated")).isEqualTo(4_776 - 23_880);
    }

    @Test
    void should_count_torchvision_functional_pooling_and_each_call_of_a_shared_relu() {
        // MobileNetV2's forward calls nn.functional.adaptive_avg_pool2d on the (1, 1280, 7, 7) features
        Count mobile = count(NEW, MobileNetV2.of(), Shape.of(1, 3, 224, 224));
        assertThat(value(mobile, "", "F.adaptive_avg_pool2d (patched) counted as 1 per input element"))
                .isEqualTo(1280 * 7 * 7);
        // ResNet-18's BasicBlock calls its one relu twice: both calls are hooked, on 64·56·56 elements each
        Count resnet = count(NEW, ResNet.resnet18(), Shape.of(1, 3, 224, 224));
        assertThat(resnet.contributions()).filteredOn(k -> k.path().equals("layer1.0.relu")
                && k.name().equals("activation counted as 1 per output element"))
                .extracting(Contribution::value).containsExactly(64L * 56 * 56, 64L * 56 * 56);
    }

    @Test
    void should_refuse_a_block_whose_forward_it_cannot_know() {
        Outcome o = NEW.outcome(Residual.of(Linear.of(4, 4)).analyze(Shape.of(2, 4)));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.rule()).isEqualTo(NEW.unknownForward);
            assertThat(f.reason()).contains("Residual");
        });
    }

    /** Each contribution's value is its weight times its formula evaluated with its own bindings. */
    private static void formulasMatchValues(Analysis a) {
        for (PtflopsPytorchConvention tool : List.of(NEW, OLD)) {
            if (tool.outcome(a) instanceof Outcome.Counted counted) {
                assertThat(counted.count().contributions()).allSatisfy(k -> assertThat(k.weight()
                        * k.formula().eval(k.values())).as("%s", k).isEqualTo(k.value()));
            }
        }
    }

    @Test
    void every_contribution_is_its_weight_times_its_formula() {
        qt().withFixedSeed(11L).withExamples(150).forAll(LayerGenerators.convolutions())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(12L).withExamples(150).forAll(LayerGenerators.transposedConvolutions())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(13L).withExamples(100).forAll(LayerGenerators.linears())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        for (int dims = 1; dims <= 3; dims++) {
            qt().withFixedSeed(14L).withExamples(50).forAll(NormGenerators.batchNorms(dims))
                    .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
            qt().withFixedSeed(15L).withExamples(50).forAll(NormGenerators.instanceNorms(dims))
                    .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        }
        qt().withFixedSeed(16L).withExamples(100).forAll(NormGenerators.layerNorms())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(17L).withExamples(100).forAll(NormGenerators.groupNorms())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(18L).withExamples(100).forAll(PoolGenerators.maxPools())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(19L).withExamples(100).forAll(PoolGenerators.avgPools())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(20L).withExamples(100).forAll(PoolGenerators.adaptiveMaxPools())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(21L).withExamples(100).forAll(ElementwiseGenerators.activations())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(22L).withExamples(100).forAll(ElementwiseGenerators.softmaxes())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(23L).withExamples(200).forAll(ElementwiseGenerators.upsamples())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.input())));
        qt().withFixedSeed(24L).withExamples(150).forAll(RecurrentGenerators.all())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.inputs())));
        qt().withFixedSeed(25L).withExamples(100).forAll(RecurrentGenerators.allCells())
                .checkAssert(c -> formulasMatchValues(c.layer().analyze(c.inputs())));
        qt().withFixedSeed(26L).withExamples(150).forAll(AttentionGenerators.attentions())
                .checkAssert(c -> formulasMatchValues(positional(c.layer()).analyze(c.inputs())));
    }

    @Test
    void convolution_counts_are_per_sample_for_batched_inputs() {
        // the hook multiplies by input.shape[0] and the total divides by len(input): the batch cancels exactly
        qt().withFixedSeed(31L).withExamples(200).forAll(LayerGenerators.convolutions(),
                LayerGenerators.ints(2, 6)).assuming((c, n) -> c.batched()).checkAssert((c, n) -> {
                    Shape one = c.input().with(0, 1);
                    Shape many = c.input().with(0, n[0]);
                    for (PtflopsPytorchConvention tool : List.of(NEW, OLD)) {
                        assertThat(tool.count(c.layer().analyze(many)).total())
                                .isEqualTo(tool.count(c.layer().analyze(one)).total());
                    }
                });
        qt().withFixedSeed(32L).withExamples(200).forAll(LayerGenerators.transposedConvolutions(),
                LayerGenerators.ints(2, 6)).assuming((c, n) -> c.batched()).checkAssert((c, n) -> {
                    for (PtflopsPytorchConvention tool : List.of(NEW, OLD)) {
                        assertThat(tool.count(c.layer().analyze(c.input().with(0, n[0]))).total())
                                .isEqualTo(tool.count(c.layer().analyze(c.input().with(0, 1))).total());
                    }
                });
    }

    @Test
    void every_rule_has_a_versioned_id_and_a_source() {
        for (PtflopsPytorchConvention tool : List.of(NEW, OLD)) {
            assertThat(tool.rules()).allSatisfy(r -> {
                assertThat(r.id()).startsWith(tool.id() + "/");
                assertThat(r.source()).satisfiesAnyOf(src -> assertThat(src).startsWith("ptflops " + tool.version()
                        + " ptflops/"), src -> assertThat(src).startsWith("flopcheck"));
            });
            assertThat(tool.rules().stream().map(r -> r.id()).distinct().count()).isEqualTo(tool.rules().size());
        }
    }
}
