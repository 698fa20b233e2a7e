package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.testing.FlopcheckAssertions.assertThat;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The pooling layers' worked examples, computed by hand, their torch reprs, and every configuration torch refuses. */
class PoolingExamplesTest {

    @Nested
    class WorkedExamples {
        @Test
        void should_count_the_torch_documentation_max_pool_1d() {
            // L_out = ⌊(50 − 2 − 1)/2⌋ + 1 = 24 windows of 3 values, all inside the input
            Analysis a = MaxPool1d.of(3).stride(2).analyze(Shape.of(20, 16, 50));
            assertThat(a).hasOutput(20, 16, 24).hasParams(0)
                    .hasTerm("comparisons within windows", 20 * 16 * 24 * (3 - 1))
                    .counts(Conventions.EXACT, 15_360).counts(Conventions.MACS, 0);
        }

        @Test
        void should_skip_the_padding_tap_of_the_resnet_stem_max_pool() {
            // 56 windows of 3 taps per dimension; only window 0's first tap (position −1) is padding: 167 read
            long valid = 56 * 3 - 1;
            Analysis a = MaxPool2d.of(3).stride(2).padding(1).analyze(Shape.of(1, 64, 112, 112));
            assertThat(a).hasOutput(1, 64, 56, 56)
                    .hasTerm("comparisons within windows", 64 * (valid * valid - 56 * 56));
            assertThat(a.allTerms().get(0).value()).isEqualTo(1_584_192).isLessThan(64 * 56 * 56 * 8);
        }

        @Test
        void should_count_seven_comparisons_per_window_of_a_3d_max_pool() {
            assertThat(MaxPool3d.of(2).analyze(Shape.of(1, 2, 4, 4, 4))).hasOutput(1, 2, 2, 2, 2)
                    .hasTerm("comparisons within windows", 2 * 8 * 7);
        }

        @Test
        void should_pool_an_unbatched_input() {
            assertThat(MaxPool2d.of(2).analyze(Shape.of(3, 4, 4))).hasOutput(3, 2, 2)
                    .hasTerm("comparisons within windows", 3 * 4 * 3);
        }

        @Test
        void should_drop_a_ceil_mode_window_that_would_start_in_the_right_padding() {
            // ⌈(3 + 2 − 1 − 1)/2⌉ + 1 = 3 windows, but window 2 starts at 2·2 = 4 ≥ L_in + p = 4: dropped.
            // window 0 reads position 0 (its other tap is padding), window 1 reads 1 and 2: one comparison
            Analysis a = MaxPool1d.of(2).stride(2).padding(1).ceilMode(true).analyze(Shape.of(1, 1, 3));
            assertThat(a).hasOutput(1, 1, 2).hasTerm("comparisons within windows", 1);
            assertThat(a.derivation().plain()).contains("L'_out", "torch keeps only windows that start inside");
        }

        @Test
        void should_keep_a_partial_ceil_mode_window_that_starts_inside_the_input() {
            // windows [0, 1], [2, 3] and [4] (its second tap is past the input): 1 + 1 + 0 comparisons
            Analysis a = MaxPool1d.of(2).stride(2).ceilMode(true).analyze(Shape.of(1, 1, 5));
            assertThat(a).hasOutput(1, 1, 3).hasTerm("comparisons within windows", 2);
            assertThat(MaxPool1d.of(2).stride(2).analyze(Shape.of(1, 1, 5))).hasOutput(1, 1, 2);
        }

        @Test
        void should_take_no_comparison_in_a_dilated_window_that_steps_over_the_whole_input() {
            // taps at −1 (padding) and 2 (past the input of length 2): the window reads nothing, torch gives −∞
            Analysis a = MaxPool1d.of(2).stride(1).padding(1).dilation(3).returnIndices(true)
                    .analyze(Shape.of(1, 1, 2));
            assertThat(a.outputs()).containsExactly(Shape.of(1, 1, 1), Shape.of(1, 1, 1));
            assertThat(a).hasTerm("comparisons within windows", 0);
            assertThat(a.derivation().plain()).contains("read nothing");
        }

        @Test
        void should_average_the_torch_documentation_example() {
            // [1..7] with windows of 3 at stride 2: [1, 2, 3], [3, 4, 5], [5, 6, 7]
            assertThat(AvgPool1d.of(3).stride(2).analyze(Shape.of(1, 1, 7))).hasOutput(1, 1, 3)
                    .hasTerm("additions summing each window", 3 * 2)
                    .hasTerm("divisions by the window divisor", 3);
        }

        @Test
        void should_sum_only_the_values_inside_a_size_keeping_average() {
            // 4 windows of 3 per dimension, 2 taps in the padding: 10 per dimension
            for (boolean countIncludePad : new boolean[] {true, false}) {
                Analysis a = AvgPool2d.of(3).stride(1).padding(1).countIncludePad(countIncludePad)
                        .analyze(Shape.of(1, 1, 4, 4));
                assertThat(a).hasOutput(1, 1, 4, 4)
                        .hasTerm("additions summing each window", 10 * 10 - 16)
                        .hasTerm("divisions by the window divisor", 16);
            }
        }

        @Test
        void should_divide_once_per_window_whatever_the_divisor_override() {
            assertThat(AvgPool2d.of(2).divisorOverride(3).analyze(Shape.of(2, 3, 4, 4)))
                    .hasTerm("divisions by the window divisor", 2 * 3 * 4)
                    .hasTerm("additions summing each window", 2 * 3 * 4 * 3);
        }

        @Test
        void should_average_a_3d_volume() {
            assertThat(AvgPool3d.of(2).analyze(Shape.of(1, 1, 4, 4, 4))).hasOutput(1, 1, 2, 2, 2)
                    .hasTerm("additions summing each window", 8 * 7)
                    .hasTerm("divisions by the window divisor", 8);
        }

        @Test
        void should_read_overlapping_adaptive_windows() {
            // 8 → 3: windows 0–2, 2–5, 5–7 (3 + 4 + 3 values); torch divides by the height 1, then the width
            assertThat(AdaptiveAvgPool1d.of(3).analyze(Shape.of(1, 1, 8))).hasOutput(1, 1, 3)
                    .hasTerm("additions summing each window", 10 - 3)
                    .hasTerm("divisions by the window extents", 2 * 3);
        }

        @Test
        void should_compute_a_mean_for_global_average_pooling() {
            assertThat(AdaptiveAvgPool2d.of(1L, 1L).analyze(Shape.of(1, 512, 7, 7))).hasOutput(1, 512, 1, 1)
                    .hasTerm("additions summing each window", 512 * 48)
                    .hasTerm("divisions by the window size", 512)
                    .counts(Conventions.EXACT, 24_576 + 512);
        }

        @Test
        void should_divide_by_depth_height_and_width_in_3d() {
            // 3 → 2 per dimension: windows 0–1 and 1–2, 4 values read per dimension
            assertThat(AdaptiveAvgPool3d.of(2).analyze(Shape.of(1, 1, 3, 3, 3))).hasOutput(1, 1, 2, 2, 2)
                    .hasTerm("additions summing each window", 4 * 4 * 4 - 8)
                    .hasTerm("divisions by the window extents", 3 * 8);
        }

        @Test
        void should_count_the_torch_documentation_adaptive_max_pools() {
            // 8 → 5: windows of 2, 3, 2, 3, 2 values
            assertThat(AdaptiveMaxPool1d.of(5).analyze(Shape.of(1, 64, 8))).hasOutput(1, 64, 5)
                    .hasTerm("comparisons within windows", 64 * (12 - 5));
            // rows 8 → 5 read 12, columns 9 → 7 read 2 + 2 + 2 + 3 + 2 + 2 + 2 = 15
            assertThat(AdaptiveMaxPool2d.of(5L, 7L).analyze(Shape.of(1, 64, 8, 9))).hasOutput(1, 64, 5, 7)
                    .hasTerm("comparisons within windows", 64 * (12 * 15 - 35));
            assertThat(AdaptiveMaxPool3d.of(2).analyze(Shape.of(1, 1, 3, 3, 3)))
                    .hasTerm("comparisons within windows", 64 - 8);
        }

        @Test
        void should_keep_the_input_size_where_output_size_is_none() {
            assertThat(AdaptiveAvgPool2d.of(null, 7L).analyze(Shape.of(1, 64, 10, 9))).hasOutput(1, 64, 10, 7);
            Analysis a = AdaptiveMaxPool3d.of(7L, null, null).returnIndices(true).analyze(Shape.of(1, 64, 10, 9, 8));
            assertThat(a.outputs()).containsExactly(Shape.of(1, 64, 7, 9, 8), Shape.of(1, 64, 7, 9, 8));
        }
    }

    @Nested
    class Reprs {
        @Test
        void should_print_max_pools_as_torch_does() {
            assertThat(MaxPool2d.of(3).stride(2).padding(1))
                    .hasToString("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)");
            assertThat(MaxPool2d.of(2))
                    .hasToString("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
            assertThat(MaxPool2d.of(Dims.of(3, 2)).stride(2, 1)).hasToString(
                    "MaxPool2d(kernel_size=(3, 2), stride=(2, 1), padding=0, dilation=1, ceil_mode=False)");
            assertThat(MaxPool1d.of(3).returnIndices(true))
                    .hasToString("MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)");
            assertThat(MaxPool3d.of(2).ceilMode(true).dilation(1, 2, 1)).hasToString(
                    "MaxPool3d(kernel_size=2, stride=2, padding=0, dilation=(1, 2, 1), ceil_mode=True)");
        }

        @Test
        void should_print_avg_pools_as_torch_does() {
            assertThat(AvgPool1d.of(3).stride(2)).hasToString("AvgPool1d(kernel_size=(3,), stride=(2,), padding=(0,))");
            assertThat(AvgPool2d.of(3).stride(1).padding(1).countIncludePad(false))
                    .hasToString("AvgPool2d(kernel_size=3, stride=1, padding=1)");
            assertThat(AvgPool3d.of(Dims.of(3, 2, 2)).stride(2, 1, 2))
                    .hasToString("AvgPool3d(kernel_size=(3, 2, 2), stride=(2, 1, 2), padding=0)");
        }

        @Test
        void should_print_adaptive_pools_as_torch_does() {
            assertThat(AdaptiveAvgPool2d.of(5L, 7L)).hasToString("AdaptiveAvgPool2d(output_size=(5, 7))");
            assertThat(AdaptiveAvgPool2d.of(null, 7L)).hasToString("AdaptiveAvgPool2d(output_size=(None, 7))");
            assertThat(AdaptiveAvgPool1d.of(5)).hasToString("AdaptiveAvgPool1d(output_size=5)");
            assertThat(AdaptiveMaxPool2d.of(7).returnIndices(true)).hasToString("AdaptiveMaxPool2d(output_size=7)");
            assertThat(AdaptiveMaxPool3d.of(7L, null, null))
                    .hasToString("AdaptiveMaxPool3d(output_size=(7, None, None))");
        }
    }

    @Nested
    class Rejections {
        @Test
        void should_reject_a_zero_kernel() {
            assertThatThrownBy(() -> MaxPool2d.of(0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("MaxPool2d: kernel_size (0, 0) must be positive");
        }

        @Test
        void should_reject_a_zero_stride() {
            assertThatThrownBy(() -> AvgPool1d.of(2).stride(0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("AvgPool1d: stride (0,) must be positive");
        }

        @Test
        void should_reject_a_negative_padding() {
            assertThatThrownBy(() -> AvgPool2d.of(2).padding(-1)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("AvgPool2d: padding (-1, -1) must not be negative");
        }

        @Test
        void should_reject_a_zero_dilation() {
            assertThatThrownBy(() -> MaxPool3d.of(2).dilation(0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("MaxPool3d: dilation (0, 0, 0) must be positive");
        }

        @Test
        void should_reject_a_stride_with_the_wrong_number_of_values() {
            assertThatThrownBy(() -> MaxPool2d.of(2).stride(1, 2, 3)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("MaxPool2d: stride must be one integer or 2 integers, got 3: (1, 2, 3)");
        }

        @Test
        void should_reject_padding_over_half_the_effective_kernel_in_2d() {
            assertThatThrownBy(() -> MaxPool2d.of(2).padding(2).analyze(Shape.of(1, 1, 8, 8)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("MaxPool2d: padding (2, 2) must be at most half of kernel_size (2, 2)")
                    .hasMessageContaining("pad should be at most half of effective kernel size");
            // dilation 3 makes the effective kernel 4, which allows padding 2: ⌊(8 + 4 − 3 − 1)/2⌋ + 1 = 5
            assertThat(MaxPool2d.of(2).dilation(3).padding(2).analyze(Shape.of(1, 1, 8, 8))).hasOutput(1, 1, 5, 5);
        }

        @Test
        void should_reject_padding_over_half_the_kernel_in_max_pool_1d() {
            assertThatThrownBy(() -> MaxPool1d.of(2).dilation(3).padding(2).analyze(Shape.of(1, 1, 8)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("max_pool1d() padding should be at most half of kernel size");
            // with indices torch runs the 2-d kernel, whose limit is the effective kernel
            assertThat(MaxPool1d.of(2).dilation(3).padding(2).returnIndices(true).analyze(Shape.of(1, 1, 8)))
                    .hasOutput(1, 1, 5);
        }

        @Test
        void should_reject_padding_over_half_the_kernel_in_3d_whatever_the_dilation() {
            assertThatThrownBy(() -> MaxPool3d.of(2).dilation(3).padding(2).analyze(Shape.of(1, 1, 8, 8, 8)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("MaxPool3d: padding (2, 2, 2) must be at most half of kernel_size (2, 2, 2)");
        }

        @Test
        void should_reject_average_padding_over_half_the_kernel() {
            assertThatThrownBy(() -> AvgPool1d.of(3).padding(2).analyze(Shape.of(1, 1, 8)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("AvgPool1d: padding (2,) must be at most half of kernel_size (3,)");
        }

        @Test
        void should_reject_an_output_smaller_than_one() {
            assertThatThrownBy(() -> MaxPool2d.of(3).analyze(Shape.of(1, 1, 2, 2)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("MaxPool2d: input (1, 1, 2, 2) gives output height")
                    .hasMessageContaining("= 0, which is less than 1; torch: Output size is too small");
        }

        @Test
        void should_reject_an_input_of_the_wrong_rank() {
            assertThatThrownBy(() -> MaxPool2d.of(2).analyze(Shape.of(1, 1, 1, 4, 4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("MaxPool2d expects input (N, C, H, W) or (C, H, W), got (1, 1, 1, 4, 4)");
            assertThatThrownBy(() -> AdaptiveAvgPool1d.of(2).analyze(Shape.of(4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("AdaptiveAvgPool1d expects input (N, C, L) or (C, L), got (4,)");
        }

        @Test
        void should_reject_more_than_one_input() {
            assertThatThrownBy(() -> AvgPool2d.of(2).analyze(Shape.of(1, 1, 4, 4), Shape.of(1, 1, 4, 4)))
                    .isInstanceOf(InvalidShapeException.class).hasMessageContaining("AvgPool2d takes 1 input, got 2");
        }

        @Test
        void should_reject_a_3d_average_input_smaller_than_the_kernel_even_when_padded() {
            assertThatThrownBy(() -> AvgPool3d.of(3).padding(1).analyze(Shape.of(1, 1, 2, 4, 4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("AvgPool3d: input (1, 1, 2, 4, 4) is smaller than kernel_size (3, 3, 3)"
                            + " in depth");
        }

        @Test
        void should_reject_a_zero_divisor_override() {
            assertThatThrownBy(() -> AvgPool2d.of(2).divisorOverride(0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("divisor_override (0) must not be zero");
        }

        @Test
        void should_reject_a_zero_adaptive_output_size() {
            assertThatThrownBy(() -> AdaptiveAvgPool2d.of(0L, 7L)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("AdaptiveAvgPool2d: output_size (0, 7) has a zero entry");
        }

        @Test
        void should_reject_a_negative_adaptive_output_size() {
            assertThatThrownBy(() -> AdaptiveMaxPool1d.of(-1)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("AdaptiveMaxPool1d: output_size -1 must not be negative");
        }
    }
}
