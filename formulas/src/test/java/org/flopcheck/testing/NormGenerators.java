package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flopcheck.layers.BatchNorm;
import org.flopcheck.layers.BatchNorm1d;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.BatchNorm3d;
import org.flopcheck.layers.Embedding;
import org.flopcheck.layers.GroupNorm;
import org.flopcheck.layers.InstanceNorm;
import org.flopcheck.layers.InstanceNorm1d;
import org.flopcheck.layers.InstanceNorm2d;
import org.flopcheck.layers.InstanceNorm3d;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.oracle.NormOracle;
import org.flopcheck.shape.Shape;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Valid random configurations of the normalisation layers and Embedding, small enough for the oracle to run loop
 * by loop: inputs that torch accepts (more than one value per set where torch demands it, groups dividing the
 * channels, trailing dimensions equal to normalized_shape). Every case records its regimes.
 */
public final class NormGenerators {
    private NormGenerators() {
    }

    private static long between(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    private static boolean chance(RandomnessSource in) {
        return booleans().all().generate(in);
    }

    private static long[] sizes(RandomnessSource in, int count, int lo, int hi) {
        long[] a = new long[count];
        for (int i = 0; i < count; i++) {
            a[i] = between(in, lo, hi);
        }
        return a;
    }

    private static void note(Set<String> regimes, boolean condition, String regime) {
        if (condition) {
            regimes.add(regime);
        }
    }

    private static boolean allOne(long[] a) {
        for (long v : a) {
            if (v != 1) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> axes(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    /** BatchNorm{dims}d with and without affine and running statistics; 1-d on (N, C) and (N, C, L). */
    public static Gen<NormCase<NormOracle.BatchNormArgs>> batchNorms(int dims) {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            int spatialDims = dims == 1 ? (int) between(in, 0, 1) : dims;
            regimes.add(dims == 1 ? (spatialDims == 0 ? "(N, C)" : "(N, C, L)") : dims + "-d");
            long c = between(in, 1, 6);
            long n = between(in, 1, 4);
            long[] spatial = sizes(in, spatialDims, 1, dims == 1 ? 9 : dims == 2 ? 5 : 3);
            boolean affine = chance(in);
            boolean running = chance(in);
            if (!running && n == 1 && allOne(spatial)) {
                n = 2;   // torch needs more than one value per channel for batch statistics
            }
            regimes.add(affine ? "affine" : "no affine");
            regimes.add(running ? "running statistics" : "batch statistics");
            note(regimes, n > 1, "batch > 1");
            BatchNorm<?> layer = switch (dims) {
                case 1 -> BatchNorm1d.of(c).affine(affine).trackRunningStats(running);
                case 2 -> BatchNorm2d.of(c).affine(affine).trackRunningStats(running);
                default -> BatchNorm3d.of(c).affine(affine).trackRunningStats(running);
            };
            Shape input = Shape.of(LayerGenerators.cat(new long[] {n, c}, spatial));
            return new NormCase<>(layer, input, new NormOracle.BatchNormArgs(n, c, spatial, affine, running),
                    true, 0, concat(List.of(0), axes(2, 2 + spatialDims)), regimes);
        };
    }

    /**
     * InstanceNorm{dims}d with and without affine and running statistics, batched and unbatched; without either,
     * num_features sometimes differs from the input's channels (torch only warns).
     */
    public static Gen<NormCase<NormOracle.InstanceNormArgs>> instanceNorms(int dims) {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long c = between(in, 1, 5);
            boolean batched = between(in, 0, 2) != 0;
            long n = batched ? between(in, 1, 3) : 1;
            long[] spatial = sizes(in, dims, 1, dims == 1 ? 9 : dims == 2 ? 5 : 3);
            boolean affine = chance(in);
            boolean running = chance(in);
            if (!running && allOne(spatial)) {
                spatial[dims - 1] = 2;   // torch needs more than one spatial element for instance statistics
            }
            long numFeatures = c;
            if (!affine && !running && between(in, 0, 3) == 0) {
                numFeatures = c + between(in, 1, 3);
                regimes.add("num_features unused");
            }
            regimes.add(affine ? "affine" : "no affine");
            regimes.add(running ? "running statistics" : "instance statistics");
            note(regimes, !batched, "unbatched");
            note(regimes, n > 1, "batch > 1");
            InstanceNorm<?> layer = switch (dims) {
                case 1 -> InstanceNorm1d.of(numFeatures).affine(affine).trackRunningStats(running);
                case 2 -> InstanceNorm2d.of(numFeatures).affine(affine).trackRunningStats(running);
                default -> InstanceNorm3d.of(numFeatures).affine(affine).trackRunningStats(running);
            };
            Shape input = batched ? Shape.of(LayerGenerators.cat(new long[] {n, c}, spatial))
                    : Shape.of(LayerGenerators.cat(new long[] {c}, spatial));
            int first = batched ? 2 : 1;
            return new NormCase<>(layer, input, new NormOracle.InstanceNormArgs(n, c, spatial, affine, running),
                    batched, batched ? 0 : -1, concat(batched ? List.of(0) : List.of(), axes(first, first + dims)),
                    regimes);
        };
    }

    /** LayerNorm over one to three trailing dimensions, with zero to three leading ones, affine and bias varied. */
    public static Gen<NormCase<NormOracle.LayerNormArgs>> layerNorms() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long[] normalized = sizes(in, (int) between(in, 1, 3), 1, 5);
            long[] leading = sizes(in, (int) between(in, 0, 3), 1, 4);
            long affine = between(in, 0, 2);   // 0: none, 1: weight only, 2: weight and bias
            boolean weight = affine > 0;
            boolean biasArg = affine == 2 || (affine == 0 && chance(in));
            LayerNorm layer = LayerNorm.of(normalized).elementwiseAffine(weight).bias(biasArg);
            regimes.add(affine == 0 ? "no elementwise affine" : affine == 1 ? "weight only" : "weight and bias");
            note(regimes, affine == 0 && biasArg, "bias=True without elementwise affine");
            note(regimes, normalized.length > 1, "multi-dimensional normalized_shape");
            note(regimes, leading.length == 0, "no leading dimensions");
            note(regimes, leading.length > 1, "several leading dimensions");
            note(regimes, leading.length > 0 && leading[0] > 1, "batch > 1");
            Shape input = Shape.of(LayerGenerators.cat(leading, normalized));
            return new NormCase<>(layer, input, new NormOracle.LayerNormArgs(leading, normalized, weight,
                    weight && biasArg), true, leading.length > 0 ? 0 : -1, axes(0, leading.length), regimes);
        };
    }

    /** GroupNorm with one group, one group per channel, or between; zero to three spatial dimensions. */
    public static Gen<NormCase<NormOracle.GroupNormArgs>> groupNorms() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long kind = between(in, 0, 2);
            long g;
            long c;
            if (kind == 0) {
                g = 1;
                c = between(in, 1, 4);
                regimes.add("groups = 1");
            } else if (kind == 1) {
                c = between(in, 1, 4);
                g = c;
                regimes.add("groups = channels");
            } else {
                g = between(in, 2, 3);
                c = g * between(in, 2, 3);
                regimes.add("1 < groups < channels");
            }
            long n = between(in, 1, 3);
            long[] spatial = sizes(in, (int) between(in, 0, 3), 1, 3);
            if (n == 1 && c == g && allOne(spatial)) {
                n = 2;   // torch refuses groups of a single value when N·C/G·S = 1
            }
            boolean affine = chance(in);
            regimes.add(affine ? "affine" : "no affine");
            note(regimes, spatial.length == 0, "no spatial dimensions");
            note(regimes, spatial.length > 1, "several spatial dimensions");
            note(regimes, n > 1, "batch > 1");
            GroupNorm layer = GroupNorm.of(g, c).affine(affine);
            Shape input = Shape.of(LayerGenerators.cat(new long[] {n, c}, spatial));
            return new NormCase<>(layer, input, new NormOracle.GroupNormArgs(n, c, g, spatial, affine), true, 0,
                    concat(List.of(0), axes(2, 2 + spatial.length)), regimes);
        };
    }

    /** Embeddings looked up by index tensors of rank 0 to 3, with and without padding_idx. */
    public static Gen<NormCase<NormOracle.EmbeddingArgs>> embeddings() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long v = between(in, 1, 20);
            long d = between(in, 1, 8);
            long[] indices = sizes(in, (int) between(in, 0, 3), 1, 4);
            Embedding layer = Embedding.of(v, d);
            long padding = between(in, 0, 2);
            if (padding == 1) {
                layer = layer.paddingIdx(between(in, 0, (int) v - 1));
                regimes.add("padding_idx");
            } else if (padding == 2) {
                layer = layer.paddingIdx(-between(in, 1, (int) v));
                regimes.add("negative padding_idx");
            }
            note(regimes, indices.length == 0, "scalar index");
            note(regimes, indices.length > 1, "index matrix or more");
            note(regimes, chance(in), "sparse");
            if (regimes.contains("sparse")) {
                layer = layer.sparse(true).scaleGradByFreq(true);
            }
            return new NormCase<>(layer, Shape.of(indices), new NormOracle.EmbeddingArgs(indices, v, d), true,
                    indices.length > 0 ? 0 : -1, axes(0, indices.length), regimes);
        };
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
