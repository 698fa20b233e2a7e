package org.flopcheck.tools;

import java.util.Arrays;
import org.flopcheck.shape.Shape;

/**
 * A tensor's sizes and strides (in elements), enough to decide what torch 1.13 decides from a layout: whether a
 * tensor {@code is_contiguous()}, and whether {@code matmul} folds it into one matrix. Views are modelled as torch
 * makes them ({@code transpose}, {@code unsqueeze}, {@code squeeze}, {@code flatten} where it can be a view);
 * everything else produces a contiguous tensor.
 *
 * <p>The layout changes which aten op {@code F.linear} dispatches, and so what ptflops' aten backend counts: see
 * {@link PtflopsAtenConvention}.
 */
final class Strided {
    /** The sizes as a shape: given for a fresh tensor, made on first request for a view. */
    private Shape shape;
    /** Sizes and strides: given for a view, made on first request for a fresh tensor (most are never asked). */
    private long[] sizes;
    private long[] strides;

    private Strided(long[] sizes, long[] strides) {
        this.sizes = sizes;
        this.strides = strides;
    }

    private Strided(Shape shape) {
        this.shape = shape;
    }

    /**
     * A freshly allocated tensor of this shape: row-major strides. Most tensors of a forward pass are fresh and
     * are only asked their shape, so the strides are worked out only when a view is made of one.
     */
    static Strided contiguous(Shape shape) {
        return new Strided(shape);
    }

    /** Row-major sizes and strides of a fresh tensor, made once when first needed. */
    private void materialise() {
        if (sizes != null) {
            return;
        }
        long[] sz = new long[shape.rank()];
        long[] st = new long[shape.rank()];
        long step = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            sz[i] = shape.dim(i);
            st[i] = step;
            step = Math.multiplyExact(step, Math.max(shape.dim(i), 1));
        }
        strides = st;
        sizes = sz;
    }

    int rank() {
        return shape != null ? shape.rank() : sizes.length;
    }

    long size(int i) {
        return shape != null ? shape.dim(i) : sizes[i];
    }

    Shape shape() {
        if (shape == null) {
            shape = Shape.of(sizes);
        }
        return shape;
    }

    /**
     * Whether this layout is a freshly allocated tensor's: made by {@link #contiguous}, or a view with exactly the
     * sizes and row-major strides such a tensor has ({@link #equals} cannot tell them apart).
     */
    boolean isFresh() {
        if (strides == null) {
            return true;
        }
        long step = 1;
        for (int i = sizes.length - 1; i >= 0; i--) {
            if (strides[i] != step) {
                return false;
            }
            step = Math.multiplyExact(step, Math.max(sizes[i], 1));
        }
        return true;
    }

    /** Whether this tensor has exactly these sizes. */
    boolean hasShape(Shape other) {
        if (shape == other) {
            return true;
        }
        int rank = other.rank();
        if (rank() != rank) {
            return false;
        }
        for (int i = 0; i < rank; i++) {
            if (size(i) != other.dim(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * torch's {@code is_contiguous()}: row-major strides, where dimensions of size 1 may have any stride; a tensor
     * without elements is contiguous.
     */
    boolean isContiguous() {
        if (strides == null) {
            return true;   // fresh: row-major by construction
        }
        for (long s : sizes) {
            if (s == 0) {
                return true;
            }
        }
        long expected = 1;
        for (int i = sizes.length - 1; i >= 0; i--) {
            if (sizes[i] != 1) {
                if (strides[i] != expected) {
                    return false;
                }
                expected *= sizes[i];
            }
        }
        return true;
    }

    /** {@code transpose(a, b)}: a view with the two dimensions swapped. */
    Strided transpose(int a, int b) {
        materialise();
        long[] sz = sizes.clone();
        long[] st = strides.clone();
        sz[a] = sizes[b];
        sz[b] = sizes[a];
        st[a] = strides[b];
        st[b] = strides[a];
        return new Strided(sz, st);
    }

    /** {@code unsqueeze(d)}: a view with a dimension of size 1 inserted at {@code d}, strided as torch strides it. */
    Strided unsqueeze(int d) {
        materialise();
        long[] sz = new long[sizes.length + 1];
        long[] st = new long[sizes.length + 1];
        for (int i = 0, j = 0; i < sz.length; i++) {
            if (i == d) {
                sz[i] = 1;
                st[i] = d >= sizes.length ? 1 : sizes[d] * strides[d];
            } else {
                sz[i] = sizes[j];
                st[i] = strides[j];
                j++;
            }
        }
        return new Strided(sz, st);
    }

    /** {@code squeeze(d)}: a view without dimension {@code d} if its size is 1, else the tensor itself. */
    Strided squeeze(int d) {
        materialise();
        if (sizes[d] != 1) {
            return this;
        }
        long[] sz = new long[sizes.length - 1];
        long[] st = new long[sizes.length - 1];
        for (int i = 0, j = 0; i < sizes.length; i++) {
            if (i != d) {
                sz[j] = sizes[i];
                st[j] = strides[i];
                j++;
            }
        }
        return new Strided(sz, st);
    }

    /**
     * {@code flatten(start, end)}: a view when the dimensions {@code start..end} can be merged without copying
     * (ignoring dimensions of size 1, each stride is the next one's times its size), otherwise a contiguous copy;
     * a single dimension returns the tensor itself.
     */
    Strided flatten(int start, int end) {
        if (start >= end) {
            return this;
        }
        materialise();
        long merged = 1;
        long innermost = -1;
        long previousStride = -1;
        long previousSize = 1;
        boolean viewable = true;
        for (int i = end; i >= start; i--) {
            merged = Math.multiplyExact(merged, sizes[i]);
            if (sizes[i] == 1) {
                continue;
            }
            if (innermost < 0) {
                innermost = strides[i];
            } else if (strides[i] != previousStride * previousSize) {
                viewable = false;
            }
            previousStride = strides[i];
            previousSize = sizes[i];
        }
        long[] sz = new long[sizes.length - (end - start)];
        long[] st = new long[sz.length];
        for (int i = 0, j = 0; i < sizes.length; i++) {
            if (i < start || i > end) {
                sz[j] = sizes[i];
                st[j] = strides[i];
                j++;
            } else if (i == start) {
                sz[j] = merged;
                st[j] = innermost < 0 ? 1 : innermost;
                j++;
            }
        }
        Strided view = new Strided(sz, st);
        return viewable ? view : contiguous(view.shape());
    }

    /**
     * torch 1.13's {@code should_fold} for a product with a 2-D matrix: {@code matmul} folds a tensor of 3 or more
     * dimensions into one matrix and calls {@code mm}, except for a 3-D tensor whose last dimension is not the
     * innermost while its first is the outermost (a {@code permute(0, 2, 1)}), which it multiplies with
     * {@code bmm}.
     */
    boolean foldsForMatmul() {
        if (rank() < 3) {
            return false;
        }
        if (strides == null) {
            return true;   // fresh: the last dimension is the innermost
        }
        return !(sizes.length == 3 && strides[2] != 1 && strides[0] == sizes[1] * sizes[2]);
    }

    /** The same sizes and strides: a layout, whichever way it was made. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Strided other)) {
            return false;
        }
        if (strides == null && other.strides == null) {
            return other.hasShape(shape);   // two fresh tensors
        }
        materialise();
        other.materialise();
        return Arrays.equals(sizes, other.sizes) && Arrays.equals(strides, other.strides);
    }

    @Override
    public int hashCode() {
        materialise();
        return 31 * Arrays.hashCode(sizes) + Arrays.hashCode(strides);
    }

    @Override
    public String toString() {
        materialise();
        return shape() + " strides " + Arrays.toString(strides);
    }
}
