package org.flopcheck.testing;

import java.util.Set;
import org.flopcheck.blocks.SelfAttention;
import org.flopcheck.oracle.SelfAttentionOracle;
import org.flopcheck.shape.Shape;

/**
 * A generated self-attention call: the layer, whether its input is batched, the same arguments in (batch, position,
 * feature) terms for the oracle, and the regimes it exercises.
 */
public record SelfAttentionCase(SelfAttention layer, boolean batched, SelfAttentionOracle.Args args,
                                Set<String> regimes) {
    public SelfAttentionCase {
        regimes = Set.copyOf(regimes);
    }

    public Shape input() {
        return input(args.n(), args.l());
    }

    /** The input in this case's layout with batch {@code n} (ignored unbatched) and length {@code l}. */
    public Shape input(long n, long l) {
        return batched ? Shape.of(n, l, args.e()) : Shape.of(l, args.e());
    }

    /** The oracle's output in the layer's layout. */
    public Shape expectedOutput(long[] out) {
        return batched ? Shape.of(out) : Shape.of(out[1], out[2]);
    }

    @Override
    public String toString() {
        return "SelfAttention " + args + " on " + input() + " " + regimes;
    }
}
