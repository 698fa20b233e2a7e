package org.flopcheck.testing;

import java.util.List;
import java.util.Set;
import org.flopcheck.layers.Layer;
import org.flopcheck.shape.Shape;

/**
 * A generated normalisation or embedding layer: the layer, the input it is run on, the same configuration as plain
 * arguments for the oracle, and the regimes it exercises. {@code resizable} lists the input axes whose sizes can
 * grow without making the input invalid for the layer (batch, spatial and leading dimensions), and
 * {@code batchAxis} the axis that is the batch, if any; the laws use them.
 *
 * @param <A> the oracle's argument record
 */
public record NormCase<A>(Layer layer, Shape input, A args, boolean batched, int batchAxis,
                          List<Integer> resizable, Set<String> regimes) {
    public NormCase {
        resizable = List.copyOf(resizable);
        regimes = Set.copyOf(regimes);
    }

    /** The oracle's output shape in the layer's layout: an unbatched input ran as a batch of one. */
    public Shape expectedOutput(long[] out) {
        Shape s = Shape.of(out);
        return batched ? s : s.removed(0);
    }

    public boolean hasBatch() {
        return batchAxis >= 0;
    }

    /** The input with the batch axis of size {@code n}. */
    public Shape withBatch(long n) {
        return input.with(batchAxis, n);
    }

    @Override
    public String toString() {
        return layer + " on " + input + " " + regimes;
    }
}
