package org.flopcheck.oracle;

import org.flopcheck.shape.Shape;

/**
 * Interpolation executed output element by output element. Source indices and weights are computed with torch's
 * formulas on plain doubles, uncounted (index arithmetic); the value arithmetic runs through an {@link OpCounter}
 * in the form of the kernel torch picks: the generic separable kernel nests {@code w0·t0 + w1·t1} dimension by
 * dimension, the vectorised one multiplies the 2^d neighbours by weight products formed per output position and
 * sums them. Nearest copies.
 */
public final class UpsampleOracle {
    private UpsampleOracle() {
    }

    /**
     * One interpolation. Exactly one of {@code size} and {@code scale} is non-null; each holds one value per
     * spatial dimension.
     */
    public record Args(long n, long c, long[] in, long[] size, double[] scale, String mode, boolean alignCorners) {
    }

    public static OracleRun interpolate(Args a) {
        int dims = a.in().length;
        long[] out = new long[dims];
        for (int i = 0; i < dims; i++) {
            out[i] = a.size() != null ? a.size()[i] : (long) Math.floor((double) a.in()[i] * a.scale()[i]);
        }
        Tensor x = Tensor.random(13, Grid.cat(a.n(), a.c(), a.in()));
        OpCounter c = new OpCounter();
        boolean nearest = a.mode().equals("nearest");
        boolean singlePixel = true;
        for (long s : a.in()) {
            singlePixel &= s == 1;
        }
        // torch's kernel choice for a contiguous input
        boolean vectorised = dims >= 2 && a.c() > 3 && singlePixel
                || dims == 2 && out[0] + out[1] <= 128;
        for (long n = 0; n < a.n(); n++) {
            for (long ch = 0; ch < a.c(); ch++) {
                final long nn = n;
                final long cc = ch;
                Grid.forEach(out, o -> {
                    long[] i0 = new long[dims];
                    long[] i1 = new long[dims];
                    double[] w0 = new double[dims];
                    double[] w1 = new double[dims];
                    for (int i = 0; i < dims; i++) {
                        double real = source(a, i, o[i], out[i], nearest);
                        i0[i] = nearest ? Math.min((long) Math.floor(real), a.in()[i] - 1) : (long) real;
                        i1[i] = i0[i] + (i0[i] < a.in()[i] - 1 ? 1 : 0);
                        w1[i] = real - i0[i];
                        w0[i] = 1 - w1[i];
                    }
                    if (nearest) {
                        x.get(Grid.cat(nn, cc, i0));   // a copy
                    } else if (vectorised) {
                        double sum = 0;
                        boolean first = true;
                        for (int corner = 0; corner < 1 << dims; corner++) {
                            long[] pos = new long[dims];
                            double weight = 1;   // weight products: formed once per position, uncounted
                            for (int i = 0; i < dims; i++) {
                                boolean high = (corner >> (dims - 1 - i) & 1) == 1;
                                pos[i] = high ? i1[i] : i0[i];
                                weight *= high ? w1[i] : w0[i];
                            }
                            double term = c.mul(x.get(Grid.cat(nn, cc, pos)), weight);
                            sum = first ? term : c.add(sum, term);
                            first = false;
                        }
                    } else {
                        separable(c, x, nn, cc, 0, new long[dims], i0, i1, w0, w1);
                    }
                });
            }
        }
        return new OracleRun(Shape.of(Grid.cat(a.n(), a.c(), out)), c, 0);
    }

    /** The generic kernel: interpolate along dimension {@code dim} between two interpolations of the rest. */
    private static double separable(OpCounter c, Tensor x, long n, long ch, int dim, long[] pos, long[] i0, long[] i1,
                                    double[] w0, double[] w1) {
        if (dim == pos.length) {
            return x.get(Grid.cat(n, ch, pos));
        }
        long[] low = pos.clone();
        low[dim] = i0[dim];
        long[] high = pos.clone();
        high[dim] = i1[dim];
        double t0 = separable(c, x, n, ch, dim + 1, low, i0, i1, w0, w1);
        double t1 = separable(c, x, n, ch, dim + 1, high, i0, i1, w0, w1);
        return c.add(c.mul(t0, w0[dim]), c.mul(t1, w1[dim]));
    }

    /** torch's source coordinate of output position {@code o} along dimension {@code i}. */
    private static double source(Args a, int i, long o, long out, boolean nearest) {
        long in = a.in()[i];
        double scale;
        if (a.alignCorners()) {
            scale = out > 1 ? (double) (in - 1) / (out - 1) : 0;
            return scale * o;
        }
        scale = a.scale() != null ? 1 / a.scale()[i] : (double) in / out;
        return nearest ? scale * o : Math.max(scale * (o + 0.5) - 0.5, 0);
    }
}
