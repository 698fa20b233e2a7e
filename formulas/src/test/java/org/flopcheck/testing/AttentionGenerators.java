package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.LinkedHashSet;
import java.util.Set;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.oracle.AttentionOracle;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Valid MultiheadAttention calls, small enough for the oracle to run head by head: embed_dim a multiple of
 * num_heads (one head, one feature per head, or several of each), key and value of one length, self-attention with
 * one tensor of one shape. Each case records the regimes it exercises.
 */
public final class AttentionGenerators {
    private AttentionGenerators() {
    }

    private static long between(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    private static boolean chance(RandomnessSource in) {
        return booleans().all().generate(in);
    }

    public static Gen<AttentionCase> attentions() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long heads = between(in, 0, 2);
            long h;
            long d;
            if (heads == 0) {
                h = 1;
                d = between(in, 1, 4);
            } else if (heads == 1) {
                h = between(in, 2, 4);
                d = 1;
            } else {
                h = between(in, 2, 3);
                d = between(in, 2, 3);
            }
            long e = h * d;
            AttentionCase.Aliasing aliasing = switch ((int) between(in, 0, 4)) {
                case 0 -> AttentionCase.Aliasing.SELF_ATTENTION;
                case 1 -> AttentionCase.Aliasing.KEY_IS_VALUE;
                default -> AttentionCase.Aliasing.DISTINCT;
            };
            long kdim = e;
            long vdim = e;
            if (aliasing != AttentionCase.Aliasing.SELF_ATTENTION && between(in, 0, 2) == 0) {
                kdim = between(in, 1, 5);
                vdim = aliasing == AttentionCase.Aliasing.KEY_IS_VALUE ? kdim : between(in, 1, 5);
            }
            boolean batched = between(in, 0, 3) != 0;
            long n = batched ? between(in, 1, 3) : 1;
            long l = between(in, 1, 4);
            long s = aliasing == AttentionCase.Aliasing.SELF_ATTENTION ? l : between(in, 1, 4);
            boolean bias = chance(in);
            boolean biasKv = between(in, 0, 2) == 0;
            boolean zeroAttn = between(in, 0, 2) == 0;
            boolean batchFirst = chance(in);
            boolean needWeights = between(in, 0, 3) != 0;
            boolean average = chance(in);
            boolean dropout = between(in, 0, 4) == 0;

            note(regimes, h == 1, "h = 1");
            note(regimes, d == 1 && h > 1, "h = E");
            note(regimes, h > 1 && d > 1, "several heads of several features");
            note(regimes, bias, "bias");
            note(regimes, !bias, "no bias");
            note(regimes, biasKv, "add_bias_kv");
            note(regimes, zeroAttn, "add_zero_attn");
            note(regimes, kdim != e || vdim != e, "kdim/vdim differ from E");
            note(regimes, l != s, "L ≠ S");
            note(regimes, batched && batchFirst, "batch_first");
            note(regimes, !batched, "unbatched");
            note(regimes, n > 1, "batch > 1");
            note(regimes, aliasing == AttentionCase.Aliasing.SELF_ATTENTION, "self-attention (one tensor)");
            note(regimes, aliasing == AttentionCase.Aliasing.KEY_IS_VALUE, "key is value");
            note(regimes, !needWeights, "need_weights off");
            note(regimes, needWeights && average, "averaged weights");
            note(regimes, needWeights && !average, "per-head weights");
            note(regimes, dropout, "dropout (eval)");

            MultiheadAttention layer = MultiheadAttention.of(e, h).bias(bias).addBiasKv(biasKv).addZeroAttn(zeroAttn)
                    .kdim(kdim).vdim(vdim).batchFirst(batchFirst).needWeights(needWeights)
                    .averageAttnWeights(average).dropout(dropout ? 0.1 : 0.0);
            AttentionOracle.Args args = new AttentionOracle.Args(e, h, kdim, vdim, n, l, s, bias, biasKv, zeroAttn,
                    needWeights, average);
            return new AttentionCase(layer, aliasing, batched, args, regimes);
        };
    }

    private static void note(Set<String> regimes, boolean condition, String regime) {
        if (condition) {
            regimes.add(regime);
        }
    }
}
