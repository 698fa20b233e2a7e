package org.flopcheck.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * RMSNorm executed by plain loops on doubles, the way torch's composite {@code rms_norm} computes
 * {@code x * rsqrt(x.pow(2).mean(-1) + eps) * weight}: gather one row's values, square each, sum the squares, divide
 * by their number, add eps, take the square root and its reciprocal, multiply every value by it, then by its weight.
 * Nothing here uses the library's formulas; the output shape is the shape of the tensor the loops fill.
 */
public final class RmsNormOracle {
    private static final double EPS = 1e-6;

    private RmsNormOracle() {
    }

    /** RMSNorm over {@code normalized} trailing dimensions after {@code leading} ones. */
    public record Args(long[] leading, long[] normalized, boolean weight) {
    }

    public record Run(long[] out, OpCounter ops) {
    }

    public static Run run(Args a) {
        long[] shape = Grid.cat(a.leading(), a.normalized());
        Tensor x = Tensor.random(1, shape);
        Tensor y = new Tensor(shape);
        Tensor gamma = Tensor.random(2, a.normalized());
        OpCounter c = new OpCounter();
        Grid.forEach(a.leading(), row -> {
            List<long[]> positions = new ArrayList<>();
            Grid.forEach(a.normalized(), p -> positions.add(Grid.cat(row, p)));
            double sum = 0;
            for (int i = 0; i < positions.size(); i++) {
                double v = x.get(positions.get(i));
                double square = c.mul(v, v);
                sum = i == 0 ? square : c.add(sum, square);
            }
            double meanSquare = c.div(sum, positions.size());
            double rsqrt = c.div(1.0, c.sqrt(c.add(meanSquare, EPS)));
            for (long[] p : positions) {
                double v = c.mul(x.get(p), rsqrt);
                if (a.weight()) {
                    long[] inRow = java.util.Arrays.copyOfRange(p, a.leading().length, p.length);
                    v = c.mul(v, gamma.get(inRow));
                }
                y.set(v, p);
            }
        });
        return new Run(shape.clone(), c);
    }
}
