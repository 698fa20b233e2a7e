package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.LinkedHashSet;
import java.util.Set;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Conv3d;
import org.flopcheck.layers.ConvTranspose1d;
import org.flopcheck.layers.ConvTranspose2d;
import org.flopcheck.layers.ConvTranspose3d;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.Layer;
import org.flopcheck.oracle.ConvOracle;
import org.flopcheck.shape.Shape;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * The one place that knows how to make valid layer configurations: groups that divide the channels, inputs large
 * enough for the dilated kernel, output padding below the stride or dilation. Sizes stay small so the oracles can
 * run every configuration loop by loop. Each generated case records the regimes it exercises, so tests can show
 * that the regimes they care about occur.
 */
public final class LayerGenerators {
    private LayerGenerators() {
    }

    private static long between(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    private static boolean chance(RandomnessSource in) {
        return booleans().all().generate(in);
    }

    private static long[] array(RandomnessSource in, int dims, int lo, int hi) {
        long[] a = new long[dims];
        for (int i = 0; i < dims; i++) {
            a[i] = between(in, lo, hi);
        }
        return a;
    }

    /** Channel counts and groups in one of three regimes: dense, grouped, depthwise (with a channel multiplier). */
    private static long[] channels(RandomnessSource in, Set<String> regimes) {
        long regime = between(in, 0, 2);
        long g;
        long cin;
        long cout;
        if (regime == 0) {
            g = 1;
            cin = between(in, 1, 4);
            cout = between(in, 1, 4);
            regimes.add("dense");
        } else if (regime == 1) {
            g = between(in, 2, 3);
            cin = g * between(in, 1, 2);
            cout = g * between(in, 1, 2);
            regimes.add("grouped");
        } else {
            cin = between(in, 2, 4);
            g = cin;
            cout = cin * between(in, 1, 2);
            regimes.add(cout == cin ? "depthwise" : "depthwise with channel multiplier");
        }
        return new long[] {cin, cout, g};
    }

    /** Convolutions in 1, 2 and 3 dimensions with every argument varied, 'same' padding included. */
    public static Gen<ConvCase> convolutions() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            int dims = (int) between(in, 1, 3);
            regimes.add(dims + "-d");
            long[] ch = channels(in, regimes);
            int maxK = dims == 3 ? 3 : 4;
            long[] k = array(in, dims, 1, maxK);
            long[] d = array(in, dims, 1, 2);
            boolean same = between(in, 0, 4) == 0;
            long[] s = same ? array(in, dims, 1, 1) : array(in, dims, 1, 3);
            long[] p = same ? new long[dims] : array(in, dims, 0, 2);
            long[] size = new long[dims];
            for (int i = 0; i < dims; i++) {
                long reach = d[i] * (k[i] - 1) + 1;
                long min = Math.max(1, reach - 2 * p[i]);
                size[i] = min + between(in, 0, dims == 3 ? 3 : 6);
            }
            boolean bias = chance(in);
            boolean batched = between(in, 0, 3) != 0;
            long n = batched ? between(in, 1, 2) : 1;
            note(regimes, same, "padding 'same'");
            note(regimes, any(s, 2), "strided");
            note(regimes, any(d, 2), "dilated");
            note(regimes, any(p, 1), "padded");
            note(regimes, bias, "bias");
            note(regimes, !batched, "unbatched");
            note(regimes, n > 1, "batch > 1");
            Layer layer = switch (dims) {
                case 1 -> {
                    Conv1d c = Conv1d.of(ch[0], ch[1], k[0]).dilation(d).groups(ch[2]).bias(bias);
                    yield same ? c.padding("same") : c.stride(s).padding(p);
                }
                case 2 -> {
                    Conv2d c = Conv2d.of(ch[0], ch[1], Dims.of(k)).dilation(d).groups(ch[2]).bias(bias);
                    yield same ? c.padding("same") : c.stride(s).padding(p);
                }
                default -> {
                    Conv3d c = Conv3d.of(ch[0], ch[1], Dims.of(k)).dilation(d).groups(ch[2]).bias(bias);
                    yield same ? c.padding("same") : c.stride(s).padding(p);
                }
            };
            Shape input = batched ? Shape.of(cat(new long[] {n, ch[0]}, size)) : Shape.of(cat(new long[] {ch[0]}, size));
            ConvOracle.Args args = new ConvOracle.Args(n, ch[0], ch[1], size, k, s, p, d, new long[dims], ch[2], bias,
                    same);
            return new ConvCase(layer, input, args, batched, regimes);
        };
    }

    /** Transposed convolutions in 1, 2 and 3 dimensions, with output padding and gaps between strides. */
    public static Gen<ConvCase> transposedConvolutions() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            int dims = (int) between(in, 1, 3);
            regimes.add(dims + "-d");
            long[] ch = channels(in, regimes);
            long[] k = array(in, dims, 1, dims == 3 ? 3 : 4);
            long[] s = array(in, dims, 1, 4);
            long[] d = array(in, dims, 1, 2);
            long[] p = new long[dims];
            long[] op = new long[dims];
            long[] size = new long[dims];
            for (int i = 0; i < dims; i++) {
                p[i] = between(in, 0, 2);
                long limit = Math.max(s[i], d[i]) - 1;
                op[i] = limit == 0 ? 0 : between(in, 0, (int) limit);
                size[i] = between(in, 1, dims == 3 ? 3 : 5);
                // the output must keep at least one position: grow the input until it does
                while ((size[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1 < 1) {
                    size[i]++;
                }
            }
            boolean bias = chance(in);
            boolean batched = between(in, 0, 3) != 0;
            long n = batched ? between(in, 1, 2) : 1;
            boolean gaps = false;
            for (int i = 0; i < dims; i++) {
                gaps |= s[i] > d[i] * (k[i] - 1) + 1;
            }
            note(regimes, gaps, "gaps between strides");
            note(regimes, any(op, 1), "output padding");
            note(regimes, any(p, 1), "cropping padding");
            note(regimes, any(d, 2), "dilated");
            note(regimes, bias, "bias");
            note(regimes, !batched, "unbatched");
            Layer layer = switch (dims) {
                case 1 -> ConvTranspose1d.of(ch[0], ch[1], k[0]).stride(s).padding(p).outputPadding(op).dilation(d)
                        .groups(ch[2]).bias(bias);
                case 2 -> ConvTranspose2d.of(ch[0], ch[1], Dims.of(k)).stride(s).padding(p).outputPadding(op)
                        .dilation(d).groups(ch[2]).bias(bias);
                default -> ConvTranspose3d.of(ch[0], ch[1], Dims.of(k)).stride(s).padding(p).outputPadding(op)
                        .dilation(d).groups(ch[2]).bias(bias);
            };
            Shape input = batched ? Shape.of(cat(new long[] {n, ch[0]}, size)) : Shape.of(cat(new long[] {ch[0]}, size));
            ConvOracle.Args args = new ConvOracle.Args(n, ch[0], ch[1], size, k, s, p, d, op, ch[2], bias, false);
            return new ConvCase(layer, input, args, batched, regimes);
        };
    }

    /** Linear layers on inputs of rank 1 to 4, with and without bias. */
    public static Gen<LinearCase> linears() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            int rank = (int) between(in, 1, 4);
            regimes.add(rank + "-d input");
            long features = between(in, 1, 12);
            long out = between(in, 1, 8);
            long[] dims = new long[rank];
            for (int i = 0; i < rank - 1; i++) {
                dims[i] = between(in, 1, 4);
            }
            dims[rank - 1] = features;
            boolean bias = chance(in);
            regimes.add(bias ? "bias" : "no bias");
            return new LinearCase(org.flopcheck.layers.Linear.of(features, out).bias(bias), Shape.of(dims), out, bias,
                    regimes);
        };
    }

    /** A tuple of integers, one per {@code (lo, hi)} pair of bounds: {@code ints(1, 4, 0, 2)}. */
    public static Gen<int[]> ints(int... bounds) {
        if (bounds.length % 2 != 0) {
            throw new IllegalArgumentException("bounds come in (lo, hi) pairs");
        }
        return in -> {
            int[] values = new int[bounds.length / 2];
            for (int i = 0; i < values.length; i++) {
                values[i] = (int) between(in, bounds[2 * i], bounds[2 * i + 1]);
            }
            return values;
        };
    }

    private static void note(Set<String> regimes, boolean condition, String regime) {
        if (condition) {
            regimes.add(regime);
        }
    }

    private static boolean any(long[] values, long atLeast) {
        for (long v : values) {
            if (v >= atLeast) {
                return true;
            }
        }
        return false;
    }

    static long[] cat(long[] a, long[] b) {
        long[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
