package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.LinkedHashSet;
import java.util.Set;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.oracle.TransformerOracle;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Valid TransformerEncoderLayer calls, small enough for the oracle to run head by head: d_model a multiple of nhead
 * (one head, one feature per head, or several of each), any feed-forward width, batched in either layout or
 * unbatched, post-norm or pre-norm, relu or gelu. Each case records the regimes it exercises.
 */
public final class TransformerGenerators {
    private TransformerGenerators() {
    }

    private static long between(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    private static boolean chance(RandomnessSource in) {
        return booleans().all().generate(in);
    }

    public static Gen<TransformerCase> encoderLayers() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long h = between(in, 1, 4);
            long d = between(in, 1, 3);
            long e = h * d;
            long f = between(in, 1, 6);
            boolean batched = between(in, 0, 3) != 0;
            long n = batched ? between(in, 1, 3) : 1;
            long s = between(in, 1, 4);
            boolean batchFirst = chance(in);
            boolean normFirst = chance(in);
            boolean gelu = chance(in);
            boolean noDropout = between(in, 0, 3) == 0;

            note(regimes, h == 1, "one head");
            note(regimes, h % 2 == 1 && h > 1, "odd heads > 1");
            note(regimes, h % 2 == 0, "even heads");
            note(regimes, d == 1, "one feature per head");
            note(regimes, f < e, "dim_feedforward < d_model");
            note(regimes, f > e, "dim_feedforward > d_model");
            note(regimes, batched && batchFirst, "batch_first");
            note(regimes, batched && !batchFirst, "sequence first");
            note(regimes, !batched, "unbatched");
            note(regimes, n > 1, "batch > 1");
            note(regimes, s == 1, "one position");
            note(regimes, normFirst, "norm_first");
            note(regimes, !normFirst, "post-norm");
            note(regimes, gelu, "gelu");
            note(regimes, !gelu, "relu");
            note(regimes, noDropout, "dropout 0");

            TransformerEncoderLayer layer = TransformerEncoderLayer.of(e, h, f).batchFirst(batchFirst)
                    .normFirst(normFirst).activation(gelu ? "gelu" : "relu").dropout(noDropout ? 0.0 : 0.1);
            return new TransformerCase(layer, batched, new TransformerOracle.Args(e, h, f, n, s, gelu, normFirst),
                    regimes);
        };
    }

    private static void note(Set<String> regimes, boolean condition, String regime) {
        if (condition) {
            regimes.add(regime);
        }
    }
}
