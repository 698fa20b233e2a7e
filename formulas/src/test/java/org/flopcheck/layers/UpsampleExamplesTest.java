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

/** Upsample's worked examples, computed by hand, its torch reprs, and every configuration torch refuses. */
class UpsampleExamplesTest {
    private static final String M = "multiplications by interpolation weights";
    private static final String A = "additions of weighted neighbours";

    @Nested
    class WorkedExamples {
        @Test
        void should_interpolate_a_large_bilinear_output_separably() {
            // h0λ·(w0λ·a + w1λ·b) + h1λ·(w0λ·c + w1λ·d) per output element
            long outputs = 256 * 80 * 80;
            assertThat(Upsample.of().scaleFactor(2.0).mode("bilinear").analyze(Shape.of(1, 256, 40, 40)))
                    .hasOutput(1, 256, 80, 80).hasParams(0).hasTerm(M, 6 * outputs).hasTerm(A, 3 * outputs)
                    .counts(Conventions.EXACT, 9_830_400 + 4_915_200);
        }

        @Test
        void should_interpolate_bicubically_with_four_taps_per_dimension() {
            // 4 rows of 4 weighted neighbours (16 multiplications, 12 additions), then the 4 rows weighted and
            // summed (4 multiplications, 3 additions)
            long outputs = 3 * 64 * 64;
            assertThat(Upsample.of().scaleFactor(2.0).mode("bicubic").analyze(Shape.of(1, 3, 32, 32)))
                    .hasOutput(1, 3, 64, 64).hasTerm(M, 20 * outputs).hasTerm(A, 15 * outputs);
        }

        @Test
        void should_interpolate_linearly_and_trilinearly() {
            assertThat(Upsample.of().size(7).mode("linear").analyze(Shape.of(1, 2, 4))).hasOutput(1, 2, 7)
                    .hasTerm(M, 2 * 7 * 2).hasTerm(A, 2 * 7);
            assertThat(Upsample.of().size(3).mode("trilinear").analyze(Shape.of(1, 1, 2, 2, 2)))
                    .hasOutput(1, 1, 3, 3, 3).hasTerm(M, 27 * 14).hasTerm(A, 27 * 7);
            assertThat(Upsample.of().scaleFactor(2).mode("trilinear").analyze(Shape.of(1, 4, 1, 1, 1)))
                    .hasOutput(1, 4, 2, 2, 2).hasTerm(M, 32 * 14).hasTerm(A, 32 * 7);
        }

        @Test
        void should_copy_without_arithmetic_in_nearest_mode() {
            Analysis a = Upsample.of().scaleFactor(2.0).analyze(Shape.of(1, 256, 13, 13));
            assertThat(a).hasOutput(1, 256, 26, 26).counts(Conventions.EXACT, 0);
            assertThat(a.allTerms()).isEmpty();
        }

        @Test
        void should_round_a_non_integer_scale_down() {
            assertThat(Upsample.of().scaleFactor(1.5).analyze(Shape.of(1, 2, 3))).hasOutput(1, 2, 4);
            assertThat(Upsample.of().scaleFactor(1.5, 0.5).mode("bilinear").analyze(Shape.of(1, 1, 3, 5)))
                    .hasOutput(1, 1, 4, 2);
        }

        @Test
        void should_take_the_output_size_in_double_precision_as_torch_does() {
            // 3·(1/3) is 0.99999999999999994… exactly, but the double product rounds to 1.0: torch keeps 1
            assertThat(Upsample.of().scaleFactor(1.0 / 3).analyze(Shape.of(1, 1, 3))).hasOutput(1, 1, 1);
        }

        @Test
        void should_not_count_align_corners() {
            Shape x = Shape.of(2, 3, 5, 6);
            assertThat(AnalysisAssert.byOp(Upsample.of().size(9, 11).mode("bilinear").alignCorners(true).analyze(x)))
                    .isEqualTo(AnalysisAssert.byOp(Upsample.of().size(9, 11).mode("bilinear").analyze(x)))
                    .isEqualTo(Map.of(Op.MULTIPLICATION, 2L * 3 * 99 * 6, Op.ADDITION, 2L * 3 * 99 * 3));
        }
    }

    @Nested
    class Reprs {
        @Test
        void should_print_upsample_as_torch_does() {
            assertThat(Upsample.of().scaleFactor(2)).hasToString("Upsample(scale_factor=2.0, mode='nearest')");
            assertThat(Upsample.of().size(4, 5).mode("bilinear")).hasToString("Upsample(size=(4, 5), mode='bilinear')");
            assertThat(Upsample.of().size(4).mode("linear").alignCorners(true))
                    .hasToString("Upsample(size=4, mode='linear')");
            assertThat(Upsample.of().scaleFactor(2, 1.5).mode("bilinear"))
                    .hasToString("Upsample(scale_factor=(2.0, 1.5), mode='bilinear')");
            assertThat(Upsample.of()).hasToString("Upsample(size=None, mode='nearest')");
        }
    }

    @Nested
    class Rejections {
        @Test
        void should_reject_align_corners_in_nearest_mode() {
            assertThatThrownBy(() -> Upsample.of().scaleFactor(2).alignCorners(false).analyze(Shape.of(1, 1, 4)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Upsample: align_corners (False) can only be set with the interpolating"
                            + " modes, not mode 'nearest'");
        }

        @Test
        void should_reject_both_size_and_scale_factor() {
            assertThatThrownBy(() -> Upsample.of().size(8).scaleFactor(2).analyze(Shape.of(1, 1, 4)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("only one of size or scale_factor should be defined");
        }

        @Test
        void should_reject_neither_size_nor_scale_factor() {
            assertThatThrownBy(() -> Upsample.of().analyze(Shape.of(1, 1, 4)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("either size or scale_factor should be defined");
        }

        @Test
        void should_reject_a_mode_that_needs_another_rank() {
            assertThatThrownBy(() -> Upsample.of().scaleFactor(2).mode("bilinear").analyze(Shape.of(1, 2, 8)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("Upsample: mode 'bilinear' needs 4-D input (N, C, H, W), got (1, 2, 8)")
                    .hasMessageContaining("Got 3D input, but bilinear mode needs 4D input");
        }

        @Test
        void should_reject_a_size_with_the_wrong_number_of_entries() {
            assertThatThrownBy(() -> Upsample.of().size(4, 5).analyze(Shape.of(1, 1, 2, 2, 2)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("Upsample: size (4, 5) has 2 entries but input (1, 1, 2, 2, 2) has 3 spatial"
                            + " dimensions");
        }

        @Test
        void should_reject_a_scale_factor_with_the_wrong_number_of_entries() {
            assertThatThrownBy(() -> Upsample.of().scaleFactor(2, 2).analyze(Shape.of(1, 1, 4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("Upsample: scale_factor (2.0, 2.0) has 2 entries but input (1, 1, 4) has 1");
        }

        @Test
        void should_reject_an_output_smaller_than_one() {
            assertThatThrownBy(() -> Upsample.of().scaleFactor(0.25).analyze(Shape.of(1, 1, 2)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("Upsample: output length ⌊2·0.25⌋ = 0 for input (1, 1, 2) is less than 1");
        }

        @Test
        void should_reject_a_scale_factor_that_is_not_positive() {
            assertThatThrownBy(() -> Upsample.of().scaleFactor(0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Upsample: scale_factor 0.0 must be positive and finite");
            assertThatThrownBy(() -> Upsample.of().scaleFactor(2, -1)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("scale_factor (2.0, -1.0) must be positive");
        }

        @Test
        void should_reject_a_zero_size() {
            assertThatThrownBy(() -> Upsample.of().size(0, 4)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Upsample: size (0, 4) must be positive in every dimension");
        }

        @Test
        void should_reject_the_modes_it_does_not_model() {
            assertThatThrownBy(() -> Upsample.of().mode("area")).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Upsample: mode 'area' is not modelled");
            assertThatThrownBy(() -> Upsample.of().mode("cubic")).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Upsample: mode 'cubic' is not one of 'nearest', 'linear', 'bilinear',"
                            + " 'bicubic', 'trilinear'");
        }

        @Test
        void should_reject_an_input_without_batch_and_channels() {
            assertThatThrownBy(() -> Upsample.of().scaleFactor(2).analyze(Shape.of(4, 4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("Upsample expects input (N, C, L), (N, C, H, W) or (N, C, D, H, W), got"
                            + " (4, 4)");
        }
    }
}
