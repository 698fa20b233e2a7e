package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The worked numbers of the normalisation layers' and Embedding's javadoc, computed here by hand; torch's reprs;
 * and one test per configuration or input torch rejects.
 */
class NormalizationExamplesTest {

    @Nested
    class BatchNormExamples {
        @Test
        void should_count_the_keyword_spotting_batch_norm_of_the_worked_example() {
            // BatchNorm2d(32) on (1, 32, 64, 4): E = 1·32·64·4 = 8,192 elements, one x·a and one + b each
            long elements = 1 * 32 * 64 * 4;
            Analysis a = BatchNorm2d.of(32).analyze(Shape.of(1, 32, 64, 4));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(1, 32, 64, 4)
                    .hasParams(32 + 32)
                    .hasBuffers(32 + 32 + 1)
                    .hasTerm("scale multiplications", 8_192)
                    .hasTerm("shift additions", 8_192)
                    .hasTerm("eps additions", 32)
                    .hasTerm("square roots", 32)
                    .hasTerm("reciprocal divisions", 32)
                    .hasTerm("scale multiplications by the weight", 32)
                    .hasTerm("mean-by-scale multiplications", 32)
                    .hasTerm("shift subtractions", 32)
                    .counts(Conventions.EXACT, 2 * elements + 6 * 32)
                    .counts(Conventions.EXACT, 16_576)
                    .counts(Conventions.MACS, 0)
                    .counts(Conventions.FLOPS, 0);
            assertThat(elements).isEqualTo(8_192);
            assertThat(a.params().trainable()).isEqualTo(64);
        }

        @Test
        void should_add_the_batch_norm_to_the_keyword_spotting_convolution_in_a_sequential() {
            // Conv2d(1, 32, (4, 10), stride=(2, 8), bias=False): 32·1·4·10 = 1,280 weights, 64·4·32·40 = 327,680
            // MACs; then BatchNorm2d(32): 64 parameters, 65 buffer elements, no MACs
            Analysis a = Sequential.of(Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false), BatchNorm2d.of(32))
                    .analyze(Shape.of(1, 1, 130, 40));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(1, 32, 64, 4)
                    .hasParams(1_280 + 64)
                    .hasBuffers(65)
                    .counts(Conventions.MACS, 327_680);
        }

        @Test
        void should_count_torchs_batch_norm_1d_example() {
            // BatchNorm1d(100) on (20, 100): 2,000 elements, 100 channels
            FlopcheckAssertions.assertThat(BatchNorm1d.of(100).analyze(Shape.of(20, 100)))
                    .hasOutput(20, 100)
                    .hasParams(200)
                    .hasBuffers(201)
                    .hasTerm("scale multiplications", 2_000)
                    .counts(Conventions.EXACT, 4_000 + 600)
                    .counts(Conventions.EXACT, 4_600);
        }

        @Test
        void should_count_torchs_batch_norm_3d_example_without_affine() {
            // BatchNorm3d(100, affine=False) on (20, 100, 35, 45, 10): 20·100·35·45·10 = 31,500,000 elements
            FlopcheckAssertions.assertThat(BatchNorm3d.of(100).affine(false).analyze(Shape.of(20, 100, 35, 45, 10)))
                    .hasParams(0)
                    .hasBuffers(201)
                    .hasTerm("scale multiplications", 31_500_000)
                    .hasTerm("shift additions", 31_500_000)
                    .hasTerm("mean-by-scale multiplications", 100)
                    .counts(Conventions.EXACT, 63_000_600);
            // torch's kernel subtracts from a bias of 0 even without affine
            assertThat(BatchNorm3d.of(100).affine(false).analyze(Shape.of(20, 100, 35, 45, 10)).terms())
                    .extracting(t -> t.name()).contains("shift subtractions");
        }

        @Test
        void should_count_batch_statistics_when_running_statistics_are_not_tracked() {
            // BatchNorm1d(3, track_running_stats=False, affine=False) on (4, 3, 5): R = 4·5 = 20 values per channel;
            // per channel 19 + 20 + 19 + 1 additions, 20 + 20 multiplications, 3 divisions, 1 square root = 103
            FlopcheckAssertions.assertThat(BatchNorm1d.of(3).trackRunningStats(false).affine(false)
                            .analyze(Shape.of(4, 3, 5)))
                    .hasParams(0)
                    .hasBuffers(0)
                    .hasTerm("mean additions", 3 * 19)
                    .hasTerm("centring subtractions", 3 * 20)
                    .hasTerm("variance divisions", 3)
                    .hasTerm("normalising multiplications", 3 * 20)
                    .counts(Conventions.EXACT, 3 * 103)
                    .counts(Conventions.EXACT, 309);
        }

        @Test
        void should_not_change_any_count_with_eps_or_momentum() {
            Shape x = Shape.of(2, 4, 3, 3);
            Analysis plain = BatchNorm2d.of(4).analyze(x);
            Analysis tuned = BatchNorm2d.of(4).eps(1e-3).momentum(OptionalDouble.empty()).analyze(x);
            assertThat(AnalysisAssert.byOp(tuned)).isEqualTo(AnalysisAssert.byOp(plain));
            assertThat(tuned.params()).isEqualTo(plain.params());
        }

        @Test
        void should_print_torchs_repr() {
            assertThat(BatchNorm2d.of(32)).hasToString(
                    "BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
            assertThat(BatchNorm1d.of(100).eps(1e-3).momentum(OptionalDouble.empty()).affine(false)).hasToString(
                    "BatchNorm1d(100, eps=0.001, momentum=None, affine=False, track_running_stats=True)");
            assertThat(BatchNorm3d.of(8).momentum(0.01).trackRunningStats(false)).hasToString(
                    "BatchNorm3d(8, eps=1e-05, momentum=0.01, affine=True, track_running_stats=False)");
        }

        @Test
        void should_reject_zero_features() {
            assertThatThrownBy(() -> BatchNorm2d.of(0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("BatchNorm2d: num_features (0) must be positive");
        }

        @Test
        void should_reject_a_batch_norm_2d_input_of_the_wrong_rank() {
            assertThatThrownBy(() -> BatchNorm2d.of(32).analyze(Shape.of(32, 64, 4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("BatchNorm2d expects input (N, C=32, H, W), got (32, 64, 4)")
                    .hasMessageContaining("expected 4D input (got 3D input)");
        }

        @Test
        void should_reject_a_batch_norm_1d_input_of_rank_four() {
            assertThatThrownBy(() -> BatchNorm1d.of(3).analyze(Shape.of(2, 3, 4, 5)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("BatchNorm1d expects input (N, C=3) or (N, C=3, L)")
                    .hasMessageContaining("expected 2D or 3D input (got 4D input)");
        }

        @Test
        void should_reject_a_batch_norm_3d_input_of_rank_four() {
            assertThatThrownBy(() -> BatchNorm3d.of(3).analyze(Shape.of(2, 3, 4, 5)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("expected 5D input (got 4D input)");
        }

        @Test
        void should_reject_an_input_with_other_channels() {
            assertThatThrownBy(() -> BatchNorm2d.of(32).analyze(Shape.of(1, 16, 64, 4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("got (1, 16, 64, 4): 16 channels, not 32");
        }

        @Test
        void should_reject_other_channels_even_without_affine_or_running_statistics() {
            assertThatThrownBy(() -> BatchNorm1d.of(4).affine(false).trackRunningStats(false)
                    .analyze(Shape.of(8, 5))).isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("5 channels, not 4");
        }

        @Test
        void should_reject_batch_statistics_over_one_value_per_channel() {
            assertThatThrownBy(() -> BatchNorm1d.of(4).trackRunningStats(false).analyze(Shape.of(1, 4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("needs more than 1 value per channel, got input (1, 4)")
                    .hasMessageContaining("Expected more than 1 value per channel when training");
        }

        @Test
        void should_accept_one_value_per_channel_with_running_statistics() {
            FlopcheckAssertions.assertThat(BatchNorm1d.of(4).analyze(Shape.of(1, 4)))
                    .counts(Conventions.EXACT, 2 * 4 + 6 * 4);
        }
    }

    @Nested
    class InstanceNormExamples {
        @Test
        void should_count_torchs_instance_norm_1d_example() {
            // InstanceNorm1d(100) on (20, 100, 40): 2,000 instances of 40 values, 5·40 + 3 = 203 operations each
            FlopcheckAssertions.assertThat(InstanceNorm1d.of(100).analyze(Shape.of(20, 100, 40)))
                    .hasOutput(20, 100, 40)
                    .hasParams(0)
                    .hasBuffers(0)
                    .hasTerm("mean additions", 2_000 * 39)
                    .hasTerm("mean divisions", 2_000)
                    .hasTerm("squarings of centred values", 2_000 * 40)
                    .counts(Conventions.EXACT, 2_000 * 203)
                    .counts(Conventions.EXACT, 406_000);
        }

        @Test
        void should_count_torchs_instance_norm_2d_example_with_affine() {
            // InstanceNorm2d(100, affine=True) on (20, 100, 35, 45): S = 1,575, 7·1,575 + 3 = 11,028 per instance
            FlopcheckAssertions.assertThat(InstanceNorm2d.of(100).affine(true).analyze(Shape.of(20, 100, 35, 45)))
                    .hasParams(200)
                    .hasBuffers(0)
                    .hasTerm("affine weight multiplications", 2_000 * 1_575)
                    .hasTerm("affine bias additions", 3_150_000)
                    .counts(Conventions.EXACT, 2_000L * 11_028)
                    .counts(Conventions.EXACT, 22_056_000);
        }

        @Test
        void should_fold_running_statistics_once_per_sample_and_channel() {
            // InstanceNorm3d(4, track_running_stats=True) on (2, 4, 3, 8, 8): N·C = 8 folds, 2·4·192 = 1,536 elements
            FlopcheckAssertions.assertThat(InstanceNorm3d.of(4).trackRunningStats(true)
                            .analyze(Shape.of(2, 4, 3, 8, 8)))
                    .hasParams(0)
                    .hasBuffers(4 + 4 + 1)
                    .hasTerm("eps additions", 8)
                    .hasTerm("reciprocal divisions", 8)
                    .hasTerm("shift subtractions", 8)
                    .hasTerm("scale multiplications", 1_536)
                    .counts(Conventions.EXACT, 2 * 1_536 + 6 * 8)
                    .counts(Conventions.EXACT, 3_120);
        }

        @Test
        void should_count_an_unbatched_input_as_one_sample() {
            // InstanceNorm1d(3) on (3, 8): 3 instances of 8 values, 5·8 + 3 = 43 each
            FlopcheckAssertions.assertThat(InstanceNorm1d.of(3).analyze(Shape.of(3, 8)))
                    .hasOutput(3, 8)
                    .counts(Conventions.EXACT, 3 * 43);
        }

        @Test
        void should_normalise_the_inputs_channels_when_num_features_is_unused() {
            // torch only warns: InstanceNorm1d(3) on (2, 5, 4) normalises 2·5 = 10 instances of 4 values
            Analysis a = InstanceNorm1d.of(3).analyze(Shape.of(2, 5, 4));
            FlopcheckAssertions.assertThat(a).counts(Conventions.EXACT, 10 * (5 * 4 + 3));
            assertThat(a.derivation().plain()).contains("torch warns that num_features is unused");
        }

        @Test
        void should_print_torchs_repr() {
            assertThat(InstanceNorm2d.of(3)).hasToString(
                    "InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)");
            assertThat(InstanceNorm1d.of(64).affine(true).trackRunningStats(true).eps(1e-6)).hasToString(
                    "InstanceNorm1d(64, eps=1e-06, momentum=0.1, affine=True, track_running_stats=True)");
        }

        @Test
        void should_reject_an_input_of_the_wrong_rank() {
            assertThatThrownBy(() -> InstanceNorm2d.of(3).analyze(Shape.of(3, 4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("InstanceNorm2d expects input (N, C=3, H, W) or (C=3, H, W), got (3, 4)")
                    .hasMessageContaining("expected 3D or 4D input (got 2D input)");
        }

        @Test
        void should_reject_other_channels_with_affine_as_torch_does() {
            assertThatThrownBy(() -> InstanceNorm1d.of(3).affine(true).analyze(Shape.of(2, 4, 5)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("expected input's size at dim=1 to match num_features (3), but got: 4.");
        }

        @Test
        void should_reject_other_channels_with_running_statistics() {
            assertThatThrownBy(() -> InstanceNorm1d.of(3).trackRunningStats(true).analyze(Shape.of(4, 5)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("4 channels, not 3")
                    .hasMessageContaining("the running statistics hold 3 channels");
        }

        @Test
        void should_reject_instance_statistics_over_one_spatial_element() {
            assertThatThrownBy(() -> InstanceNorm1d.of(3).analyze(Shape.of(2, 3, 1)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("Expected more than 1 spatial element when training");
        }

        @Test
        void should_reject_zero_features() {
            assertThatThrownBy(() -> InstanceNorm3d.of(0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("InstanceNorm3d: num_features (0) must be positive");
        }
    }

    @Nested
    class LayerNormExamples {
        @Test
        void should_count_torchs_nlp_layer_norm_example() {
            // LayerNorm(10) on (20, 5, 10): R = 100 rows of D = 10; per row 9 + 10 + 9 + 1 + 10 = 39 additions,
            // 10 + 10 + 10 = 30 multiplications, 3 divisions, 1 square root = 73
            FlopcheckAssertions.assertThat(LayerNorm.of(10).analyze(Shape.of(20, 5, 10)))
                    .hasOutput(20, 5, 10)
                    .hasParams(20)
                    .hasBuffers(0)
                    .hasTerm("mean additions", 100 * 9)
                    .hasTerm("variance additions", 100 * 9)
                    .hasTerm("reciprocal divisions", 100)
                    .hasTerm("affine weight multiplications", 1_000)
                    .hasTerm("affine bias additions", 1_000)
                    .counts(Conventions.EXACT, 100 * 73)
                    .counts(Conventions.EXACT, 7_300)
                    .counts(Conventions.MACS, 0);
        }

        @Test
        void should_give_a_multi_dimensional_normalized_shape_weights_of_that_shape() {
            // LayerNorm((5, 10), bias=False) on (20, 5, 10): R = 20 rows of D = 50, 6·50 + 3 = 303 each
            Analysis a = LayerNorm.of(5, 10).bias(false).analyze(Shape.of(20, 5, 10));
            FlopcheckAssertions.assertThat(a).hasParams(50).counts(Conventions.EXACT, 20 * 303);
            assertThat(a.parameters()).singleElement().satisfies(p -> {
                assertThat(p.name()).isEqualTo("weight");
                assertThat(p.shape()).isEqualTo(Shape.of(5, 10));
            });
        }

        @Test
        void should_count_one_row_when_there_are_no_leading_dimensions() {
            FlopcheckAssertions.assertThat(LayerNorm.of(10).elementwiseAffine(false).analyze(Shape.of(10)))
                    .hasParams(0)
                    .counts(Conventions.EXACT, 5 * 10 + 3);
        }

        @Test
        void should_print_torchs_repr() {
            assertThat(LayerNorm.of(10)).hasToString("LayerNorm((10,), eps=1e-05, elementwise_affine=True)");
            assertThat(LayerNorm.of(5, 10).elementwiseAffine(false)).hasToString(
                    "LayerNorm((5, 10), eps=1e-05, elementwise_affine=False)");
            assertThat(LayerNorm.of(768).eps(1e-12).bias(false)).hasToString(
                    "LayerNorm((768,), eps=1e-12, elementwise_affine=True)");
        }

        @Test
        void should_reject_an_input_whose_trailing_dimensions_differ() {
            assertThatThrownBy(() -> LayerNorm.of(10).analyze(Shape.of(20, 5, 9)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("LayerNorm expects input (*, 10), got (20, 5, 9)")
                    .hasMessageContaining("Given normalized_shape=[10], expected input with shape [*, 10], but got"
                            + " input of size[20, 5, 9]");
        }

        @Test
        void should_reject_an_input_with_fewer_dimensions_than_normalized_shape() {
            assertThatThrownBy(() -> LayerNorm.of(5, 10).analyze(Shape.of(10)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("LayerNorm expects input (*, 5, 10), got (10,)");
        }

        @Test
        void should_reject_a_zero_in_normalized_shape() {
            assertThatThrownBy(() -> LayerNorm.of(5, 0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("LayerNorm: normalized_shape (5, 0) must be positive in every dimension");
        }

        @Test
        void should_reject_an_empty_normalized_shape() {
            assertThatThrownBy(() -> LayerNorm.of()).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("LayerNorm: normalized_shape must have at least one dimension");
        }
    }

    @Nested
    class GroupNormExamples {
        @Test
        void should_count_torchs_group_norm_example() {
            // GroupNorm(3, 6) on (20, 6, 10, 10): 60 groups of 2·100 = 200 values, 1,003 operations each,
            // plus 20·6·100 = 12,000 weight multiplications and 12,000 bias additions
            FlopcheckAssertions.assertThat(GroupNorm.of(3, 6).analyze(Shape.of(20, 6, 10, 10)))
                    .hasOutput(20, 6, 10, 10)
                    .hasParams(12)
                    .hasBuffers(0)
                    .hasTerm("mean divisions", 60)
                    .hasTerm("centring subtractions", 60 * 200)
                    .hasTerm("affine weight multiplications", 12_000)
                    .counts(Conventions.EXACT, 60 * 1_003 + 2 * 12_000)
                    .counts(Conventions.EXACT, 84_180);
        }

        @Test
        void should_accept_an_input_without_spatial_dimensions() {
            // GroupNorm(2, 4) on (3, 4): 6 groups of 2 values, 5·2 + 3 = 13 each, plus 2·12 affine
            FlopcheckAssertions.assertThat(GroupNorm.of(2, 4).analyze(Shape.of(3, 4)))
                    .counts(Conventions.EXACT, 6 * 13 + 2 * 12);
        }

        @Test
        void should_print_torchs_repr() {
            assertThat(GroupNorm.of(32, 64)).hasToString("GroupNorm(32, 64, eps=1e-05, affine=True)");
            assertThat(GroupNorm.of(1, 4).eps(1e-6).affine(false)).hasToString(
                    "GroupNorm(1, 4, eps=1e-06, affine=False)");
        }

        @Test
        void should_reject_channels_not_divisible_by_groups() {
            assertThatThrownBy(() -> GroupNorm.of(4, 6)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("GroupNorm: num_channels (6) must be divisible by num_groups (4)");
        }

        @Test
        void should_reject_zero_groups() {
            assertThatThrownBy(() -> GroupNorm.of(0, 6)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("GroupNorm: num_groups (0) must be positive");
        }

        @Test
        void should_reject_an_input_of_one_dimension() {
            assertThatThrownBy(() -> GroupNorm.of(2, 4).analyze(Shape.of(4)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("GroupNorm expects input (N, C=4, *), got (4,)")
                    .hasMessageContaining("Expected at least 2 dimensions for input tensor but received 1");
        }

        @Test
        void should_reject_an_input_with_other_channels() {
            assertThatThrownBy(() -> GroupNorm.of(2, 4).analyze(Shape.of(2, 6, 5)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("6 channels, not 4");
        }

        @Test
        void should_reject_groups_of_a_single_value() {
            assertThatThrownBy(() -> GroupNorm.of(4, 4).analyze(Shape.of(1, 4, 1)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("holds a single value (N·C/G·S = 1)")
                    .hasMessageContaining("Expected more than 1 value per channel when training");
        }
    }

    @Nested
    class EmbeddingExamples {
        @Test
        void should_count_torchs_embedding_example() {
            Analysis a = Embedding.of(10, 3).analyze(Shape.of(2, 4));
            FlopcheckAssertions.assertThat(a)
                    .hasOutput(2, 4, 3)
                    .hasParams(10 * 3)
                    .hasBuffers(0)
                    .counts(Conventions.EXACT, 0)
                    .counts(Conventions.MACS, 0)
                    .counts(Conventions.FLOPS, 0);
            assertThat(a.terms()).isEmpty();
            assertThat(Conventions.EXACT.count(a).contributions()).isEmpty();
            assertThat(a.derivation().plain()).contains("does no arithmetic");
        }

        @Test
        void should_look_up_a_scalar_index() {
            FlopcheckAssertions.assertThat(Embedding.of(10, 3).analyze(Shape.of())).hasOutput(3);
        }

        @Test
        void should_store_a_negative_padding_idx_from_the_end_as_torch_does() {
            assertThat(Embedding.of(10, 3).paddingIdx(-1).paddingIdx()).hasValue(9);
            assertThat(Embedding.of(10, 3).paddingIdx(-10).paddingIdx()).hasValue(0);
        }

        @Test
        void should_print_torchs_repr() {
            assertThat(Embedding.of(10, 3)).hasToString("Embedding(10, 3)");
            assertThat(Embedding.of(10, 3).paddingIdx(-1)).hasToString("Embedding(10, 3, padding_idx=9)");
            assertThat(Embedding.of(30522, 768).paddingIdx(0).normType(1).scaleGradByFreq(true).sparse(true))
                    .hasToString("Embedding(30522, 768, padding_idx=0, norm_type=1.0, scale_grad_by_freq=True,"
                            + " sparse=True)");
        }

        @Test
        void should_reject_a_padding_idx_past_the_table() {
            assertThatThrownBy(() -> Embedding.of(10, 3).paddingIdx(10)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Embedding: padding_idx (10) must be within num_embeddings (10): from -10"
                            + " to 9");
        }

        @Test
        void should_reject_a_negative_padding_idx_before_the_table() {
            assertThatThrownBy(() -> Embedding.of(10, 3).paddingIdx(-11)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("padding_idx (-11) must be within num_embeddings (10)");
        }

        @Test
        void should_not_guess_a_count_when_max_norm_makes_it_depend_on_the_data() {
            Analysis a = Embedding.of(10, 3).maxNorm(1.0).analyze(Shape.of(2, 4));
            assertThat(a.output()).isEqualTo(Shape.of(2, 4, 3));
            assertThat(a.params().total()).isEqualTo(30);
            assertThat(Embedding.of(10, 3).maxNorm(1.0)).hasToString("Embedding(10, 3, max_norm=1.0)");
            for (var convention : org.flopcheck.convention.Conventions.library()) {
                assertThat(convention.outcome(a)).isInstanceOfSatisfying(
                        org.flopcheck.convention.Outcome.Failed.class, f -> assertThat(f.reason())
                                .contains("cannot be counted from shapes").contains("depends on the indices"));
            }
            assertThatThrownBy(() -> Embedding.of(10, 3).maxNorm(0)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("max_norm (0.0) must be positive");
        }

        @Test
        void should_reject_an_empty_table() {
            assertThatThrownBy(() -> Embedding.of(0, 3)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Embedding: num_embeddings (0) must be positive");
        }

        @Test
        void should_reject_two_inputs() {
            assertThatThrownBy(() -> Embedding.of(10, 3).analyze(Shape.of(2), Shape.of(2)))
                    .isInstanceOf(InvalidShapeException.class)
                    .hasMessageContaining("Embedding takes 1 input, got 2");
        }
    }
}
