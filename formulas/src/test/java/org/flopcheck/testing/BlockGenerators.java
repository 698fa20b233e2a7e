package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import org.flopcheck.blocks.SelfAttention;
import org.flopcheck.layers.GELU;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.RMSNorm;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Children for the blocks' laws: layers that keep a sequence {@code (N, L, F)} at its shape (a square Linear, an
 * MLP with a hidden width, a LayerNorm, an RMSNorm, a self-attention), all of one feature width, with the input they
 * run on.
 */
public final class BlockGenerators {
    private BlockGenerators() {
    }

    /** Shape-preserving layers of width {@code f} and an input {@code (n, l, f)}. */
    public record Children(Layer first, Layer second, Layer third, Shape input) {
        @Override
        public String toString() {
            return "[" + first.type() + ", " + second.type() + ", " + third.type() + "] on " + input;
        }
    }

    private static long between(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    private static Layer shapePreserving(RandomnessSource in, long f) {
        return switch ((int) between(in, 0, 4)) {
            case 0 -> Linear.of(f, f).bias(booleans().all().generate(in));
            case 1 -> {
                long g = between(in, 1, 6);
                yield Sequential.of(Linear.of(f, g), between(in, 0, 1) == 0 ? ReLU.of() : GELU.of(), Linear.of(g, f));
            }
            case 2 -> LayerNorm.of(f);
            case 3 -> RMSNorm.of(f);
            default -> SelfAttention.of(f, f % 2 == 0 ? 2 : 1).causal(booleans().all().generate(in));
        };
    }

    public static Gen<Children> children() {
        return in -> {
            long f = between(in, 1, 8);
            Shape input = Shape.of(between(in, 1, 3), between(in, 1, 4), f);
            return new Children(shapePreserving(in, f), shapePreserving(in, f), shapePreserving(in, f), input);
        };
    }
}
