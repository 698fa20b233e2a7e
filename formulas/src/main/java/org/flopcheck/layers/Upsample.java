package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.flopcheck.CountOverflowException;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * Resizing by interpolation, mirroring {@code torch.nn.Upsample(size=None, scale_factor=None, mode='nearest',
 * align_corners=None)}: modes {@code 'nearest'}, {@code 'linear'} (3-D input), {@code 'bilinear'} and
 * {@code 'bicubic'} (4-D) and {@code 'trilinear'} (5-D). torch's other modes ({@code 'area'},
 * {@code 'nearest-exact'}) are not modelled.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, L_in)}, {@code (N, C, H_in, W_in)} or {@code (N, C, D_in, H_in, W_in)}
 * (torch has no unbatched form: a 3-D input is always {@code (N, C, L)}). Exactly one of {@code size} and
 * {@code scale_factor} is given; the output size is {@code size}, or {@code ⌊in·scale_factor⌋} computed in double
 * precision as torch computes it (so {@code 1.5} on 3 gives 4). {@code align_corners} may only be set with the
 * interpolating modes; it moves the sampling points and changes no count.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> {@code 'nearest'} copies one input element per output element: no arithmetic. The
 * interpolating modes combine {@code t} neighbours per dimension ({@code t = 2} for the linear modes,
 * {@code t = 4} for bicubic) the way torch's generic separable CPU kernel does: along the last dimension
 * {@code t} weighted neighbours are summed, and each dimension outwards sums {@code t} weighted results of the
 * dimension inside it. Per output element that is {@code t·(t^d − 1)/(t − 1)} multiplications and
 * {@code t^d − 1} additions ({@code d} the number of spatial dimensions): 2 and 1 (linear), 6 and 3 (bilinear,
 * {@code h0λ·(w0λ·a + w1λ·b) + h1λ·(w0λ·c + w1λ·d)}), 14 and 7 (trilinear), 20 and 15 (bicubic). Source indices
 * and the interpolation weights are computed from coordinates, not from tensor values: index arithmetic, not
 * counted. Counted: multiplications by interpolation weights {@code N·C·S_out·m} and additions of weighted
 * neighbours {@code N·C·S_out·a}, {@code S_out} the product of the output sizes.
 *
 * <p><b>Worked example.</b> A feature-pyramid upsampler {@code Upsample(scale_factor=2.0, mode='bilinear')} on
 * {@code (1, 256, 40, 40)}: output {@code (1, 256, 80, 80)}; 256·80·80 = 1,638,400 output elements, 9,830,400
 * multiplications and 4,915,200 additions.
 */
public final class Upsample implements Layer {
    public static final Sym N = Convolution.N;
    public static final Sym C = PoolWindows.C;

    private final long[] size;           // null: None
    private final boolean sizeScalar;
    private final double[] scaleFactor;  // null: None
    private final boolean scaleScalar;
    private final String mode;
    private final Boolean alignCorners;  // null: None

    private Upsample(long[] size, boolean sizeScalar, double[] scaleFactor, boolean scaleScalar, String mode,
                     Boolean alignCorners) {
        if (size != null) {
            if (size.length == 0) {
                throw new InvalidArgumentException("size", "Upsample: size needs at least one integer");
            }
            for (long s : size) {
                if (s < 1) {
                    throw new InvalidArgumentException("size", "Upsample: size " + sizeRepr(size, sizeScalar)
                            + " must be positive in every dimension; torch: Input and output sizes should be greater"
                            + " than 0");
                }
            }
        }
        if (scaleFactor != null) {
            if (scaleFactor.length == 0) {
                throw new InvalidArgumentException("scale_factor", "Upsample: scale_factor needs at least one number");
            }
            for (double f : scaleFactor) {
                if (!(f > 0) || Double.isInfinite(f)) {
                    throw new InvalidArgumentException("scale_factor", "Upsample: scale_factor "
                            + scaleRepr(scaleFactor, scaleScalar) + " must be positive and finite in every dimension"
                            + " (torch reads a scale_factor of 0 as None)");
                }
            }
        }
        if (Arrays.asList("area", "nearest-exact").contains(mode)) {
            throw new InvalidArgumentException("mode", "Upsample: mode '" + mode + "' is not modelled; flopcheck"
                    + " counts 'nearest', 'linear', 'bilinear', 'bicubic' and 'trilinear'");
        }
        this.size = size == null ? null : size.clone();
        this.sizeScalar = sizeScalar;
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.scaleScalar = scaleScalar;
        this.mode = Args.oneOf("Upsample", "mode", mode, "nearest", "linear", "bilinear", "bicubic",
                "trilinear");
        this.alignCorners = alignCorners;
    }

    /** {@code Upsample()}: mode 'nearest'; give {@link #size(long...)} or {@link #scaleFactor(double...)}. */
    public static Upsample of() {
        return new Upsample(null, false, null, false, "nearest", null);
    }

    /** The output size, one integer for every spatial dimension or one per dimension; torch's default is None. */
    public Upsample size(long... size) {
        return new Upsample(size, size.length == 1, scaleFactor, scaleScalar, mode, alignCorners);
    }

    /** The multiplier of every spatial size, one for all or one per dimension; torch's default is None. */
    public Upsample scaleFactor(double... scaleFactor) {
        return new Upsample(size, sizeScalar, scaleFactor, scaleFactor.length == 1, mode, alignCorners);
    }

    /** {@code 'nearest'} (torch's default), {@code 'linear'}, {@code 'bilinear'} or {@code 'trilinear'}. */
    public Upsample mode(String mode) {
        return new Upsample(size, sizeScalar, scaleFactor, scaleScalar, mode, alignCorners);
    }

    /** Whether corner pixels are aligned; linear modes only; torch's default is None (False). Counts do not change. */
    public Upsample alignCorners(boolean alignCorners) {
        return new Upsample(size, sizeScalar, scaleFactor, scaleScalar, mode, alignCorners);
    }

    /** The output size given, if any. */
    public Optional<Dims> size() {
        return size == null ? Optional.empty() : Optional.of(Dims.of(size));
    }

    /** The scale factors given, if any. */
    public Optional<List<Double>> scaleFactor() {
        return scaleFactor == null ? Optional.empty()
                : Optional.of(Arrays.stream(scaleFactor).boxed().toList());
    }

    public String mode() {
        return mode;
    }

    public Optional<Boolean> alignCorners() {
        return Optional.ofNullable(alignCorners);
    }

    @Override
    public String type() {
        return "Upsample";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        int rank = x.rank();
        if (rank < 3 || rank > 5) {
            throw new InvalidShapeException("input", "Upsample expects input (N, C, L), (N, C, H, W) or"
                    + " (N, C, D, H, W), got " + x + "; torch: Input Error: Only 3D, 4D and 5D input Tensors supported");
        }
        int dims = rank - 2;
        if (alignCorners != null && mode.equals("nearest")) {
            throw new InvalidArgumentException("align_corners", "Upsample: align_corners (" + Args.py(alignCorners)
                    + ") can only be set with the interpolating modes, not mode 'nearest'; torch: align_corners option"
                    + " can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
        }
        if (size != null && scaleFactor != null) {
            throw new InvalidArgumentException("size", "Upsample: size " + sizeRepr(size, sizeScalar)
                    + " and scale_factor " + scaleRepr(scaleFactor, scaleScalar) + " are both given; torch: only one"
                    + " of size or scale_factor should be defined");
        }
        if (size == null && scaleFactor == null) {
            throw new InvalidArgumentException("size", "Upsample: neither size nor scale_factor is given; torch:"
                    + " either size or scale_factor should be defined");
        }
        if (size != null && !sizeScalar && size.length != dims) {
            throw new InvalidShapeException("size", "Upsample: size " + sizeRepr(size, sizeScalar) + " has "
                    + size.length + " entries but input " + x + " has " + dims + " spatial dimensions; torch: Input"
                    + " and output must have the same number of spatial dimensions");
        }
        if (scaleFactor != null && !scaleScalar && scaleFactor.length != dims) {
            throw new InvalidShapeException("scale_factor", "Upsample: scale_factor "
                    + scaleRepr(scaleFactor, scaleScalar) + " has " + scaleFactor.length + " entries but input " + x
                    + " has " + dims + " spatial dimensions; torch: Input and scale_factor must have the same number"
                    + " of spatial dimensions");
        }
        int needed = switch (mode) {
            case "linear" -> 3;
            case "bilinear", "bicubic" -> 4;
            case "trilinear" -> 5;
            default -> rank;
        };
        if (rank != needed) {
            throw new InvalidShapeException("input", "Upsample: mode '" + mode + "' needs " + needed + "-D input "
                    + Axes.layout(needed - 2, "C", true) + ", got " + x + "; torch: Got " + rank + "D input, but "
                    + mode + " mode needs " + needed + "D input");
        }

        Worksheet w = new Worksheet(type());
        w.given(N, x.dim(0));
        w.given(C, x.dim(1));
        List<Sym> in = new ArrayList<>();
        List<Sym> out = new ArrayList<>();
        long[] outShape = new long[2 + dims];
        outShape[0] = x.dim(0);
        outShape[1] = x.dim(1);
        for (int i = 0; i < dims; i++) {
            String word = Axes.word(dims, i);
            Sym inSym = w.given(Axes.size(dims, i, "in", "input"), x.dim(2 + i));
            Sym outSym = Axes.size(dims, i, "out", "output");
            long value;
            if (size != null) {
                long given = size[sizeScalar ? 0 : i];
                value = given;
                w.given(outSym, given);
                w.note(Stage.SHAPE, () -> "output " + word + ": " + outSym.name() + " = " + given + " (size)");
            } else {
                double factor = scaleFactor[scaleScalar ? 0 : i];
                double product = Math.floor((double) x.dim(2 + i) * factor);
                if (!(product < 0x1p62)) {
                    throw new CountOverflowException("Upsample output " + word + " overflows long: ⌊" + x.dim(2 + i)
                            + "·" + PyRepr.floatRepr(factor) + "⌋");
                }
                value = (long) product;
                if (value < 1) {
                    throw new InvalidShapeException("input", "Upsample: output " + word + " ⌊" + x.dim(2 + i) + "·"
                            + PyRepr.floatRepr(factor) + "⌋ = " + value + " for input " + x + " is less than 1; torch:"
                            + " Input and output sizes should be greater than 0");
                }
                w.given(outSym, value);
                long inSize = x.dim(2 + i);
                long scaled = value;
                w.note(Stage.SHAPE, () -> "output " + word + ": " + outSym.name() + " = ⌊" + inSym.name()
                        + "·scale_factor⌋ = ⌊" + inSize + "·" + PyRepr.floatRepr(factor) + "⌋ = " + scaled
                        + ", the product taken in double precision as torch takes it");
            }
            in.add(inSym);
            out.add(outSym);
            outShape[2 + i] = value;
        }
        if (mode.equals("nearest")) {
            w.note(Stage.PER_OUTPUT, "mode 'nearest': every output element copies one input element; no arithmetic"
                    + " on values (choosing the source element is index arithmetic)");
        } else {
            interpolationTerms(w, dims, out);
        }
        return Analysis.leaf(this, inputs, Shape.of(outShape), w);
    }

    private void interpolationTerms(Worksheet w, int dims, List<Sym> out) {
        long taps = mode.equals("bicubic") ? 4 : 2;
        long neighbours = 1;
        for (int i = 0; i < dims; i++) {
            neighbours *= taps;
        }
        long multiplications = taps * (neighbours - 1) / (taps - 1);
        long additions = neighbours - 1;
        w.note(Stage.PER_OUTPUT, () -> algebra(dims, taps) + "; source indices and the interpolation weights are"
                + " computed from coordinates (index arithmetic, not counted)");
        List<Expr> perOutput = new ArrayList<>(List.of(N, C));
        perOutput.addAll(out);
        List<Expr> m = new ArrayList<>(perOutput);
        m.add(num(multiplications));
        List<Expr> a = new ArrayList<>(perOutput);
        a.add(num(additions));
        w.term("multiplications by interpolation weights", Op.MULTIPLICATION, mul(m),
                multiplications + " per output element");
        w.term("additions of weighted neighbours", Op.ADDITION, mul(a), additions + " per output element");
    }

    private static String algebra(int dims, long taps) {
        if (taps == 4) {
            return "bicubic: each of 4 rows sums 4 weighted neighbours (4 multiplications, 3 additions), then the 4"
                    + " rows are summed with their weights: 20 multiplications and 15 additions";
        }
        return switch (dims) {
            case 1 -> "w0λ·a + w1λ·b from the two nearest input elements: 2 multiplications and 1 addition";
            case 2 -> "h0λ·(w0λ·a + w1λ·b) + h1λ·(w0λ·c + w1λ·d), separable: 6 multiplications and 3 additions";
            default -> "d0λ·(bilinear on one face) + d1λ·(bilinear on the other), separable: 14 multiplications and 7"
                    + " additions";
        };
    }

    private static String sizeRepr(long[] size, boolean scalar) {
        return scalar ? String.valueOf(size[0]) : Dims.of(size).toString();
    }

    private static String scaleRepr(double[] factors, boolean scalar) {
        return scalar ? PyRepr.floatRepr(factors[0]) : PyRepr.floatTuple(factors);
    }

    /** torch's repr: {@code Upsample(scale_factor=2.0, mode='bilinear')} or {@code Upsample(size=(4, 5), mode=…)}. */
    @Override
    public String toString() {
        String info = scaleFactor != null ? "scale_factor=" + scaleRepr(scaleFactor, scaleScalar)
                : "size=" + (size == null ? "None" : sizeRepr(size, sizeScalar));
        return "Upsample(" + info + ", mode=" + PyRepr.string(mode) + ")";
    }
}
