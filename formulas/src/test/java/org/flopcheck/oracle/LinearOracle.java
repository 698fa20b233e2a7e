package org.flopcheck.oracle;

import org.flopcheck.shape.Shape;

/** A linear layer executed row by row: one dot product per output feature, then the bias. */
public final class LinearOracle {
    private LinearOracle() {
    }

    public record Run(Shape output, OpCounter ops) {
    }

    public static Run run(Shape input, long outFeatures, boolean bias) {
        long in = input.dim(-1);
        long rows = input.numel() / in;
        Tensor x = Tensor.random(1, rows, in);
        Tensor w = Tensor.random(2, outFeatures, in);
        Tensor b = Tensor.random(3, outFeatures);
        OpCounter c = new OpCounter();
        for (long r = 0; r < rows; r++) {
            for (long o = 0; o < outFeatures; o++) {
                double acc = c.mac(w.get(o, 0), x.get(r, 0));
                for (long i = 1; i < in; i++) {
                    acc = c.add(acc, c.mac(w.get(o, i), x.get(r, i)));
                }
                if (bias) {
                    c.add(acc, b.get(o));
                }
            }
        }
        return new Run(input.with(-1, outFeatures), c);
    }
}
