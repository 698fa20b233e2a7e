package org.flopcheck.oracle;

import org.flopcheck.shape.Shape;

/**
 * Interpolation executed output element by output element. Source indices and weights are computed with torch's
 * formulas on plain doubles, uncounted (index arithmetic); the value arithmetic runs through an {@link OpCounter}
 * in the form of torch's generic separable kernel, which sums {@code t} weighted results dimension by dimension
 * ({@code t = 2} linear, {@code t = 4} bicubic). Nearest copies.
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
        boolean cubic = a.mode().equals("bicubic");
        for (long n = 0; n < a.n(); n++) {
            for (long ch = 0; ch < a.c(); ch++) {
                final long nn = n;
                final long cc = ch;
                Grid.forEach(out, o -> {
                    long[][] index = new long[dims][];
                    double[][] weight = new double[dims][];
                    for (int i = 0; i < dims; i++) {
                        double real = source(a, i, o[i], out[i], nearest, cubic);
                        long last = a.in()[i] - 1;
                        if (nearest) {
                            index[i] = new long[] {Math.min((long) Math.floor(real), last)};
                            weight[i] = new double[] {1};
                        } else if (cubic) {
                            long base = (long) Math.floor(real);
                            double t = real - base;
                            index[i] = new long[4];
                            for (int k = 0; k < 4; k++) {
                                index[i][k] = Math.max(0, Math.min(base - 1 + k, last));   // torch clamps at the edges
                            }
                            weight[i] = cubicWeights(t);
                        } else {
                            long i0 = (long) real;
                            index[i] = new long[] {i0, i0 + (i0 < last ? 1 : 0)};
                            weight[i] = new double[] {1 - (real - i0), real - i0};
                        }
                    }
                    if (nearest) {
                        long[] pos = new long[dims];
                        for (int i = 0; i < dims; i++) {
                            pos[i] = index[i][0];
                        }
                        x.get(Grid.cat(nn, cc, pos));   // a copy
                    } else {
                        separable(c, x, nn, cc, 0, new long[dims], index, weight);
                    }
                });
            }
        }
        return new OracleRun(Shape.of(Grid.cat(a.n(), a.c(), out)), c, 0);
    }

    /** The generic kernel: sum, with their weights, the interpolations of the rest at each tap of {@code dim}. */
    private static double separable(OpCounter c, Tensor x, long n, long ch, int dim, long[] pos, long[][] index,
                                    double[][] weight) {
        if (dim == pos.length) {
            return x.get(Grid.cat(n, ch, pos));
        }
        double sum = 0;
        for (int k = 0; k < index[dim].length; k++) {
            long[] at = pos.clone();
            at[dim] = index[dim][k];
            double term = c.mul(separable(c, x, n, ch, dim + 1, at, index, weight), weight[dim][k]);
            sum = k == 0 ? term : c.add(sum, term);
        }
        return sum;
    }

    /** Keys' cubic convolution weights with A = -0.75, as torch uses them (coordinate arithmetic, uncounted). */
    private static double[] cubicWeights(double t) {
        double a = -0.75;
        double x1 = t + 1;
        double x2 = t;
        double x3 = 1 - t;
        double x4 = 2 - t;
        return new double[] {((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a, ((a + 2) * x2 - (a + 3)) * x2 * x2 + 1,
                ((a + 2) * x3 - (a + 3)) * x3 * x3 + 1, ((a * x4 - 5 * a) * x4 + 8 * a) * x4 - 4 * a};
    }

    /** torch's source coordinate of output position {@code o} along dimension {@code i}. */
    private static double source(Args a, int i, long o, long out, boolean nearest, boolean cubic) {
        long in = a.in()[i];
        double scale;
        if (a.alignCorners()) {
            scale = out > 1 ? (double) (in - 1) / (out - 1) : 0;
            return scale * o;
        }
        scale = a.scale() != null ? 1 / a.scale()[i] : (double) in / out;
        if (nearest) {
            return scale * o;
        }
        double real = scale * (o + 0.5) - 0.5;
        return cubic ? real : Math.max(real, 0);   // bicubic keeps negative coordinates and clamps indices
    }
}
