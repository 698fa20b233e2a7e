package org.flopcheck.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Normalisation layers and the embedding lookup executed by plain loops on doubles: gather the values of one set
 * (a channel across the batch, one channel of one sample, a row, a group), compute its mean and biased variance by
 * the two-pass algorithm, normalise every value, then scale and shift element by element. Running statistics are
 * folded per set into {@code y = x·a + b}. Nothing here uses the library's formulas; the output shape is the shape
 * of the tensor the loops fill.
 */
public final class NormOracle {
    private static final double EPS = 1e-5;

    private NormOracle() {
    }

    /** The result of running one layer: the shape of the output it filled and what it counted. */
    public record Run(long[] out, OpCounter ops) {
    }

    /** BatchNorm on {@code (n, c, spatial...)}; {@code spatial} is empty for {@code (N, C)}. */
    public record BatchNormArgs(long n, long c, long[] spatial, boolean affine, boolean runningStats) {
    }

    /** InstanceNorm on {@code (n, c, spatial...)}; an unbatched input runs as {@code n = 1}. */
    public record InstanceNormArgs(long n, long c, long[] spatial, boolean affine, boolean runningStats) {
    }

    /** LayerNorm on {@code (leading..., normalized...)}. */
    public record LayerNormArgs(long[] leading, long[] normalized, boolean weight, boolean bias) {
    }

    /** GroupNorm with {@code g} groups on {@code (n, c, spatial...)}. */
    public record GroupNormArgs(long n, long c, long g, long[] spatial, boolean affine) {
    }

    /** Embedding of a table {@code (v, d)} looked up by an index tensor of shape {@code indices}. */
    public record EmbeddingArgs(long[] indices, long v, long d) {
    }

    public static Run batchNorm(BatchNormArgs a) {
        long[] shape = Grid.cat(a.n(), a.c(), a.spatial());
        Tensor x = Tensor.random(1, shape);
        Tensor y = new Tensor(shape);
        double[] gamma = random(2, a.c());
        double[] beta = random(3, a.c());
        double[] runningMean = random(4, a.c());
        double[] runningVar = positive(5, a.c());
        OpCounter c = new OpCounter();
        for (long ch = 0; ch < a.c(); ch++) {
            final long k = ch;
            if (a.runningStats()) {
                double[] ab = fold(c, runningMean[(int) k], runningVar[(int) k], gamma[(int) k], beta[(int) k],
                        a.affine());
                for (long n = 0; n < a.n(); n++) {
                    final long nn = n;
                    Grid.forEach(a.spatial(), s -> {
                        long[] at = Grid.cat(nn, k, s);
                        y.set(c.add(c.mul(x.get(at), ab[0]), ab[1]), at);
                    });
                }
            } else {
                List<long[]> positions = new ArrayList<>();
                for (long n = 0; n < a.n(); n++) {
                    final long nn = n;
                    Grid.forEach(a.spatial(), s -> positions.add(Grid.cat(nn, k, s)));
                }
                normaliseSet(c, x, y, positions, a.affine() ? gamma[(int) k] : Double.NaN,
                        a.affine() ? beta[(int) k] : Double.NaN);
            }
        }
        return new Run(y.shape.clone(), c);
    }

    public static Run instanceNorm(InstanceNormArgs a) {
        long[] shape = Grid.cat(a.n(), a.c(), a.spatial());
        Tensor x = Tensor.random(1, shape);
        Tensor y = new Tensor(shape);
        double[] gamma = random(2, a.c());
        double[] beta = random(3, a.c());
        double[] runningMean = random(4, a.c());
        double[] runningVar = positive(5, a.c());
        OpCounter c = new OpCounter();
        for (long n = 0; n < a.n(); n++) {
            for (long ch = 0; ch < a.c(); ch++) {
                final long nn = n;
                final long k = ch;
                if (a.runningStats()) {
                    // torch repeats the running statistics for every sample: one fold per sample and channel
                    double[] ab = fold(c, runningMean[(int) k], runningVar[(int) k], gamma[(int) k],
                            beta[(int) k], a.affine());
                    Grid.forEach(a.spatial(), s -> {
                        long[] at = Grid.cat(nn, k, s);
                        y.set(c.add(c.mul(x.get(at), ab[0]), ab[1]), at);
                    });
                } else {
                    List<long[]> positions = new ArrayList<>();
                    Grid.forEach(a.spatial(), s -> positions.add(Grid.cat(nn, k, s)));
                    normaliseSet(c, x, y, positions, a.affine() ? gamma[(int) k] : Double.NaN,
                            a.affine() ? beta[(int) k] : Double.NaN);
                }
            }
        }
        return new Run(y.shape.clone(), c);
    }

    public static Run layerNorm(LayerNormArgs a) {
        long[] shape = Grid.cat(a.leading(), a.normalized());
        Tensor x = Tensor.random(1, shape);
        Tensor y = new Tensor(shape);
        Tensor gamma = Tensor.random(2, a.normalized());
        Tensor beta = Tensor.random(3, a.normalized());
        OpCounter c = new OpCounter();
        Grid.forEach(a.leading(), row -> {
            List<long[]> positions = new ArrayList<>();
            Grid.forEach(a.normalized(), p -> positions.add(Grid.cat(row, p)));
            double[] z = normalise(c, values(x, positions));
            int i = 0;
            for (long[] p : positions) {
                long[] inRow = java.util.Arrays.copyOfRange(p, a.leading().length, p.length);
                double v = z[i++];
                if (a.weight()) {
                    v = c.mul(v, gamma.get(inRow));
                }
                if (a.bias()) {
                    v = c.add(v, beta.get(inRow));
                }
                y.set(v, p);
            }
        });
        return new Run(y.shape.clone(), c);
    }

    public static Run groupNorm(GroupNormArgs a) {
        long[] shape = Grid.cat(a.n(), a.c(), a.spatial());
        Tensor x = Tensor.random(1, shape);
        Tensor y = new Tensor(shape);
        double[] gamma = random(2, a.c());
        double[] beta = random(3, a.c());
        long perGroup = a.c() / a.g();
        OpCounter c = new OpCounter();
        for (long n = 0; n < a.n(); n++) {
            for (long g = 0; g < a.g(); g++) {
                final long nn = n;
                List<long[]> positions = new ArrayList<>();
                for (long ch = g * perGroup; ch < (g + 1) * perGroup; ch++) {
                    final long k = ch;
                    Grid.forEach(a.spatial(), s -> positions.add(Grid.cat(nn, k, s)));
                }
                double[] z = normalise(c, values(x, positions));
                int i = 0;
                for (long[] p : positions) {
                    double v = z[i++];
                    if (a.affine()) {   // weight and bias per channel
                        v = c.add(c.mul(v, gamma[(int) p[1]]), beta[(int) p[1]]);
                    }
                    y.set(v, p);
                }
            }
        }
        return new Run(y.shape.clone(), c);
    }

    /** Copies one row of the table per index; counts nothing because nothing is computed. */
    public static Run embedding(EmbeddingArgs a) {
        Tensor table = Tensor.random(1, a.v(), a.d());
        long[] outShape = Grid.cat(a.indices(), a.d());
        Tensor y = new Tensor(outShape);
        SplittableRandom r = new SplittableRandom(2);
        OpCounter c = new OpCounter();
        Grid.forEach(a.indices(), at -> {
            long row = r.nextLong(a.v());
            for (long j = 0; j < a.d(); j++) {
                y.set(table.get(row, j), Grid.cat(at, j));
            }
        });
        return new Run(y.shape.clone(), c);
    }

    /** The scale a and shift b that running statistics fold into. */
    private static double[] fold(OpCounter c, double mean, double var, double gamma, double beta, boolean affine) {
        // batch_norm_cpu_collect_linear_and_constant_terms: weight 1 and bias 0 stand in when there is no affine
        double invstd = c.div(1.0, c.sqrt(c.add(var, EPS)));
        double a = c.mul(invstd, affine ? gamma : 1.0);
        double b = c.sub(affine ? beta : 0.0, c.mul(mean, a));
        return new double[] {a, b};
    }

    /** Normalises the set at these positions into y, then weight and bias when given (NaN: none). */
    private static void normaliseSet(OpCounter c, Tensor x, Tensor y, List<long[]> positions, double gamma,
                                     double beta) {
        double[] z = normalise(c, values(x, positions));
        for (int i = 0; i < z.length; i++) {
            double v = z[i];
            if (!Double.isNaN(gamma)) {
                v = c.mul(v, gamma);
            }
            if (!Double.isNaN(beta)) {
                v = c.add(v, beta);
            }
            y.set(v, positions.get(i));
        }
    }

    /** The textbook two-pass algorithm: mean, centred values, biased variance, then (x − mean)·1/√(var + eps). */
    private static double[] normalise(OpCounter c, double[] v) {
        double sum = v[0];
        for (int i = 1; i < v.length; i++) {
            sum = c.add(sum, v[i]);
        }
        double mean = c.div(sum, v.length);
        double[] centred = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            centred[i] = c.sub(v[i], mean);
        }
        double squares = 0;
        for (int i = 0; i < v.length; i++) {
            double sq = c.mul(centred[i], centred[i]);
            squares = i == 0 ? sq : c.add(squares, sq);
        }
        double var = c.div(squares, v.length);
        double reciprocal = c.div(1.0, c.sqrt(c.add(var, EPS)));
        for (int i = 0; i < v.length; i++) {
            centred[i] = c.mul(centred[i], reciprocal);
        }
        return centred;
    }

    private static double[] values(Tensor x, List<long[]> positions) {
        double[] v = new double[positions.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = x.get(positions.get(i));
        }
        return v;
    }

    private static double[] random(long seed, long n) {
        return Tensor.random(seed, n).data.clone();
    }

    private static double[] positive(long seed, long n) {
        double[] v = random(seed, n);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]) + 0.5;
        }
        return v;
    }
}
