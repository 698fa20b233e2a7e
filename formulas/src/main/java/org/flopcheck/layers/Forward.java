package org.flopcheck.layers;

import org.flopcheck.InvalidShapeException;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;

/** Checks on the inputs of a forward call, with messages that name the layer and the shape it got. */
final class Forward {
    /** The batch size bound for an unbatched input: torch computes it as a batch of one. */
    static final Sym UNBATCHED_N = new Sym("N", "batch size (1: unbatched input)");

    private Forward() {
    }

    /** The one input of a single-input layer. */
    static Shape single(String layer, Inputs inputs) {
        if (inputs.size() != 1) {
            throw new InvalidShapeException("input", layer + " takes 1 input, got " + inputs.size() + " " + inputs);
        }
        return inputs.get(0);
    }

    static InvalidShapeException expected(String layer, String expected, Shape got) {
        return new InvalidShapeException("input", layer + " expects input " + expected + ", got " + got);
    }

    /**
     * True when the last dimensions of {@code x} are {@code tail}, as a normalisation's {@code normalized_shape}
     * must be; {@code x} has at least as many dimensions.
     */
    static boolean endsWith(Shape x, Dims tail) {
        int offset = x.rank() - tail.size();
        for (int i = 0; i < tail.size(); i++) {
            if (x.dim(offset + i) != tail.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when every dimension of {@code x} from {@code from} on is 1 (also when there is none). */
    static boolean onesFrom(Shape x, int from) {
        for (int i = from; i < x.rank(); i++) {
            if (x.dim(i) != 1) {
                return false;
            }
        }
        return true;
    }
}
