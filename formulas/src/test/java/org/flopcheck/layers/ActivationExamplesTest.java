package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.testing.FlopcheckAssertions.assertThat;

import java.util.Map;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.testing.AnalysisAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The activations' and softmax's worked examples, computed by hand, their torch reprs, and their refusals. */
class ActivationExamplesTest {

    @Nested
    class WorkedExamples {
        @Test
        void should_compare_every_element_with_zero() {
            assertThat(ReLU.of().analyze(Shape.of(1, 64, 56, 56))).hasOutput(1, 64, 56, 56).hasParams(0)
                    .hasTerm("comparisons with zero", 64 * 56 * 56).counts(Conventions.EXACT, 200_704)
                    .counts(Conventions.MACS, 0);
        }

        @Test
        void should_clamp_the_keyword_spotting_activation_with_two_comparisons_per_element() {
            assertThat(Hardtanh.of(0.0, 3.96875).analyze(Shape.of(1, 32, 64, 4)))
                    .hasTerm("comparisons with 0.0", 32 * 64 * 4)
                    .hasTerm("comparisons with 3.96875", 32 * 64 * 4)
                    .counts(Conventions.EXACT, 16_384);
        }

        @Test
        void should_clamp_relu6_like_hardtanh() {
            assertThat(ReLU6.of().analyze(Shape.of(1, 32, 112, 112)))
                    .hasTerm("comparisons with 0.0", 32 * 112 * 112)
                    .hasTerm("comparisons with 6.0", 32 * 112 * 112)
                    .counts(Conventions.EXACT, 802_816);
        }

        @Test
        void should_multiply_every_element_of_a_leaky_relu() {
            assertThat(LeakyReLU.of(0.2).analyze(Shape.of(16, 128))).hasTerm("sign comparisons", 2048)
                    .hasTerm("multiplications by 1 or negative_slope", 2048);
        }

        @Test
        void should_count_sigmoid_and_tanh_as_evaluations() {
            assertThat(AnalysisAssert.byOp(Sigmoid.of().analyze(Shape.of(8, 1)))).isEqualTo(Map.of(Op.SIGMOID, 8L));
            assertThat(AnalysisAssert.byOp(Tanh.of().analyze(Shape.of(2, 10, 32))))
                    .isEqualTo(Map.of(Op.TANH, 2L * 10 * 32));
        }

        @Test
        void should_count_exact_gelu_in_torch_s_form() {
            long e = 197 * 3072;   // 605,184
            assertThat(AnalysisAssert.byOp(GELU.of().analyze(Shape.of(1, 197, 3072))))
                    .isEqualTo(Map.of(Op.MULTIPLICATION, 3 * e, Op.ADDITION, e, Op.ERF, e));
            assertThat(3 * e).isEqualTo(1_815_552);
        }

        @Test
        void should_count_tanh_gelu_in_torch_s_form() {
            assertThat(AnalysisAssert.byOp(GELU.of().approximate("tanh").analyze(Shape.of(2, 3))))
                    .isEqualTo(Map.of(Op.MULTIPLICATION, 6L * 6, Op.ADDITION, 2L * 6, Op.TANH, 6L));
        }

        @Test
        void should_count_silu_as_torch_computes_it_without_a_sigmoid() {
            long e = 32 * 112 * 112;
            assertThat(AnalysisAssert.byOp(SiLU.of().analyze(Shape.of(1, 32, 112, 112))))
                    .isEqualTo(Map.of(Op.EXP, e, Op.ADDITION, e, Op.DIVISION, e));
        }

        @Test
        void should_apply_an_activation_to_a_scalar() {
            assertThat(ReLU.of().analyze(Shape.of())).hasOutput().hasTerm("comparisons with zero", 1);
        }

        @Test
        void should_not_count_inplace_differently() {
            assertThat(AnalysisAssert.byOp(SiLU.of().inplace(true).analyze(Shape.of(3, 5))))
                    .isEqualTo(AnalysisAssert.byOp(SiLU.of().analyze(Shape.of(3, 5))));
        }

        @Test
        void should_normalise_a_classifier_row_with_one_reciprocal() {
            // one row of 1000 along the last dimension
            assertThat(AnalysisAssert.byOp(Softmax.of(-1).analyze(Shape.of(1, 1000)))).isEqualTo(Map.of(
                    Op.COMPARISON, 999L, Op.ADDITION, 1000L + 999, Op.EXP, 1000L, Op.DIVISION, 1L,
                    Op.MULTIPLICATION, 1000L));
        }

        @Test
        void should_divide_every_element_along_a_dimension_other_than_the_last() {
            // dim 1 of (2, 3, 4): 8 rows of 3
            assertThat(AnalysisAssert.byOp(Softmax.of(1).analyze(Shape.of(2, 3, 4)))).isEqualTo(Map.of(
                    Op.COMPARISON, 8L * 2, Op.ADDITION, 8L * 3 + 8 * 2, Op.EXP, 8L * 3, Op.DIVISION, 8L * 3));
        }

        @Test
        void should_choose_the_legacy_implicit_dimension_without_dim() {
            // rank 3: dimension 0, 12 rows of 2
            Analysis a = Softmax.of().analyze(Shape.of(2, 3, 4));
            assertThat(AnalysisAssert.byOp(a)).isEqualTo(Map.of(
                    Op.COMPARISON, 12L, Op.ADDITION, 24L + 12, Op.EXP, 24L, Op.DIVISION, 24L));
            assertThat(a.derivation().plain()).contains("deprecated");
            // rank 2: dimension 1, the last
            assertThat(Softmax.of().analyze(Shape.of(4, 10))).hasTerm("reciprocals 1/sum", 4);
        }

        @Test
        void should_take_the_softmax_of_a_scalar_as_one_row_of_one() {
            assertThat(AnalysisAssert.byOp(Softmax.of(0).analyze(Shape.of()))).isEqualTo(Map.of(
                    Op.ADDITION, 1L, Op.EXP, 1L, Op.DIVISION, 1L, Op.MULTIPLICATION, 1L));
        }
    }

    @Nested
    class Reprs {
        @Test
        void should_print_activations_as_torch_does() {
            assertThat(ReLU.of()).hasToString("ReLU()");
            assertThat(ReLU.of().inplace(true)).hasToString("ReLU(inplace=True)");
            assertThat(ReLU6.of()).hasToString("ReLU6()");
            assertThat(ReLU6.of().inplace(true)).hasToString("ReLU6(inplace=True)");
            assertThat(LeakyReLU.of()).hasToString("LeakyReLU(negative_slope=0.01)");
            assertThat(LeakyReLU.of(0.2).inplace(true)).hasToString("LeakyReLU(negative_slope=0.2, inplace=True)");
            assertThat(Hardtanh.of()).hasToString("Hardtanh(min_val=-1.0, max_val=1.0)");
            assertThat(Hardtanh.of(0.0, 3.96875)).hasToString("Hardtanh(min_val=0.0, max_val=3.96875)");
            assertThat(Hardtanh.of(0, 6).inplace(true)).hasToString("Hardtanh(min_val=0.0, max_val=6.0, inplace=True)");
            assertThat(Sigmoid.of()).hasToString("Sigmoid()");
            assertThat(Tanh.of()).hasToString("Tanh()");
            assertThat(GELU.of()).hasToString("GELU(approximate='none')");
            assertThat(GELU.of().approximate("tanh")).hasToString("GELU(approximate='tanh')");
            assertThat(SiLU.of()).hasToString("SiLU()");
            assertThat(SiLU.of().inplace(true)).hasToString("SiLU(inplace=True)");
        }

        @Test
        void should_print_softmax_as_torch_does() {
            assertThat(Softmax.of()).hasToString("Softmax(dim=None)");
            assertThat(Softmax.of(1)).hasToString("Softmax(dim=1)");
            assertThat(Softmax.of(-1)).hasToString("Softmax(dim=-1)");
        }
    }

    @Nested
    class Rejections {
        @Test
        void should_reject_a_hardtanh_whose_max_is_not_above_its_min() {
            assertThatThrownBy(() -> Hardtanh.of(1, 1)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Hardtanh: max_val (1.0) must be greater than min_val (1.0)");
            assertThatThrownBy(() -> Hardtanh.of(2, -1)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("max_val (-1.0) must be greater than min_val (2.0)");
        }

        @Test
        void should_reject_an_unknown_gelu_approximation() {
            assertThatThrownBy(() -> GELU.of().approximate("exact")).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("GELU: approximate 'exact' is not one of 'none', 'tanh'");
        }

        @Test
        void should_reject_a_softmax_dimension_out_of_range() {
            assertThatThrownBy(() -> Softmax.of(2).analyze(Shape.of(2, 3))).isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("Softmax: dim (2) is out of range for input (2, 3) of rank 2")
                    .hasMessageContaining("expected to be in range of [-2, 1], but got 2");
            assertThatThrownBy(() -> Softmax.of(1).analyze(Shape.of())).isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("expected to be in range of [-1, 0], but got 1");
        }

        @Test
        void should_reject_two_inputs() {
            assertThatThrownBy(() -> Tanh.of().analyze(Shape.of(2), Shape.of(2)))
                    .isInstanceOf(InvalidShapeException.class).hasMessageContaining("Tanh takes 1 input, got 2");
        }
    }
}
