package org.flopcheck.oracle;

import org.flopcheck.shape.Shape;

/**
 * Activations and softmax executed element by element and row by row through an {@link OpCounter}, in the
 * algebraic form of torch's CPU kernels. Nothing here uses the library's formulas.
 */
public final class ElementwiseOracle {
    private static final double SQRT1_2 = Math.sqrt(0.5);
    private static final double BETA = Math.sqrt(2 / Math.PI);
    private static final double KAPPA = 0.044715;

    private ElementwiseOracle() {
    }

    /** The activation functions, with the form torch's kernel evaluates. */
    public enum Kind {
        RELU, RELU6, LEAKY_RELU, HARDTANH, SIGMOID, TANH, GELU, GELU_TANH, SILU
    }

    /** Applies {@code kind} to every element; {@code a} and {@code b} are its arguments (slope, or bounds). */
    public static OracleRun activation(Kind kind, long[] shape, double a, double b) {
        Tensor x = Tensor.random(5, shape.length == 0 ? new long[] {1} : shape);
        OpCounter c = new OpCounter();
        for (int i = 0; i < x.size(); i++) {
            double v = x.data[i];
            x.data[i] = switch (kind) {
                case RELU -> c.max(v, 0);
                case RELU6 -> c.min(c.max(v, 0), 6);
                case HARDTANH -> c.min(c.max(v, a), b);
                case LEAKY_RELU -> c.mul(v, c.greater(v, 0) ? 1 : a);   // select the factor, then multiply
                case SIGMOID -> c.sigmoid(v);
                case TANH -> c.tanh(v);
                case GELU -> c.mul(c.mul(v, 0.5), c.add(1, c.erf(c.mul(v, SQRT1_2))));
                case GELU_TANH -> {
                    double cube = c.mul(c.mul(v, v), v);
                    double inner = c.mul(BETA, c.add(v, c.mul(KAPPA, cube)));
                    yield c.mul(c.mul(0.5, v), c.add(1, c.tanh(inner)));
                }
                case SILU -> c.div(v, c.add(1, c.exp(-v)));
            };
        }
        return new OracleRun(Shape.of(shape), c, 0);
    }

    /**
     * Softmax row by row. {@code dim} null applies torch's legacy rule (0 for rank 0, 1 or 3, else 1); a negative
     * dim counts from the end. Along the last dimension torch multiplies by the reciprocal of the row sum, along any
     * other it divides by the sum.
     */
    public static OracleRun softmax(long[] shape, Integer dim) {
        int rank = shape.length;
        int d = dim == null ? (rank == 0 || rank == 1 || rank == 3 ? 0 : 1) : dim;
        if (d < 0) {
            d += Math.max(rank, 1);
        }
        long outer = 1;
        long size = rank == 0 ? 1 : shape[d];
        long inner = 1;
        for (int i = 0; i < rank; i++) {
            if (i < d) {
                outer *= shape[i];
            } else if (i > d) {
                inner *= shape[i];
            }
        }
        boolean last = rank == 0 || d == rank - 1;
        Tensor x = Tensor.random(9, outer, size, inner);
        OpCounter c = new OpCounter();
        for (long o = 0; o < outer; o++) {
            for (long in = 0; in < inner; in++) {
                double max = x.get(o, 0, in);
                for (long k = 1; k < size; k++) {
                    max = c.max(max, x.get(o, k, in));
                }
                double[] e = new double[(int) size];
                double sum = 0;
                for (int k = 0; k < size; k++) {
                    e[k] = c.exp(c.sub(x.get(o, k, in), max));
                    sum = k == 0 ? e[k] : c.add(sum, e[k]);
                }
                double reciprocal = last ? c.div(1, sum) : 0;
                for (int k = 0; k < size; k++) {
                    x.set(last ? c.mul(e[k], reciprocal) : c.div(e[k], sum), o, k, in);
                }
            }
        }
        return new OracleRun(Shape.of(shape), c, 0);
    }
}
