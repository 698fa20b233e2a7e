package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.integers;

import java.util.LinkedHashSet;
import java.util.Set;
import org.flopcheck.layers.GELU;
import org.flopcheck.layers.Hardtanh;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LeakyReLU;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.ReLU6;
import org.flopcheck.layers.SiLU;
import org.flopcheck.layers.Sigmoid;
import org.flopcheck.layers.Softmax;
import org.flopcheck.layers.Tanh;
import org.flopcheck.layers.Upsample;
import org.flopcheck.oracle.ElementwiseOracle;
import org.flopcheck.oracle.ElementwiseOracle.Kind;
import org.flopcheck.oracle.UpsampleOracle;
import org.flopcheck.shape.Shape;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Valid configurations of the element-wise layers: every activation on inputs of rank 0 to 4, softmax along every
 * dimension (negative ones and torch's implicit choice included), and upsampling in every mode by size and by
 * scale factor, with outputs on both sides of torch's bilinear kernel switch. Each case records its regimes.
 */
public final class ElementwiseGenerators {
    private static final double[] SLOPES = {0.01, 0.2, 0.1, 1.5};
    private static final double[] FACTORS = {0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 1.0 / 3};

    private ElementwiseGenerators() {
    }

    private static long between(RandomnessSource in, long lo, long hi) {
        return integers().between((int) lo, (int) hi).generate(in);
    }

    private static boolean chance(RandomnessSource in, int oneIn) {
        return between(in, 1, oneIn) == 1;
    }

    /** A shape of rank 0 (one time in {@code scalarOneIn}) to 4 with small dimensions. */
    private static long[] shape(RandomnessSource in, Set<String> regimes, int scalarOneIn) {
        int rank = chance(in, scalarOneIn) ? 0 : (int) between(in, 1, 4);
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = between(in, 1, rank >= 3 ? 4 : 6);
        }
        regimes.add(rank == 0 ? "scalar input" : "rank " + rank);
        return shape;
    }

    /** Every activation kind with its arguments varied, on any shape. */
    public static Gen<OracleCase> activations() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            Kind kind = Kind.values()[(int) between(in, 0, Kind.values().length - 1)];
            long[] shape = shape(in, regimes, 10);
            boolean inplace = chance(in, 3);
            double a = 0;
            double b = 0;
            Layer layer;
            switch (kind) {
                case RELU -> layer = ReLU.of().inplace(inplace);
                case RELU6 -> layer = ReLU6.of().inplace(inplace);
                case LEAKY_RELU -> {
                    a = SLOPES[(int) between(in, 0, SLOPES.length - 1)];
                    layer = (a == 0.01 ? LeakyReLU.of() : LeakyReLU.of(a)).inplace(inplace);
                }
                case HARDTANH -> {
                    a = between(in, -3, 2) / 2.0;
                    b = a + between(in, 1, 8) / 4.0;
                    layer = Hardtanh.of(a, b).inplace(inplace);
                }
                case SIGMOID -> layer = Sigmoid.of();
                case TANH -> layer = Tanh.of();
                case GELU -> layer = GELU.of();
                case GELU_TANH -> layer = GELU.of().approximate("tanh");
                default -> layer = SiLU.of().inplace(inplace);
            }
            regimes.add(kind.name());
            if (layer.toString().contains("inplace=True")) {
                regimes.add("inplace");
            }
            final double fa = a;
            final double fb = b;
            return new OracleCase(layer, Shape.of(shape), () -> ElementwiseOracle.activation(kind, shape, fa, fb),
                    shape.length > 0, regimes);
        };
    }

    /** Softmax on inputs of rank 0 to 4 along every dimension, negative and implicit ones included. */
    public static Gen<OracleCase> softmaxes() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long[] shape = shape(in, regimes, 6);
            int rank = shape.length;
            int range = Math.max(rank, 1);
            Integer dim = chance(in, 4) ? null : (int) between(in, -range, range - 1);
            int resolved = dim == null ? (rank == 0 || rank == 1 || rank == 3 ? 0 : 1) : dim < 0 ? dim + range : dim;
            if (dim == null) {
                regimes.add("dim=None");
            } else if (dim < 0) {
                regimes.add("negative dim");
            }
            regimes.add(rank == 0 || resolved == rank - 1 ? "last dimension" : "another dimension");
            Layer layer = dim == null ? Softmax.of() : Softmax.of(dim);
            return new OracleCase(layer, Shape.of(shape), () -> ElementwiseOracle.softmax(shape, dim),
                    rank > 0 && resolved != 0, regimes);
        };
    }

    /** Upsampling in every mode, by size or by scale factor (non-integer ones included), with align_corners. */
    public static Gen<OracleCase> upsamples() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            String mode = new String[] {"nearest", "linear", "bilinear", "bicubic", "trilinear"}[(int) between(in, 0,
                    4)];
            int dims = switch (mode) {
                case "linear" -> 1;
                case "bilinear", "bicubic" -> 2;
                case "trilinear" -> 3;
                default -> (int) between(in, 1, 3);
            };
            long n = between(in, 1, 2);
            long[] size = new long[dims];
            boolean singlePixel = dims > 1 && chance(in, 4);
            long c = singlePixel ? between(in, 3, 6) : between(in, 1, 5);
            for (int i = 0; i < dims; i++) {
                size[i] = singlePixel ? 1 : between(in, 1, dims == 3 ? 3 : 5);
            }
            Upsample layer = Upsample.of().mode(mode);
            long[] outSize = null;
            double[] scale = null;
            boolean large = mode.equals("bilinear") && chance(in, 3);
            if (large || chance(in, 2)) {
                regimes.add("size");
                outSize = new long[dims];
                boolean scalar = chance(in, 2);
                for (int i = 0; i < dims; i++) {
                    outSize[i] = scalar && i > 0 ? outSize[0] : large ? between(in, 55, 75) : between(in, 1, 6);
                }
                layer = scalar ? layer.size(outSize[0]) : layer.size(outSize);
                if (large) {
                    c = Math.min(c, 2);
                }
            } else {
                regimes.add("scale factor");
                scale = new double[dims];
                boolean scalar = chance(in, 2);
                for (int i = 0; i < dims; i++) {
                    double f;
                    do {
                        f = scalar && i > 0 ? scale[0] : FACTORS[(int) between(in, 0, FACTORS.length - 1)];
                        if (Math.floor(size[i] * f) < 1) {
                            size[i]++;   // grow the input until the output keeps a position
                        }
                    } while (Math.floor(size[i] * f) < 1);
                    scale[i] = f;
                    if (f != Math.rint(f)) {
                        regimes.add("non-integer scale factor");
                    }
                    if (f < 1) {
                        regimes.add("downsampling");
                    }
                }
                layer = scalar ? layer.scaleFactor(scale[0]) : layer.scaleFactor(scale);
            }
            boolean alignCorners = false;
            if (!mode.equals("nearest") && !chance(in, 3)) {
                alignCorners = chance(in, 2);
                layer = layer.alignCorners(alignCorners);
                if (alignCorners) {
                    regimes.add("align_corners");
                }
            }
            regimes.add(mode);
            regimes.add(mode + " by " + (outSize != null ? "size" : "scale factor"));
            long[] out = new long[dims];
            for (int i = 0; i < dims; i++) {
                out[i] = outSize != null ? outSize[i] : (long) Math.floor(size[i] * scale[i]);
            }
            if (!mode.equals("nearest") && singlePixel) {
                regimes.add("single pixel input");
            }
            long[] input = new long[dims + 2];
            input[0] = n;
            input[1] = c;
            System.arraycopy(size, 0, input, 2, dims);
            UpsampleOracle.Args args = new UpsampleOracle.Args(n, c, size, outSize, scale, mode, alignCorners);
            return new OracleCase(layer, Shape.of(input), () -> UpsampleOracle.interpolate(args), true, regimes);
        };
    }
}
