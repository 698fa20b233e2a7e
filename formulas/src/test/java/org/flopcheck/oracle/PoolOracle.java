package org.flopcheck.oracle;

import org.flopcheck.shape.Shape;

/**
 * Pooling executed by plain loops, window by window, the way torch's CPU kernels walk them: every tap of a window
 * whose position falls inside the input is read, taps in the padding (and dilation steps past the input) are
 * skipped. A max of m values runs m − 1 comparisons, a sum m − 1 additions, and an average divides its sum by a
 * divisor found by index arithmetic, as torch does. Output sizes come from counting where windows may start, not
 * from the library's formulas.
 */
public final class PoolOracle {
    private PoolOracle() {
    }

    /** A sliding-window pool as plain arrays, one entry per spatial dimension. */
    public record Sliding(long n, long c, boolean batched, long[] in, long[] kernel, long[] stride, long[] padding,
                          long[] dilation, boolean ceilMode, boolean countIncludePad, Long divisorOverride) {
    }

    /** An adaptive pool: input and output sizes per spatial dimension. */
    public record Adaptive(long n, long c, boolean batched, long[] in, long[] out) {
    }

    /**
     * The number of windows along one dimension. Window o covers padded positions o·s to o·s + d·(K − 1). Without
     * ceil_mode a window must end inside the padded input. With ceil_mode windows are added until one reaches the
     * padded end, and each must start inside the input or the left padding.
     */
    public static long windows(long in, long k, long s, long p, long d, boolean ceilMode) {
        long reach = d * (k - 1) + 1;
        long padded = in + 2 * p;
        long count = 0;
        while (true) {
            boolean fits = ceilMode
                    ? (count - 1) * s + reach < padded && count * s < in + p
                    : count * s + reach <= padded;
            if (!fits) {
                return count;
            }
            count++;
        }
    }

    public static OracleRun maxPool(Sliding a) {
        return sliding(a, true);
    }

    public static OracleRun avgPool(Sliding a) {
        return sliding(a, false);
    }

    private static OracleRun sliding(Sliding a, boolean max) {
        int dims = a.in().length;
        long[] out = new long[dims];
        for (int i = 0; i < dims; i++) {
            out[i] = windows(a.in()[i], a.kernel()[i], a.stride()[i], a.padding()[i], a.dilation()[i], a.ceilMode());
        }
        Tensor x = Tensor.random(7, Grid.cat(a.n(), a.c(), a.in()));
        OpCounter c = new OpCounter();
        long[] widest = {0};
        for (long n = 0; n < a.n(); n++) {
            for (long ch = 0; ch < a.c(); ch++) {
                final long nn = n;
                final long cc = ch;
                Grid.forEach(out, o -> {
                    double[] acc = {0};
                    long[] read = {0};
                    Grid.forEach(a.kernel(), t -> {
                        long[] pos = new long[dims];
                        boolean inside = true;
                        for (int i = 0; i < dims; i++) {
                            pos[i] = o[i] * a.stride()[i] - a.padding()[i] + t[i] * a.dilation()[i];
                            inside &= pos[i] >= 0 && pos[i] < a.in()[i];
                        }
                        if (inside) {
                            double v = x.get(Grid.cat(nn, cc, pos));
                            acc[0] = read[0] == 0 ? v : max ? c.max(acc[0], v) : c.add(acc[0], v);
                            read[0]++;
                        }
                    });
                    widest[0] = Math.max(widest[0], read[0]);
                    if (!max && read[0] > 0) {
                        c.div(acc[0], divisor(a, o, read[0]));
                    }
                });
            }
        }
        return new OracleRun(shape(a.batched(), a.n(), a.c(), out), c, widest[0]);
    }

    /** torch's divisor: the override, the window clipped to the padded input, or the values read. */
    private static long divisor(Sliding a, long[] o, long read) {
        if (a.divisorOverride() != null) {
            return a.divisorOverride();
        }
        if (!a.countIncludePad()) {
            return read;
        }
        long size = 1;
        for (int i = 0; i < o.length; i++) {
            long start = o[i] * a.stride()[i] - a.padding()[i];
            long end = Math.min(start + a.kernel()[i], a.in()[i] + a.padding()[i]);
            size *= end - start;
        }
        return size;
    }

    public static OracleRun adaptiveMaxPool(Adaptive a) {
        return adaptive(a, true);
    }

    public static OracleRun adaptiveAvgPool(Adaptive a) {
        return adaptive(a, false);
    }

    /**
     * Window o of L_out along a dimension of size L_in covers ⌊o·L_in/L_out⌋ to ⌈(o + 1)·L_in/L_out⌉ − 1. The
     * average follows torch's code: a mean (one division) when every output size is 1, otherwise the sum divided by
     * the window's extent along each dimension in turn, the 1-d pool running as a 2-d one with height 1.
     */
    private static OracleRun adaptive(Adaptive a, boolean max) {
        int dims = a.in().length;
        boolean global = true;
        for (long o : a.out()) {
            global &= o == 1;
        }
        final boolean mean = global;
        Tensor x = Tensor.random(11, Grid.cat(a.n(), a.c(), a.in()));
        OpCounter c = new OpCounter();
        long[] widest = {0};
        for (long n = 0; n < a.n(); n++) {
            for (long ch = 0; ch < a.c(); ch++) {
                final long nn = n;
                final long cc = ch;
                Grid.forEach(a.out(), o -> {
                    long[] start = new long[dims];
                    long[] extent = new long[dims];
                    for (int i = 0; i < dims; i++) {
                        start[i] = o[i] * a.in()[i] / a.out()[i];
                        long end = ((o[i] + 1) * a.in()[i] + a.out()[i] - 1) / a.out()[i];
                        extent[i] = end - start[i];
                    }
                    double[] acc = {0};
                    long[] read = {0};
                    Grid.forEach(extent, t -> {
                        long[] pos = new long[dims];
                        for (int i = 0; i < dims; i++) {
                            pos[i] = start[i] + t[i];
                        }
                        double v = x.get(Grid.cat(nn, cc, pos));
                        acc[0] = read[0] == 0 ? v : max ? c.max(acc[0], v) : c.add(acc[0], v);
                        read[0]++;
                    });
                    widest[0] = Math.max(widest[0], read[0]);
                    if (!max) {
                        if (mean) {
                            c.div(acc[0], read[0]);
                        } else {
                            double v = dims == 1 ? c.div(acc[0], 1) : acc[0];   // the 1-d pool's height 1
                            for (long e : extent) {
                                v = c.div(v, e);
                            }
                        }
                    }
                });
            }
        }
        return new OracleRun(shape(a.batched(), a.n(), a.c(), a.out()), c, widest[0]);
    }

    static Shape shape(boolean batched, long n, long c, long[] spatial) {
        return Shape.of(batched ? Grid.cat(n, c, spatial) : Grid.cat(c, spatial));
    }
}
