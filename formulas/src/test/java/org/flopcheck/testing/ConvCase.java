package org.flopcheck.testing;

import java.util.Arrays;
import java.util.Set;
import org.flopcheck.layers.Layer;
import org.flopcheck.oracle.ConvOracle;
import org.flopcheck.shape.Shape;

/**
 * A generated convolution: the layer, the input it is run on, the same arguments as plain arrays for the oracle,
 * and the regimes it exercises ({@code depthwise}, {@code strided}, ...).
 */
public record ConvCase(Layer layer, Shape input, ConvOracle.Args args, boolean batched, Set<String> regimes) {

    /** The oracle's output shape in torch's layout for this input. */
    public Shape expectedOutput(long[] outSizes) {
        long[] dims = batched
                ? concat(new long[] {args.n(), args.cout()}, outSizes)
                : concat(new long[] {args.cout()}, outSizes);
        return Shape.of(dims);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Override
    public String toString() {
        return layer + " on " + input + " " + regimes;
    }
}
