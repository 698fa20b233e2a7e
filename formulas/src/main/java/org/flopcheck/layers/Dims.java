package org.flopcheck.layers;

import java.util.Arrays;
import java.util.List;
import org.flopcheck.shape.Shape;

/**
 * One integer per spatial dimension, as torch's {@code _size_2_t} arguments: a kernel size, stride, padding or
 * dilation such as {@code (4, 10)}. Values are checked by the layer that takes them (a padding may be 0, a stride
 * may not).
 *
 * <p>Immutable. The values are kept as primitives, since layers read them with {@link #get} on every analysis;
 * {@link #values()} boxes them once, when first asked. Two {@code Dims} are equal when their values are, with the
 * hash code of the list of values.
 */
public final class Dims {
    private final long[] values;   // never handed out
    private List<Long> boxed;      // built on the first values(); immutable, so racing threads build equal lists

    private Dims(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Dims needs at least one value");
        }
        this.values = values;
    }

    /** @param values outermost dimension first */
    public Dims(List<Long> values) {
        this(unboxed(values));
    }

    private static long[] unboxed(List<Long> values) {
        long[] a = new long[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);   // a null is refused here, as List.copyOf refused it
        }
        return a;
    }

    public static Dims of(long... values) {
        return new Dims(values.clone());
    }

    /** The same value repeated {@code n} times, as torch expands a scalar argument. */
    public static Dims repeat(long value, int n) {
        long[] values = new long[n];
        Arrays.fill(values, value);
        return new Dims(values);
    }

    /** The values, outermost dimension first, as an unmodifiable list. */
    public List<Long> values() {
        List<Long> list = boxed;
        if (list == null) {
            Long[] b = new Long[values.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = values[i];
            }
            list = List.of(b);
            boxed = list;
        }
        return list;
    }

    public int size() {
        return values.length;
    }

    public long get(int i) {
        return values[i];
    }

    /** True when every value equals {@code v}. */
    public boolean all(long v) {
        for (long x : values) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Dims other && Arrays.equals(values, other.values);
    }

    /** The hash code of {@link #values()}: {@link Arrays#hashCode(long[])} is the same function. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** {@code (4, 10)}; one value prints as {@code (5,)} like a Python tuple ({@link Shape#tuple}). */
    @Override
    public String toString() {
        return Shape.tuple(values);
    }
}
