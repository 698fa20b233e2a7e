package org.flopcheck.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One integer per spatial dimension, as torch's {@code _size_2_t} arguments: a kernel size, stride, padding or
 * dilation such as {@code (4, 10)}. Values are checked by the layer that takes them (a padding may be 0, a stride
 * may not).
 *
 * @param values outermost dimension first
 */
public record Dims(List<Long> values) {
    public Dims {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("Dims needs at least one value");
        }
    }

    public static Dims of(long... values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return new Dims(list);
    }

    /** The same value repeated {@code n} times, as torch expands a scalar argument. */
    public static Dims repeat(long value, int n) {
        long[] values = new long[n];
        java.util.Arrays.fill(values, value);
        return of(values);
    }

    public int size() {
        return values.size();
    }

    public long get(int i) {
        return values.get(i);
    }

    /** True when every value equals {@code v}. */
    public boolean all(long v) {
        return values.stream().allMatch(x -> x == v);
    }

    /** {@code (4, 10)}; one value prints as {@code (5,)} like a Python tuple. */
    @Override
    public String toString() {
        if (values.size() == 1) {
            return "(" + values.get(0) + ",)";
        }
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
