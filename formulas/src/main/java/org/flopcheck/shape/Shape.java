package org.flopcheck.shape;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of a tensor, such as {@code (1, 32, 64, 4)}. Every dimension is at least 1 except where torch itself
 * allows an empty dimension, which no layer here does; a rank-0 shape {@code ()} is a scalar.
 *
 * <p>Shapes are read in every layer's analysis and every convention's count, so the sizes are kept in a private
 * {@code long[]} that is never handed out: {@link #dim(int)}, {@link #rank()} and {@link #numel()} neither box nor
 * allocate. What a shape is asked for again and again is computed once, at construction: the element count (with
 * {@link Math#multiplyExact}; when it does not fit in a long the shape remembers that, and {@link #numel()} throws
 * the same {@link ArithmeticException} on every call, as callers such as the worksheet expect) and the hash code
 * (the one the former record had, {@link List#hashCode()} of the sizes, so hashed collections keep their order). The
 * boxed {@link #dims()} list is built only when asked for, once per shape.
 */
public final class Shape {
    /** {@link #numel} when the element count does not fit in a long: no real count is below 1. */
    private static final long OVERFLOW = -1;

    private final long[] dims;
    private final long numel;
    private final int hash;
    /** {@link #dims()}, built on first use; an immutable list, so a racy second build is harmless. */
    private List<Long> list;

    /** A shape of the given sizes, outermost first (copied). */
    public Shape(List<Long> dims) {
        this(toArray(dims));
    }

    /** Takes ownership of {@code dims}: only for arrays nobody else holds. Checks every size is at least 1. */
    private Shape(long[] dims) {
        long n = 1;
        int h = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = dims[i];
            if (d < 1) {
                throw new IllegalArgumentException("every dimension of a shape must be at least 1, got " + d
                        + " at position " + i + " of " + tuple(dims));
            }
            if (n != OVERFLOW) {
                try {
                    n = Math.multiplyExact(n, d);
                } catch (ArithmeticException tooMany) {
                    n = OVERFLOW;   // numel() throws this again when asked
                }
            }
            h = 31 * h + Long.hashCode(d);
        }
        this.dims = dims;
        this.numel = n;
        this.hash = h;
    }

    private static long[] toArray(List<Long> dims) {
        long[] a = new long[dims.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = dims.get(i);
        }
        return a;
    }

    /** A shape of the given sizes, outermost first; the array is copied, so the caller may reuse it. */
    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    /** The sizes, outermost first, as an unmodifiable list (built on first use); prefer {@link #dim(int)}. */
    public List<Long> dims() {
        List<Long> l = list;
        if (l == null) {
            Long[] boxed = new Long[dims.length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = dims[i];
            }
            l = List.of(boxed);
            list = l;
        }
        return l;
    }

    /** The sizes, outermost first, in a new array the caller owns. */
    public long[] toArray() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code i}; a negative index counts from the end, as in torch. */
    public long dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    /**
     * The number of elements, exactly (computed at construction); {@link ArithmeticException} when it does not fit
     * in a long.
     */
    public long numel() {
        if (numel == OVERFLOW) {
            long n = 1;
            for (long d : dims) {
                n = Math.multiplyExact(n, d);   // throws, as it did when the product was taken on every call
            }
            return n;
        }
        return numel;
    }

    /** The dimensions from {@code from} (inclusive) to {@code to} (exclusive) as a shape. */
    public Shape slice(int from, int to) {
        if (from < 0) {
            throw new IndexOutOfBoundsException("fromIndex = " + from);
        }
        if (to > dims.length) {
            throw new IndexOutOfBoundsException("toIndex = " + to);
        }
        if (from > to) {
            throw new IllegalArgumentException("fromIndex(" + from + ") > toIndex(" + to + ")");
        }
        return new Shape(Arrays.copyOfRange(dims, from, to));
    }

    /** This shape with dimension {@code i} replaced. */
    public Shape with(int i, long size) {
        long[] copy = dims.clone();
        copy[i < 0 ? dims.length + i : i] = size;
        return new Shape(copy);
    }

    /** This shape with {@code size} inserted at position {@code i}. */
    public Shape inserted(int i, long size) {
        if (i < 0 || i > dims.length) {
            throw new IndexOutOfBoundsException("Index: " + i + ", Size: " + dims.length);
        }
        long[] copy = new long[dims.length + 1];
        System.arraycopy(dims, 0, copy, 0, i);
        copy[i] = size;
        System.arraycopy(dims, i, copy, i + 1, dims.length - i);
        return new Shape(copy);
    }

    /** This shape without dimension {@code i}. */
    public Shape removed(int i) {
        int at = i < 0 ? dims.length + i : i;
        if (at < 0 || at >= dims.length) {
            throw new IndexOutOfBoundsException("Index " + at + " out of bounds for length " + dims.length);
        }
        long[] copy = new long[dims.length - 1];
        System.arraycopy(dims, 0, copy, 0, at);
        System.arraycopy(dims, at + 1, copy, at, dims.length - at - 1);
        return new Shape(copy);
    }

    /** This shape followed by {@code more}. */
    public Shape concat(Shape more) {
        long[] copy = Arrays.copyOf(dims, dims.length + more.dims.length);
        System.arraycopy(more.dims, 0, copy, dims.length, more.dims.length);
        return new Shape(copy);
    }

    /** Equal dimensions. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Shape other && other.hash == hash && Arrays.equals(other.dims, dims);
    }

    /** {@link List#hashCode()} of the dimensions, as the record this was had; computed at construction. */
    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code (1, 32, 64, 4)}; a rank-1 shape prints as {@code (5,)} like a Python tuple. */
    @Override
    public String toString() {
        return tuple(dims);
    }

    /**
     * Integers as Python prints a tuple of them: {@code (1, 32, 64, 4)}, {@code (5,)}, {@code ()}. Shapes print this
     * way, and so do torch's per-dimension arguments ({@code kernel_size=(4, 10)}).
     */
    public static String tuple(long... dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder sb = new StringBuilder(8 * dims.length).append('(');
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
