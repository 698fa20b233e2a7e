package org.flopcheck.shape;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a tensor, such as {@code (1, 32, 64, 4)}. Every dimension is at least 1 except where torch itself
 * allows an empty dimension, which no layer here does; a rank-0 shape {@code ()} is a scalar.
 *
 * @param dims the sizes, outermost first
 */
public record Shape(List<Long> dims) {
    public Shape {
        dims = List.copyOf(dims);
        for (int i = 0; i < dims.size(); i++) {
            if (dims.get(i) < 1) {
                throw new IllegalArgumentException("every dimension of a shape must be at least 1, got " + dims.get(i)
                        + " at position " + i + " of " + format(dims));
            }
        }
    }

    public static Shape of(long... dims) {
        List<Long> list = new ArrayList<>(dims.length);
        for (long d : dims) {
            list.add(d);
        }
        return new Shape(list);
    }

    public int rank() {
        return dims.size();
    }

    /** The size of dimension {@code i}; a negative index counts from the end, as in torch. */
    public long dim(int i) {
        return dims.get(i < 0 ? dims.size() + i : i);
    }

    /** The number of elements, exactly; {@link ArithmeticException} when it does not fit in a long. */
    public long numel() {
        long n = 1;
        for (int i = 0; i < dims.size(); i++) {
            n = Math.multiplyExact(n, dims.get(i));
        }
        return n;
    }

    /** The dimensions from {@code from} (inclusive) to {@code to} (exclusive) as a shape. */
    public Shape slice(int from, int to) {
        return new Shape(dims.subList(from, to));
    }

    /** This shape with dimension {@code i} replaced. */
    public Shape with(int i, long size) {
        List<Long> copy = new ArrayList<>(dims);
        copy.set(i < 0 ? dims.size() + i : i, size);
        return new Shape(copy);
    }

    /** This shape with {@code size} inserted at position {@code i}. */
    public Shape inserted(int i, long size) {
        List<Long> copy = new ArrayList<>(dims);
        copy.add(i, size);
        return new Shape(copy);
    }

    /** This shape without dimension {@code i}. */
    public Shape removed(int i) {
        List<Long> copy = new ArrayList<>(dims);
        copy.remove(i < 0 ? dims.size() + i : i);
        return new Shape(copy);
    }

    /** This shape followed by {@code more}. */
    public Shape concat(Shape more) {
        List<Long> copy = new ArrayList<>(dims);
        copy.addAll(more.dims);
        return new Shape(copy);
    }

    /**
     * Equal dimensions, compared by index: the record's equality, without an iterator per comparison (the record's
     * hash code, from the same dimensions, stays consistent with it).
     */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Shape other) || other.dims.size() != dims.size()) {
            return false;
        }
        for (int i = 0; i < dims.size(); i++) {
            if (dims.get(i).longValue() != other.dims.get(i).longValue()) {
                return false;
            }
        }
        return true;
    }

    /** {@code (1, 32, 64, 4)}; a rank-1 shape prints as {@code (5,)} like a Python tuple. */
    @Override
    public String toString() {
        return format(dims);
    }

    private static String format(List<Long> dims) {
        if (dims.size() == 1) {
            return "(" + dims.get(0) + ",)";
        }
        StringBuilder sb = new StringBuilder(8 * dims.size()).append('(');
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims.get(i).longValue());
        }
        return sb.append(')').toString();
    }
}
