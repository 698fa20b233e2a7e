package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * Layouts as torch 1.13 reports them (each expectation is what {@code tensor.is_contiguous()} and
 * {@code tensor.stride()} say in Python for the same construction).
 */
class StridedTest {

    @Test
    void should_give_a_fresh_tensor_row_major_strides() {
        Strided x = Strided.contiguous(Shape.of(2, 5, 16));
        assertThat(x.isContiguous()).isTrue();
        assertThat(x.toString()).isEqualTo("(2, 5, 16) strides [80, 16, 1]");
    }

    @Test
    void should_make_a_transposed_batch_non_contiguous_unless_a_swapped_size_is_one() {
        // torch.randn(2, 5, 16).transpose(0, 1).is_contiguous() is False; with batch 1 or length 1 it is True
        assertThat(Strided.contiguous(Shape.of(2, 5, 16)).transpose(0, 1).isContiguous()).isFalse();
        assertThat(Strided.contiguous(Shape.of(1, 5, 16)).transpose(0, 1).isContiguous()).isTrue();
        assertThat(Strided.contiguous(Shape.of(2, 1, 16)).transpose(0, 1).isContiguous()).isTrue();
        assertThat(Strided.contiguous(Shape.of(2, 5, 16)).transpose(0, 1).transpose(1, 0).isContiguous()).isTrue();
    }

    @Test
    void should_stride_an_unsqueezed_dimension_as_torch_does() {
        // torch.randn(5, 16).unsqueeze(1).stride() == (16, 16, 1); unsqueeze(2) gives (16, 1, 1)
        Strided x = Strided.contiguous(Shape.of(5, 16));
        assertThat(x.unsqueeze(1).toString()).isEqualTo("(5, 1, 16) strides [16, 16, 1]");
        assertThat(x.unsqueeze(2).toString()).isEqualTo("(5, 16, 1) strides [16, 1, 1]");
        assertThat(Strided.contiguous(Shape.of(5, 16)).unsqueeze(0).squeeze(0).isContiguous()).isTrue();
    }

    @Test
    void should_flatten_by_a_view_only_where_the_dimensions_merge() {
        Strided transposed = Strided.contiguous(Shape.of(2, 5, 16)).transpose(0, 1);   // (5, 2, 16) (16, 80, 1)
        // flatten(1, 2) cannot be a view: a contiguous copy (32, 1)
        assertThat(transposed.flatten(1, 2).toString()).isEqualTo("(5, 32) strides [32, 1]");
        // flatten(0, 1) of a tensor whose leading dimensions do merge stays a view
        Strided lastTransposed = Strided.contiguous(Shape.of(2, 3, 4, 5)).transpose(2, 3);   // (2, 3, 5, 4)
        assertThat(lastTransposed.flatten(0, 1).toString()).isEqualTo("(6, 5, 4) strides [20, 1, 5]");
        assertThat(lastTransposed.flatten(0, 1).isContiguous()).isFalse();
        assertThat(transposed.flatten(2, 2)).isSameAs(transposed);
    }

    @Test
    void should_fold_for_matmul_except_a_permuted_last_pair() {
        // matmul(x, w) with x = torch.randn(2, 4, 5).transpose(1, 2) dispatches aten.bmm, otherwise aten.mm
        assertThat(Strided.contiguous(Shape.of(2, 4, 5)).transpose(1, 2).foldsForMatmul()).isFalse();
        assertThat(Strided.contiguous(Shape.of(2, 5, 16)).transpose(0, 1).foldsForMatmul()).isTrue();
        assertThat(Strided.contiguous(Shape.of(2, 3, 4, 16)).foldsForMatmul()).isTrue();
        assertThat(Strided.contiguous(Shape.of(4, 16)).foldsForMatmul()).isFalse();
    }

    @Test
    void should_tell_a_view_laid_out_as_a_fresh_tensor_from_one_that_is_not() {
        // equal to a fresh tensor of its sizes, stride for stride: what the aten pass may treat as fresh
        Strided x = Strided.contiguous(Shape.of(2, 5, 16));
        assertThat(x.isFresh()).isTrue();
        assertThat(x.transpose(0, 1).isFresh()).isFalse();
        assertThat(x.transpose(0, 1).transpose(1, 0).isFresh()).isTrue();
        assertThat(x.flatten(1, 2).isFresh()).isTrue();
        // contiguous, as a swapped size is 1, but strided [16, 80, 1], not [16, 16, 1]
        assertThat(Strided.contiguous(Shape.of(1, 5, 16)).transpose(0, 1).isFresh()).isFalse();
    }
}
