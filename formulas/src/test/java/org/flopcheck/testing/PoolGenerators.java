package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.flopcheck.layers.AdaptiveAvgPool1d;
import org.flopcheck.layers.AdaptiveAvgPool2d;
import org.flopcheck.layers.AdaptiveAvgPool3d;
import org.flopcheck.layers.AdaptiveMaxPool1d;
import org.flopcheck.layers.AdaptiveMaxPool2d;
import org.flopcheck.layers.AdaptiveMaxPool3d;
import org.flopcheck.layers.AvgPool1d;
import org.flopcheck.layers.AvgPool2d;
import org.flopcheck.layers.AvgPool3d;
import org.flopcheck.layers.AvgPooling;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.MaxPool1d;
import org.flopcheck.layers.MaxPool2d;
import org.flopcheck.layers.MaxPool3d;
import org.flopcheck.layers.MaxPooling;
import org.flopcheck.oracle.PoolOracle;
import org.flopcheck.shape.Shape;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Valid pooling configurations, small enough for the oracles: padding within torch's limit for each layer, inputs
 * large enough for at least one window, ceil mode with and without torch dropping the last window, and dilations
 * that step over the whole input. Each case records its regimes.
 */
public final class PoolGenerators {
    private PoolGenerators() {
    }

    private static long between(RandomnessSource in, long lo, long hi) {
        return integers().between((int) lo, (int) hi).generate(in);
    }

    private static boolean chance(RandomnessSource in, int oneIn) {
        return between(in, 1, oneIn) == 1;
    }

    private static long[] array(RandomnessSource in, int dims, long lo, long hi) {
        long[] a = new long[dims];
        for (int i = 0; i < dims; i++) {
            a[i] = between(in, lo, hi);
        }
        return a;
    }

    /** Max pooling in 1, 2 and 3 dimensions with every argument varied. */
    public static Gen<OracleCase> maxPools() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            int dims = (int) between(in, 1, 3);
            boolean ceil = chance(in, 2);
            boolean returnIndices = chance(in, 4);
            boolean defaultStride = chance(in, 3);
            long[] k = array(in, dims, 1, dims == 3 ? 3 : 4);
            long[] d = chance(in, 2) ? array(in, dims, 1, 3) : ones(dims);
            long[] s = defaultStride ? k.clone() : array(in, dims, 1, 3);
            long[] p = new long[dims];
            long[] size = new long[dims];
            // torch's limit: ⌊(d·(K − 1) + 1)/2⌋ in 2-d (and 1-d with indices), ⌊K/2⌋ otherwise
            boolean effectiveRule = dims == 2 || dims == 1 && returnIndices;
            for (int i = 0; i < dims; i++) {
                long limit = effectiveRule ? (d[i] * (k[i] - 1) + 1) / 2 : k[i] / 2;
                p[i] = chance(in, 3) ? 0 : between(in, 0, limit);
            }
            if (chance(in, 6)) {
                // a window that starts in the padding and steps over the whole input: K = 2, p = 1, L_in = d − 1
                int i = (int) between(in, 0, dims - 1);
                k[i] = 2;
                d[i] = between(in, 3, 4);
                p[i] = 1;
                size[i] = d[i] - 1;
                if (defaultStride) {
                    s[i] = 2;
                }
            }
            for (int i = 0; i < dims; i++) {
                if (size[i] == 0) {
                    size[i] = minimumInput(k[i], s[i], p[i], d[i], ceil) + between(in, 0, dims == 3 ? 3 : 6);
                }
            }
            boolean batched = !chance(in, 4);
            long n = batched ? between(in, 1, 2) : 1;
            long c = between(in, 1, dims == 3 ? 2 : 3);
            MaxPooling<?> layer = switch (dims) {
                case 1 -> MaxPool1d.of(k[0]);
                case 2 -> MaxPool2d.of(Dims.of(k));
                default -> MaxPool3d.of(Dims.of(k));
            };
            if (!defaultStride) {
                layer = layer.stride(s);
            }
            layer = layer.padding(p).dilation(d).ceilMode(ceil).returnIndices(returnIndices);
            regimes.add(dims + "-d");
            windowRegimes(regimes, size, k, s, p, d, ceil);
            note(regimes, any(d, 2), "dilated");
            note(regimes, returnIndices, "return_indices");
            note(regimes, defaultStride, "default stride");
            note(regimes, !Arrays.equals(s, k), "stride ≠ kernel");
            note(regimes, emptyWindow(size, k, s, p, d, ceil), "windows reading nothing");
            batchRegimes(regimes, batched, n);
            PoolOracle.Sliding args = new PoolOracle.Sliding(n, c, batched, size, k, s, p, d, ceil, true, null);
            return new OracleCase(layer, input(batched, n, c, size), () -> PoolOracle.maxPool(args), batched,
                    regimes);
        };
    }

    /** Average pooling in 1, 2 and 3 dimensions with every argument varied. */
    public static Gen<OracleCase> avgPools() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            int dims = (int) between(in, 1, 3);
            boolean ceil = chance(in, 2);
            boolean countIncludePad = !chance(in, 3);
            boolean defaultStride = chance(in, 3);
            long[] k = array(in, dims, 1, dims == 3 ? 3 : 4);
            long[] s = defaultStride ? k.clone() : array(in, dims, 1, 3);
            long[] p = new long[dims];
            long[] size = new long[dims];
            long[] d = ones(dims);
            for (int i = 0; i < dims; i++) {
                p[i] = chance(in, 3) ? 0 : between(in, 0, k[i] / 2);
                long min = minimumInput(k[i], s[i], p[i], 1, ceil);
                if (dims == 3) {
                    min = Math.max(min, k[i]);   // avg_pool3d wants the unpadded input to hold the kernel
                }
                size[i] = min + between(in, 0, dims == 3 ? 3 : 6);
            }
            Long divisor = dims > 1 && chance(in, 4) ? (Long) between(in, 1, 7) : null;
            boolean batched = !chance(in, 4);
            long n = batched ? between(in, 1, 2) : 1;
            long c = between(in, 1, dims == 3 ? 2 : 3);
            AvgPooling<?> layer = switch (dims) {
                case 1 -> AvgPool1d.of(k[0]);
                case 2 -> divisor == null ? AvgPool2d.of(Dims.of(k)) : AvgPool2d.of(Dims.of(k)).divisorOverride(divisor);
                default -> divisor == null ? AvgPool3d.of(Dims.of(k)) : AvgPool3d.of(Dims.of(k)).divisorOverride(divisor);
            };
            if (!defaultStride) {
                layer = layer.stride(s);
            }
            layer = layer.padding(p).ceilMode(ceil).countIncludePad(countIncludePad);
            regimes.add(dims + "-d");
            windowRegimes(regimes, size, k, s, p, d, ceil);
            note(regimes, !countIncludePad && any(p, 1), "count_include_pad=False with padding");
            note(regimes, divisor != null, "divisor_override");
            note(regimes, defaultStride, "default stride");
            note(regimes, !Arrays.equals(s, k), "stride ≠ kernel");
            batchRegimes(regimes, batched, n);
            PoolOracle.Sliding args = new PoolOracle.Sliding(n, c, batched, size, k, s, p, d, ceil, countIncludePad,
                    divisor);
            return new OracleCase(layer, input(batched, n, c, size), () -> PoolOracle.avgPool(args), batched,
                    regimes);
        };
    }

    /** Adaptive average pooling: output sizes that divide the input or not, None entries, outputs larger. */
    public static Gen<OracleCase> adaptiveAvgPools() {
        return adaptive(false);
    }

    /** Adaptive max pooling, with and without return_indices. */
    public static Gen<OracleCase> adaptiveMaxPools() {
        return adaptive(true);
    }

    private static Gen<OracleCase> adaptive(boolean max) {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            int dims = (int) between(in, 1, 3);
            long[] size = array(in, dims, 1, dims == 3 ? 5 : 8);
            long[] out = new long[dims];
            Long[] given = new Long[dims];
            long regime = between(in, 0, 5);
            boolean scalar = dims == 1 || regime == 0 || regime == 1;
            if (scalar) {
                long o = regime == 0 ? 1 : between(in, 1, (int) Math.max(2, size[0] + 1));
                Arrays.fill(out, o);
                Arrays.fill(given, o);
            } else {
                for (int i = 0; i < dims; i++) {
                    boolean none = chance(in, 4);
                    out[i] = none ? size[i] : between(in, 1, size[i] + 2);
                    given[i] = none ? null : out[i];
                    note(regimes, none, "None entry");
                }
            }
            boolean returnIndices = max && chance(in, 3);
            Layer layer;
            if (max) {
                layer = switch (dims) {
                    case 1 -> AdaptiveMaxPool1d.of(out[0]).returnIndices(returnIndices);
                    case 2 -> (scalar ? AdaptiveMaxPool2d.of(out[0]) : AdaptiveMaxPool2d.of(given[0], given[1]))
                            .returnIndices(returnIndices);
                    default -> (scalar ? AdaptiveMaxPool3d.of(out[0])
                            : AdaptiveMaxPool3d.of(given[0], given[1], given[2])).returnIndices(returnIndices);
                };
            } else {
                layer = switch (dims) {
                    case 1 -> AdaptiveAvgPool1d.of(out[0]);
                    case 2 -> scalar ? AdaptiveAvgPool2d.of(out[0]) : AdaptiveAvgPool2d.of(given[0], given[1]);
                    default -> scalar ? AdaptiveAvgPool3d.of(out[0])
                            : AdaptiveAvgPool3d.of(given[0], given[1], given[2]);
                };
            }
            boolean batched = !chance(in, 4);
            long n = batched ? between(in, 1, 2) : 1;
            long c = between(in, 1, 3);
            regimes.add(dims + "-d");
            boolean divisible = true;
            boolean larger = false;
            boolean global = true;
            for (int i = 0; i < dims; i++) {
                divisible &= size[i] % out[i] == 0;
                larger |= out[i] > size[i];
                global &= out[i] == 1;
            }
            regimes.add(divisible ? "windows dividing the input" : "overlapping windows (sizes not divisible)");
            note(regimes, larger, "output larger than input");
            note(regimes, global, "global pooling (output all ones)");
            note(regimes, returnIndices, "return_indices");
            batchRegimes(regimes, batched, n);
            PoolOracle.Adaptive args = new PoolOracle.Adaptive(n, c, batched, size, out);
            return new OracleCase(layer, input(batched, n, c, size),
                    () -> max ? PoolOracle.adaptiveMaxPool(args) : PoolOracle.adaptiveAvgPool(args), batched,
                    regimes);
        };
    }

    /** The smallest input whose output has a window: torch's output size formula at least 1. */
    private static long minimumInput(long k, long s, long p, long d, boolean ceil) {
        long reach = d * (k - 1) + 1;
        return Math.max(1, ceil ? reach - 2 * p - s + 1 : reach - 2 * p);
    }

    private static void windowRegimes(Set<String> regimes, long[] size, long[] k, long[] s, long[] p, long[] d,
                                      boolean ceil) {
        note(regimes, any(p, 1), "padded");
        if (!ceil) {
            return;
        }
        regimes.add("ceil_mode");
        for (int i = 0; i < size.length; i++) {
            long span = size[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1;
            long rounded = Math.floorDiv(span + s[i] - 1, s[i]) + 1;
            long floored = Math.floorDiv(span, s[i]) + 1;
            if ((rounded - 1) * s[i] >= size[i] + p[i]) {
                regimes.add("ceil_mode dropping the last window");
            } else if (rounded > floored) {
                regimes.add("ceil_mode adding a partial window");
            }
        }
    }

    private static boolean emptyWindow(long[] size, long[] k, long[] s, long[] p, long[] d, boolean ceil) {
        for (int i = 0; i < size.length; i++) {
            long windows = PoolOracle.windows(size[i], k[i], s[i], p[i], d[i], ceil);
            for (long o = 0; o < windows; o++) {
                boolean reads = false;
                for (long t = 0; t < k[i]; t++) {
                    long pos = o * s[i] - p[i] + t * d[i];
                    reads |= pos >= 0 && pos < size[i];
                }
                if (!reads) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void batchRegimes(Set<String> regimes, boolean batched, long n) {
        note(regimes, !batched, "unbatched");
        note(regimes, n > 1, "batch > 1");
    }

    static Shape input(boolean batched, long n, long c, long[] spatial) {
        long[] head = batched ? new long[] {n, c} : new long[] {c};
        long[] all = Arrays.copyOf(head, head.length + spatial.length);
        System.arraycopy(spatial, 0, all, head.length, spatial.length);
        return Shape.of(all);
    }

    private static long[] ones(int dims) {
        long[] a = new long[dims];
        Arrays.fill(a, 1);
        return a;
    }

    static void note(Set<String> regimes, boolean condition, String regime) {
        if (condition) {
            regimes.add(regime);
        }
    }

    static boolean any(long[] values, long atLeast) {
        for (long v : values) {
            if (v >= atLeast) {
                return true;
            }
        }
        return false;
    }
}
