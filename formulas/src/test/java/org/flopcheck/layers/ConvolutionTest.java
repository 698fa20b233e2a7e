package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.derivation.Stage;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Worked examples, torch's reprs and torch's refusals for the convolution family. */
class ConvolutionTest {

    @Nested
    class Worked_examples {
        @Test
        void conv1d_on_a_length_100_signal() {
            // L_out = (100 - 4 - 1)/1 + 1 = 96; 16 filters of 3·5 weights + 16 biases
            Analysis a = Conv1d.of(3, 16, 5).analyze(Shape.of(1, 3, 100));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(1, 16, 96)
                    .hasParams(16 * 3 * 5 + 16)
                    .hasTerm("weight multiplications", 16 * 96 * 15)
                    .hasTerm("bias additions", 16 * 96)
                    .counts(Conventions.MACS, 23_040)
                    .counts(Conventions.EXACT, 2 * 23_040)
                    .counts(Conventions.FLOPS, 46_080);
        }

        @Test
        void keyword_spotting_convolution_does_327_680_multiplications_not_the_published_312_320() {
            // (130 - 4)/2 + 1 = 64 rows, (40 - 10)/8 + 1 = 4 columns, 40 products each, 32 channels.
            // The published derivation multiplies 32·61·4·40 = 312,320: 61 is not an output height of this layer.
            Analysis a = Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false).analyze(Shape.of(1, 1, 130, 40));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(1, 32, 64, 4)
                    .hasParams(32 * 4 * 10)
                    .counts(Conventions.MACS, 32 * 64 * 4 * 40)
                    .counts(Conventions.EXACT, 32 * 64 * 4 * (2 * 40 - 1));
            assertThat(32L * 64 * 4 * 40).isEqualTo(327_680).isNotEqualTo(32L * 61 * 4 * 40);
        }

        @Test
        void conv3d_with_same_size_padding() {
            Analysis a = Conv3d.of(2, 4, 3).padding(1).analyze(Shape.of(1, 2, 8, 8, 8));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(1, 4, 8, 8, 8)
                    .hasParams(4 * 2 * 27 + 4)
                    .counts(Conventions.MACS, 4 * 512 * 2 * 27);
        }

        @Test
        void depthwise_separable_block_32_to_64_with_biases_has_2432_parameters() {
            // depthwise 3x3: 32 filters of 1·9 weights + 32 biases = 320; pointwise: 64·32 + 64 = 2,112
            Sequential block = Sequential.of(Conv2d.of(32, 32, 3).padding(1).groups(32), Conv2d.of(32, 64, 1));
            FlopcheckAssertions.assertThat(block.analyze(Shape.of(1, 32, 56, 56)))
                    .hasOutput(1, 64, 56, 56)
                    .hasParams(2_432);
        }

        @Test
        void transposed_convolution_counts_each_input_element_times_each_weight() {
            // output 7·2 - 2 + 2 + 1 + 1 = 16; 16·64 input elements, each times 8·9 weights
            Analysis a = ConvTranspose2d.of(16, 8, 3).stride(2).padding(1).outputPadding(1)
                    .analyze(Shape.of(1, 16, 8, 8));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(1, 8, 16, 16)
                    .hasParams(16 * 8 * 9 + 8)
                    .counts(Conventions.MACS, 16 * 64 * 8 * 9);
            assertThat(16L * 64 * 8 * 9).isLessThan(8L * 256 * 16 * 9);   // output-position counting over-counts
        }

        @Test
        void transposed_convolution_adds_only_overlapping_products() {
            // moduleprofiler's example: outputs receive 1, 2, 2, 1 products, so 2 additions
            Analysis a = ConvTranspose1d.of(1, 1, 3).bias(false).analyze(Shape.of(1, 1, 2));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(1, 1, 4)
                    .hasTerm("weight multiplications", 6)
                    .hasTerm("additions summing the products at each output position", 2);
        }

        @Test
        void transposed_convolution_with_stride_2_and_kernel_2_reaches_every_output_once_per_channel() {
            Analysis a = ConvTranspose3d.of(4, 2, 2).stride(2).analyze(Shape.of(1, 4, 4, 4, 4));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(1, 2, 8, 8, 8)
                    .hasParams(4 * 2 * 8 + 2)
                    .hasTerm("weight multiplications", 4 * 64 * 2 * 8)
                    .hasTerm("additions summing the products at each output position", 2 * 512 * 3)
                    .hasTerm("bias additions", 2 * 512);
        }

        @Test
        void unbatched_input_gives_unbatched_output() {
            FlopcheckAssertions.assertThat(Conv1d.of(3, 16, 5).analyze(Shape.of(3, 100))).hasOutput(16, 96);
        }

        @Test
        void same_padding_with_an_even_kernel_keeps_the_size() {
            Analysis a = Conv1d.of(1, 1, 4).padding("same").analyze(Shape.of(1, 1, 10));
            FlopcheckAssertions.assertThat(a).hasOutput(1, 1, 10);
            assertThat(a.derivation().steps(Stage.SHAPE).get(0).title()).contains("1 before and 2 after");
        }
    }

    @Nested
    class Derivations {
        @Test
        void derivation_substitutes_values_into_the_output_size_formula() {
            Analysis a = Conv1d.of(3, 16, 5).analyze(Shape.of(1, 3, 100));
            assertThat(a.derivation().plain()).contains(
                    "output length: L_out = ⌊(L_in + 2·p − d·(K − 1) − 1)/s⌋ + 1 = ⌊(100 + 2·0 − 1·(5 − 1) − 1)/1⌋ + 1 = 96",
                    "weight multiplications: N·C_out·L_out·C_in/g·K = 1·16·96·3/1·5 = 23,040");
        }

        @Test
        void exact_closed_form_is_moduleprofilers_conv1d_form() {
            Analysis noBias = Conv1d.of(4, 6, 3).groups(2).bias(false).analyze(Shape.of(2, 4, 20));
            var step = noBias.derivation().steps(Stage.SUMMARY).get(0);
            assertThat(step.symbolic()).isEqualTo("N·C_out·L_out·(2·C_in·K − g)/g");
            assertThat(step.value()).isEqualTo(Conventions.EXACT.count(noBias).total());
            Analysis withBias = Conv1d.of(4, 6, 3).groups(2).analyze(Shape.of(2, 4, 20));
            var biased = withBias.derivation().steps(Stage.SUMMARY).get(0);
            assertThat(biased.symbolic()).isEqualTo("N·C_in·C_out·L_out·2·K/g");
            assertThat(biased.value()).isEqualTo(Conventions.EXACT.count(withBias).total());
        }
    }

    @Nested
    class Torch_reprs {
        @Test
        void reprs_match_torch() {
            assertThat(Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false))
                    .hasToString("Conv2d(1, 32, kernel_size=(4, 10), stride=(2, 8), bias=False)");
            assertThat(Conv1d.of(3, 16, 5)).hasToString("Conv1d(3, 16, kernel_size=(5,), stride=(1,))");
            assertThat(Conv2d.of(8, 8, 3).padding("same").dilation(2).groups(8).paddingMode("reflect"))
                    .hasToString("Conv2d(8, 8, kernel_size=(3, 3), stride=(1, 1), padding=same, dilation=(2, 2),"
                            + " groups=8, padding_mode=reflect)");
            assertThat(ConvTranspose2d.of(16, 8, 3).stride(2).padding(1).outputPadding(1))
                    .hasToString("ConvTranspose2d(16, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1),"
                            + " output_padding=(1, 1))");
        }
    }

    @Nested
    class Refusals {
        @Test
        void groups_must_divide_in_channels() {
            assertThatThrownBy(() -> Conv2d.of(6, 8, 3).groups(4))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("Conv2d: in_channels (6) must be divisible by groups (4)");
        }

        @Test
        void groups_must_divide_out_channels() {
            assertThatThrownBy(() -> Conv1d.of(4, 6, 3).groups(4))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("Conv1d: out_channels (6) must be divisible by groups (4)");
        }

        @Test
        void same_padding_refuses_strides() {
            assertThatThrownBy(() -> Conv2d.of(1, 1, 3).padding("same").stride(2))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("padding='same' is not supported for strided convolutions");
        }

        @Test
        void unknown_padding_keyword_lists_the_allowed_ones() {
            assertThatThrownBy(() -> Conv2d.of(1, 1, 3).padding("full"))
                    .hasMessage("Conv2d: padding 'full' is not one of 'valid', 'same'");
        }

        @Test
        void tuple_arguments_need_one_value_per_dimension() {
            assertThatThrownBy(() -> Conv2d.of(1, 1, 3).stride(1, 2, 3))
                    .hasMessage("Conv2d: stride must be one integer or 2 integers, got 3: (1, 2, 3)");
        }

        @Test
        void non_positive_sizes_are_refused() {
            assertThatThrownBy(() -> Conv1d.of(0, 1, 3)).hasMessage("Conv1d: in_channels (0) must be positive");
            assertThatThrownBy(() -> Conv1d.of(1, 1, 0)).hasMessageContaining("kernel_size (0,) must be positive");
            assertThatThrownBy(() -> Conv1d.of(1, 1, 3).padding(-1)).hasMessageContaining("must not be negative");
        }

        @Test
        void wrong_rank_names_the_expected_layout() {
            assertThatThrownBy(() -> Conv2d.of(8, 8, 3).analyze(Shape.of(8, 32)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessage("Conv2d expects input (N, C_in=8, H, W) or (C_in=8, H, W), got (8, 32)");
        }

        @Test
        void a_rank_three_input_to_conv2d_is_read_as_unbatched_like_torch_does() {
            assertThatThrownBy(() -> Conv2d.of(8, 8, 3).analyze(Shape.of(1, 8, 32)))
                    .hasMessageEndingWith("got (1, 8, 32): 1 channels, not 8");
        }

        @Test
        void wrong_channel_count_is_named() {
            assertThatThrownBy(() -> Conv2d.of(8, 8, 3).analyze(Shape.of(1, 3, 32, 32)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageEndingWith("got (1, 3, 32, 32): 3 channels, not 8");
        }

        @Test
        void kernel_larger_than_padded_input_is_refused_like_torch() {
            assertThatThrownBy(() -> Conv2d.of(1, 1, 5).analyze(Shape.of(1, 1, 3, 3)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("padded input height (3 + 2·0 = 3) is smaller than the dilated kernel")
                    .hasMessageContaining("Kernel size can't be greater than actual input size");
        }

        @Test
        void reflect_padding_must_be_smaller_than_the_input() {
            assertThatThrownBy(() -> Conv1d.of(1, 1, 3).padding(3).paddingMode("reflect").analyze(Shape.of(1, 1, 3)))
                    .hasMessageContaining("padding_mode='reflect' needs padding (3) smaller than the input length (3)");
        }

        @Test
        void unknown_padding_mode_is_refused() {
            assertThatThrownBy(() -> Conv1d.of(1, 1, 3).paddingMode("mirror"))
                    .hasMessage("Conv1d: padding_mode 'mirror' is not one of 'zeros', 'reflect', 'replicate',"
                            + " 'circular'");
        }

        @Test
        void transposed_output_padding_must_be_below_stride_or_dilation() {
            assertThatThrownBy(() -> ConvTranspose1d.of(1, 1, 3).outputPadding(1).analyze(Shape.of(1, 1, 4)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("output_padding (1,) must be smaller than either stride (1,) or dilation (1,)");
        }

        @Test
        void transposed_output_below_one_is_refused() {
            assertThatThrownBy(() -> ConvTranspose1d.of(1, 1, 1).padding(2).analyze(Shape.of(1, 1, 2)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("which is less than 1; torch: Output size is too small");
        }

        @Test
        void transposed_convolution_refuses_padding_modes_other_than_zeros() {
            assertThatThrownBy(() -> ConvTranspose2d.of(1, 1, 3).paddingMode("reflect"))
                    .hasMessageContaining("torch allows only 'zeros' for transposed convolutions");
        }

        @Test
        void a_convolution_takes_exactly_one_input() {
            assertThatThrownBy(() -> Conv1d.of(1, 1, 1).analyze(Shape.of(1, 1, 4), Shape.of(1, 1, 4)))
                    .hasMessage("Conv1d takes 1 input, got 2 [(1, 1, 4), (1, 1, 4)]");
        }
    }
}
