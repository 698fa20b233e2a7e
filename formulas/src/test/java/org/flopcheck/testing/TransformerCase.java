package org.flopcheck.testing;

import java.util.Set;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.oracle.TransformerOracle;
import org.flopcheck.shape.Shape;

/**
 * A generated encoder-layer call: the layer, whether its input is batched, the same configuration in (batch,
 * position, feature) terms for the oracle, and the regimes it exercises.
 */
public record TransformerCase(TransformerEncoderLayer layer, boolean batched, TransformerOracle.Args args,
                              Set<String> regimes) {

    /** The input in this case's layout. */
    public Shape input() {
        return input(args.n(), args.s());
    }

    /** The input in this case's layout with another batch size (ignored when unbatched) and length. */
    public Shape input(long n, long s) {
        if (!batched) {
            return Shape.of(s, args.e());
        }
        return layer.batchFirst() ? Shape.of(n, s, args.e()) : Shape.of(s, n, args.e());
    }

    /** The oracle's (batch, position, feature) output in torch's layout. */
    public Shape expectedOutput(long[] nse) {
        if (!batched) {
            return Shape.of(nse[1], nse[2]);
        }
        return layer.batchFirst() ? Shape.of(nse[0], nse[1], nse[2]) : Shape.of(nse[1], nse[0], nse[2]);
    }

    @Override
    public String toString() {
        return layer.type() + "(" + args + ", batch_first=" + layer.batchFirst() + ") on " + input() + " " + regimes;
    }
}
