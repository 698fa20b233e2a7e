package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Exprs;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Test;

/**
 * The worked numbers of TransformerEncoderLayer's and TransformerEncoder's javadoc, torch's reprs, the calls in
 * torch's order, torch 1.13's fast-path decisions, and the configurations torch rejects.
 */
class TransformerEncoderLayerTest {

    @Test
    void should_have_3_152_384_parameters_for_d_model_512_and_8_heads() {
        long e = 512;
        long f = 2048;
        long selfAttn = 3 * e * e + 3 * e + e * e + e;   // in_proj weight and bias, out_proj: 1,050,624
        long linear1 = e * f + f;                          // 1,050,624
        long linear2 = f * e + e;                          // 1,049,088
        long norms = 2 * (e + e);                          // 2,048
        assertThat(selfAttn + linear1 + linear2 + norms).isEqualTo(3_152_384L);

        Analysis a = TransformerEncoderLayer.of(512, 8).analyze(Shape.of(10, 32, 512));

        FlopcheckAssertions.assertThat(a).hasParams(3_152_384L);
        assertThat(a.children()).extracting(Analysis::name, c -> c.params().total()).contains(
                tuple("self_attn", 1_050_624L), tuple("linear1", 1_050_624L), tuple("linear2", 1_049_088L),
                tuple("norm1", 1_024L), tuple("norm2", 1_024L));
    }

    @Test
    void should_count_the_javadoc_worked_example_as_its_children_and_own_terms() {
        // TransformerEncoderLayer(16, 4, 32) on (S=5, N=2, E=16): self-attention with h = 4, d = 4, L = S = 5
        long s = 5;
        long n = 2;
        long e = 16;
        long h = 4;
        long d = 4;
        long f = 32;
        long rows = n * s;                                              // 10 positions
        long attnMacs = 3 * rows * e * e + n * h * s * s * d * 2 + rows * e * e;   // 7,680 + 1,600 + 2,560
        long attnAdditions = 3 * (rows * e * (e - 1) + rows * e)       // q, k, v projections: 3·(2,400 + 160)
                + n * h * s * s * (d - 1)                               // scores: 600
                + n * h * s * s + n * h * s * (s - 1)                   // softmax: 200 subtractions, 160 sums
                + n * h * s * d * (s - 1)                               // weights·v: 640
                + rows * e * (e - 1) + rows * e;                        // out_proj: 2,400 + 160
        long attnDivisions = rows * e + n * h * s;                      // q scaling 160, softmax reciprocals 40
        long attnReciprocalProducts = n * h * s * s;                    // softmax: 200 multiplications by 1/sum
        long attnComparisons = n * h * s * (s - 1);                     // 160
        long attnExps = n * h * s * s;                                  // 200
        long selfAttn = attnMacs + attnReciprocalProducts + attnAdditions + attnDivisions + attnComparisons
                + attnExps;
        long linear = 2 * rows * f * e;                                 // 10,240 each, with bias
        long norm = rows * (7 * e + 3);                                 // 1,150 each
        long relu = rows * f;                                           // 320 comparisons
        long residuals = 2 * rows * e;                                  // 320 additions
        assertThat(attnMacs).isEqualTo(11_840);
        assertThat(selfAttn).isEqualTo(24_440);
        assertThat(linear).isEqualTo(10_240);
        assertThat(norm).isEqualTo(1_150);
        long macs = attnMacs + 2 * rows * f * e;
        long exact = selfAttn + 2 * linear + 2 * norm + relu + residuals;
        assertThat(macs).isEqualTo(22_080);
        assertThat(exact).isEqualTo(47_860);

        Analysis a = TransformerEncoderLayer.of(16, 4, 32).analyze(Shape.of(5, 2, 16));

        FlopcheckAssertions.assertThat(a).hasOutput(5, 2, 16).hasParams(2_224)
                .counts(Conventions.MACS, macs).counts(Conventions.EXACT, exact)
                .hasTerm("self-attention residual additions", 160)
                .hasTerm("feed-forward residual additions", 160)
                .hasTerm("F.relu: comparisons with zero", relu);
        assertThat(a.terms()).extracting(t -> t.name()).containsExactly("self-attention residual additions",
                "F.relu: comparisons with zero", "feed-forward residual additions");
        assertThat(Conventions.EXACT.count(a.children().get(0)).total()).isEqualTo(selfAttn);
    }

    @Test
    void should_count_gelu_as_the_gelu_module_counts_it_on_linear1_outputs() {
        Analysis a = TransformerEncoderLayer.of(16, 4, 32).activation("gelu").analyze(Shape.of(5, 2, 16));

        long elements = 5 * 2 * 32;
        FlopcheckAssertions.assertThat(a).hasTerm("F.gelu: erf evaluations", elements)
                .hasTerm("F.gelu: multiplications x·(1/√2)", elements)
                .hasTerm("F.gelu: additions 1 + erf(·)", elements);
        assertThat(AnalysisAssert.byOp(a).get(Op.ERF)).isEqualTo(elements);
        assertThat(a.terms()).noneMatch(t -> t.name().contains("relu"));
    }

    @Test
    void should_call_self_attention_on_one_tensor_without_weights() {
        Analysis a = TransformerEncoderLayer.of(16, 4, 32).batchFirst(true).analyze(Shape.of(2, 5, 16));

        Analysis selfAttn = a.children().get(0);
        assertThat(selfAttn.name()).isEqualTo("self_attn");
        assertThat(selfAttn.inputs().same(0, 1)).isTrue();
        assertThat(selfAttn.inputs().same(1, 2)).isTrue();
        assertThat(selfAttn.outputs()).containsExactly(Shape.of(2, 5, 16));
        assertThat(selfAttn.idleSubmodules()).extracting(Submodule::name).containsExactly("out_proj");
        assertThat(a.output()).isEqualTo(Shape.of(2, 5, 16));
        assertThat(a.children()).extracting(c -> c.layer().type()).containsExactly("MultiheadAttention", "Dropout",
                "LayerNorm", "Linear", "Dropout", "Linear", "Dropout", "LayerNorm");
        assertThat(a.children().get(4).output()).isEqualTo(Shape.of(2, 5, 32));
    }

    @Test
    void should_accept_an_unbatched_sequence_as_a_batch_of_one() {
        Analysis a = TransformerEncoderLayer.of(16, 4, 32).batchFirst(true).analyze(Shape.of(5, 16));

        FlopcheckAssertions.assertThat(a).hasOutput(5, 16).hasTerm("self-attention residual additions", 5 * 16);
    }

    @Test
    void should_print_torchs_repr_in_registration_order() {
        assertThat(TransformerEncoderLayer.of(16, 4, 32)).hasToString("""
                TransformerEncoderLayer(
                  (self_attn): MultiheadAttention(
                    (out_proj): NonDynamicallyQuantizableLinear(in_features=16, out_features=16, bias=True)
                  )
                  (linear1): Linear(in_features=16, out_features=32, bias=True)
                  (dropout): Dropout(p=0.1, inplace=False)
                  (linear2): Linear(in_features=32, out_features=16, bias=True)
                  (norm1): LayerNorm((16,), eps=1e-05, elementwise_affine=True)
                  (norm2): LayerNorm((16,), eps=1e-05, elementwise_affine=True)
                  (dropout1): Dropout(p=0.1, inplace=False)
                  (dropout2): Dropout(p=0.1, inplace=False)
                )""");
        assertThat(TransformerEncoderLayer.of(16, 4, 32).activation("gelu").dropout(0.0).layerNormEps(1e-6)
                .batchFirst(true).normFirst(true).toString())
                .contains("(dropout): Dropout(p=0.0, inplace=False)")
                .contains("(norm2): LayerNorm((16,), eps=1e-06, elementwise_affine=True)");
    }

    @Test
    void should_refuse_d_model_not_divisible_by_nhead() {
        assertThatThrownBy(() -> TransformerEncoderLayer.of(10, 3))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("TransformerEncoderLayer: d_model (10) must be divisible by nhead (3)");
    }

    @Test
    void should_refuse_an_activation_other_than_relu_or_gelu() {
        assertThatThrownBy(() -> TransformerEncoderLayer.of(16, 4).activation("tanh"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("activation 'tanh' is not one of 'relu', 'gelu'")
                .hasMessageContaining("torch: activation should be relu/gelu, not tanh");
    }

    @Test
    void should_refuse_a_dropout_outside_0_to_1() {
        assertThatThrownBy(() -> TransformerEncoderLayer.of(16, 4).dropout(1.5))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("TransformerEncoderLayer: dropout (1.5) must be between 0 and 1");
    }

    @Test
    void should_refuse_non_positive_sizes() {
        assertThatThrownBy(() -> TransformerEncoderLayer.of(16, 0))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("TransformerEncoderLayer: nhead (0) must be positive");
        assertThatThrownBy(() -> TransformerEncoderLayer.of(16, 4, 0))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("TransformerEncoderLayer: dim_feedforward (0) must be positive");
    }

    @Test
    void should_refuse_an_input_with_other_features_or_rank() {
        assertThatThrownBy(() -> TransformerEncoderLayer.of(16, 4).analyze(Shape.of(5, 2, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("TransformerEncoderLayer expects input (S, N, E=16) or unbatched (S, E=16), got (5, 2, 8)");
        assertThatThrownBy(() -> TransformerEncoderLayer.of(16, 4).batchFirst(true).analyze(Shape.of(1, 5, 2, 16)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("expects input (N, S, E=16) or unbatched (S, E=16), got (1, 5, 2, 16)");
    }

    @Test
    void should_take_torchs_fast_path_only_batched_batch_first_with_even_heads_and_no_grad() {
        TransformerEncoderLayer layer = TransformerEncoderLayer.of(16, 4, 32).batchFirst(true);
        Shape x = Shape.of(2, 5, 16);

        assertThat(layer.whyNotFastPath(x, false)).isEmpty();
        assertThat(layer.whyNotFastPath(x, true)).contains("grad is enabled and at least one of query or the"
                + " input/output projection weights or biases requires_grad");
        assertThat(layer.whyNotFastPath(Shape.of(5, 16), false))
                .contains("input not batched; expected src.dim() of 3 but got 2");
        assertThat(layer.batchFirst(false).whyNotFastPath(Shape.of(5, 2, 16), false))
                .contains("self_attn.batch_first was not True");
        assertThat(TransformerEncoderLayer.of(16, 1, 32).batchFirst(true).whyNotFastPath(x, false))
                .contains("num_head is odd");
        assertThat(layer.dropout(0.5).normFirst(true).activation("gelu").whyNotFastPath(x, false)).isEmpty();
    }

    @Test
    void should_tell_when_multihead_attention_takes_its_native_fast_path() {
        MultiheadAttention mha = MultiheadAttention.of(16, 4).batchFirst(true);
        Shape x = Shape.of(2, 5, 16);
        Inputs self = Inputs.of(x, x, x).withSame(1, 0).withSame(2, 0);

        assertThat(mha.whyNotFastPath(self, false)).isEmpty();
        assertThat(mha.fastPathFailure()).isEmpty();
        assertThat(mha.whyNotFastPath(self, true)).contains(MultiheadAttention.GRAD_REQUIRED);
        assertThat(mha.whyNotFastPath(Inputs.of(x, x, x), false))
                .contains("non-self attention was used (query, key, and value are not the same Tensor)");
        Shape unbatched = Shape.of(5, 16);
        assertThat(mha.whyNotFastPath(Inputs.of(unbatched, unbatched, unbatched).withSame(1, 0).withSame(2, 0),
                false)).contains("input not batched; expected query.dim() of 3 but got 2");
        assertThat(mha.batchFirst(false).whyNotFastPath(self, false)).contains("batch_first was not True");
        assertThat(mha.addBiasKv(true).whyNotFastPath(self, false)).contains("self.bias_k was not None");
        assertThat(mha.dropout(0.1).whyNotFastPath(self, false)).contains("dropout was 0.1, required zero");
        assertThat(mha.addZeroAttn(true).whyNotFastPath(self, false)).contains("add_zero_attn was enabled");
        assertThat(MultiheadAttention.of(16, 1).batchFirst(true).whyNotFastPath(self, false))
                .contains("num_heads is odd");
    }

    @Test
    void should_report_torchs_type_error_when_the_fast_path_meets_attention_without_bias() {
        MultiheadAttention mha = MultiheadAttention.of(16, 4).batchFirst(true).bias(false);
        Shape x = Shape.of(2, 5, 16);

        assertThat(mha.whyNotFastPath(Inputs.of(x, x, x).withSame(1, 0).withSame(2, 0), false)).isEmpty();
        assertThat(mha.fastPathFailure()).contains("TypeError: _native_multi_head_attention(): argument 'qkv_bias'"
                + " (position 7) must be Tensor, not NoneType");
    }

    @Test
    void should_have_1_579_520_parameters_for_two_layers_of_d_model_256() {
        long e = 256;
        long f = 1024;
        long layer = (4 * e * e + 4 * e) + (e * f + f) + (f * e + e) + 4 * e;   // 789,760
        assertThat(2 * layer).isEqualTo(1_579_520L);

        Analysis a = TransformerEncoder.of(TransformerEncoderLayer.of(256, 4, 1024), 2).analyze(Shape.of(10, 2, 256));

        FlopcheckAssertions.assertThat(a).hasParams(1_579_520L).hasOutput(10, 2, 256);
        assertThat(a.children()).extracting(Analysis::name, c -> c.layer().type()).containsExactly(
                tuple("layers.0", "TransformerEncoderLayer"), tuple("layers.1", "TransformerEncoderLayer"));
        assertThat(a.terms()).isEmpty();
    }

    @Test
    void should_call_the_final_norm_after_the_layers() {
        TransformerEncoder encoder = TransformerEncoder.of(TransformerEncoderLayer.of(16, 4, 32), 1)
                .norm(LayerNorm.of(16));

        Analysis a = encoder.analyze(Shape.of(5, 2, 16));

        assertThat(a.children()).extracting(Analysis::name).containsExactly("layers.0", "norm");
        FlopcheckAssertions.assertThat(a).hasParams(2_224 + 32);
        assertThat(encoder).hasToString("""
                TransformerEncoder(
                  (layers): ModuleList(
                    (0): TransformerEncoderLayer(
                      (self_attn): MultiheadAttention(
                        (out_proj): NonDynamicallyQuantizableLinear(in_features=16, out_features=16, bias=True)
                      )
                      (linear1): Linear(in_features=16, out_features=32, bias=True)
                      (dropout): Dropout(p=0.1, inplace=False)
                      (linear2): Linear(in_features=32, out_features=16, bias=True)
                      (norm1): LayerNorm((16,), eps=1e-05, elementwise_affine=True)
                      (norm2): LayerNorm((16,), eps=1e-05, elementwise_affine=True)
                      (dropout1): Dropout(p=0.1, inplace=False)
                      (dropout2): Dropout(p=0.1, inplace=False)
                    )
                  )
                  (norm): LayerNorm((16,), eps=1e-05, elementwise_affine=True)
                )""");
    }

    @Test
    void should_decide_the_fast_path_as_its_layers_do() {
        TransformerEncoder encoder = TransformerEncoder.of(TransformerEncoderLayer.of(256, 4, 1024).batchFirst(true),
                2);

        assertThat(encoder.whyNotFastPath(Shape.of(2, 10, 256), false)).isEmpty();
        assertThat(encoder.whyNotFastPath(Shape.of(2, 10, 256), true)).contains(MultiheadAttention.GRAD_REQUIRED);
    }

    @Test
    void should_refuse_an_encoder_without_layers() {
        assertThatThrownBy(() -> TransformerEncoder.of(TransformerEncoderLayer.of(16, 4), 0))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("TransformerEncoder: num_layers (0) must be positive");
    }

    @Test
    void should_name_the_layer_that_rejects_an_input() {
        TransformerEncoder encoder = TransformerEncoder.of(TransformerEncoderLayer.of(16, 4), 2);

        assertThatThrownBy(() -> encoder.analyze(Shape.of(5, 2, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("layer layers.0 (TransformerEncoderLayer): TransformerEncoderLayer expects input"
                        + " (S, N, E=16) or unbatched (S, E=16), got (5, 2, 8)");
    }

    @Test
    void should_write_activation_terms_for_any_caller_through_the_functional_form() {
        Worksheet w = new Worksheet("Caller");
        Sym m = w.given(new Sym("M", "elements"), 7);

        ReLU.of().functionalTerms(w, m, "F.relu");
        GELU.of().approximate("tanh").functionalTerms(w, Exprs.mul(Exprs.num(2), m), "F.gelu");

        assertThat(w.terms()).hasSize(1 + 8).extracting(t -> t.name(), t -> t.value()).contains(
                tuple("F.relu: comparisons with zero", 7L),
                tuple("F.gelu: multiplications forming x·x·x", 28L),
                tuple("F.gelu: tanh evaluations", 14L));
    }
}
