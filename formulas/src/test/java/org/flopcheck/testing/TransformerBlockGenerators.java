package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flopcheck.blocks.SelfAttention;
import org.flopcheck.layers.RMSNorm;
import org.flopcheck.oracle.RmsNormOracle;
import org.flopcheck.oracle.SelfAttentionOracle;
import org.flopcheck.shape.Shape;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Valid random configurations of the language models' layers, small enough for the oracles to run loop by loop:
 * RMSNorm over trailing dimensions, and self-attention with num_heads a multiple of num_kv_heads, an even head
 * dimension where rotary needs one, and the mask combinations the layer accepts. Every case records its regimes.
 */
public final class TransformerBlockGenerators {
    private TransformerBlockGenerators() {
    }

    private static long between(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    private static boolean chance(RandomnessSource in) {
        return booleans().all().generate(in);
    }

    private static void note(Set<String> regimes, boolean condition, String regime) {
        if (condition) {
            regimes.add(regime);
        }
    }

    /** RMSNorm over one to three trailing dimensions, with zero to three leading ones, with and without weight. */
    public static Gen<NormCase<RmsNormOracle.Args>> rmsNorms() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long[] normalized = new long[(int) between(in, 1, 3)];
            for (int i = 0; i < normalized.length; i++) {
                normalized[i] = between(in, 1, 6);
            }
            long[] leading = new long[(int) between(in, 0, 3)];
            for (int i = 0; i < leading.length; i++) {
                leading[i] = between(in, 1, 4);
            }
            boolean weight = between(in, 0, 3) != 0;
            boolean eps = chance(in);
            RMSNorm layer = RMSNorm.of(normalized).elementwiseAffine(weight);
            if (eps) {
                layer = layer.eps(1e-5);
            }
            regimes.add(weight ? "elementwise affine" : "no elementwise affine");
            regimes.add(eps ? "eps given" : "eps None");
            note(regimes, normalized.length > 1, "multi-dimensional normalized_shape");
            note(regimes, leading.length == 0, "no leading dimensions");
            note(regimes, leading.length > 1, "several leading dimensions");
            note(regimes, leading.length > 0 && leading[0] > 1, "batch > 1");
            Shape input = Shape.of(LayerGenerators.cat(leading, normalized));
            List<Integer> axes = new ArrayList<>();
            for (int i = 0; i < leading.length; i++) {
                axes.add(i);
            }
            return new NormCase<>(layer, input, new RmsNormOracle.Args(leading, normalized, weight), true,
                    leading.length > 0 ? 0 : -1, axes, regimes);
        };
    }

    /**
     * Self-attention with one to six query heads and a divisor of them as key-value heads (multi-head, multi-query
     * and grouped-query), causal or not, each mask the layer accepts, rotary on even head dimensions, batched or not.
     */
    public static Gen<SelfAttentionCase> selfAttentions() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long[] headChoices = {1, 2, 3, 4, 6};
            long h = headChoices[(int) between(in, 0, headChoices.length - 1)];
            List<Long> divisors = new ArrayList<>();
            for (long k = 1; k <= h; k++) {
                if (h % k == 0) {
                    divisors.add(k);
                }
            }
            long hKv = divisors.get((int) between(in, 0, divisors.size() - 1));
            boolean rotary = chance(in);
            long d = rotary ? 2 * between(in, 1, 2) : between(in, 1, 4);
            long e = h * d;
            boolean causal = chance(in);
            String mask = causal ? (chance(in) ? "add" : "where") : (chance(in) ? "add" : "none");
            boolean givenMask = !(mask.equals(causal ? "add" : "none")) || chance(in);
            boolean bias = chance(in);
            boolean batched = between(in, 0, 3) != 0;
            long n = batched ? between(in, 1, 3) : 1;
            long l = between(in, 1, 5);
            boolean dropout = between(in, 0, 4) == 0;

            note(regimes, h == 1, "one head");
            note(regimes, h > 1 && hKv == h, "multi-head (h_kv = h)");
            note(regimes, h > 1 && hKv == 1, "multi-query (h_kv = 1)");
            note(regimes, hKv > 1 && hKv < h, "grouped-query (1 < h_kv < h)");
            note(regimes, causal && mask.equals("add"), "causal, mask added");
            note(regimes, causal && mask.equals("where"), "causal, mask selected (where)");
            note(regimes, !causal && mask.equals("add"), "padding mask added");
            note(regimes, mask.equals("none"), "no mask");
            note(regimes, !givenMask, "mask by default");
            regimes.add(rotary ? "rotary" : "no rotary");
            regimes.add(bias ? "bias" : "no bias");
            note(regimes, !batched, "unbatched");
            note(regimes, n > 1, "batch > 1");
            note(regimes, l == 1, "L = 1");
            note(regimes, d == 1, "d = 1");
            note(regimes, dropout, "dropout (eval)");

            SelfAttention layer = SelfAttention.of(e, h).numKvHeads(hKv).bias(bias).causal(causal).rotary(rotary)
                    .dropout(dropout ? 0.1 : 0.0);
            if (givenMask) {
                layer = layer.mask(mask);
            }
            return new SelfAttentionCase(layer, batched,
                    new SelfAttentionOracle.Args(e, h, hKv, n, l, bias, causal, mask, rotary), regimes);
        };
    }
}
