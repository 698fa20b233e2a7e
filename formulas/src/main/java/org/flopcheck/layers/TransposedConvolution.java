package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.CoveredCount;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.expr.TapCount;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * The transposed convolution shared by {@link ConvTranspose1d}, {@link ConvTranspose2d} and
 * {@link ConvTranspose3d}: torch's {@code _ConvTransposeNd} forward, the adjoint of the convolution with the same
 * arguments.
 *
 * <p>Every input element is multiplied by every weight of its group's filters ({@code C_out/g·K} products per
 * input element; K the number of kernel taps), and each product is added into the output position
 * {@code i·s + k·d − p} it lands on. Products that land in the cropped padding are computed and discarded. An output
 * position reached by m products needs m − 1 additions (one more with bias); a position in a gap between strides
 * is reached by none and holds the bias alone. Counting at output positions instead ({@code N·C_out·S_out·C_in/g·K},
 * as if it were a convolution) over-counts whenever the stride exceeds 1.
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class TransposedConvolution<T extends TransposedConvolution<T>> implements Layer
        permits ConvTranspose1d, ConvTranspose2d, ConvTranspose3d {

    public static final Sym N = Convolution.N;
    public static final Sym C_IN = Convolution.C_IN;
    public static final Sym C_OUT = Convolution.C_OUT;
    public static final Sym G = Convolution.G;

    final int dims;
    final long inChannels;
    final long outChannels;
    final Dims kernel;
    final Dims stride;
    final Dims padding;
    final Dims outputPadding;
    final long groups;
    final boolean bias;
    final Dims dilation;

    TransposedConvolution(int dims, long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding,
                          Dims outputPadding, long groups, boolean bias, Dims dilation) {
        String type = typeName(dims);
        this.dims = dims;
        this.inChannels = Args.positive(type, "in_channels", inChannels);
        this.outChannels = Args.positive(type, "out_channels", outChannels);
        this.kernel = Args.positiveEach(type, "kernel_size", kernel);
        this.stride = Args.positiveEach(type, "stride", stride);
        this.padding = Args.nonNegativeEach(type, "padding", padding);
        this.outputPadding = Args.nonNegativeEach(type, "output_padding", outputPadding);
        this.groups = Args.positive(type, "groups", groups);
        Args.divisible(type, "in_channels", inChannels, "groups", groups);
        Args.divisible(type, "out_channels", outChannels, "groups", groups);
        this.bias = bias;
        this.dilation = Args.positiveEach(type, "dilation", dilation);
        for (Dims d : List.of(kernel, stride, padding, outputPadding, dilation)) {
            if (d.size() != dims) {
                throw new IllegalStateException(type + " needs " + dims + " values per argument, got " + d);
            }
        }
    }

    private static String typeName(int dims) {
        return "ConvTranspose" + dims + "d";
    }

    abstract T copy(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding, Dims outputPadding,
                    long groups, boolean bias, Dims dilation);

    @Override
    public String type() {
        return typeName(dims);
    }

    /** Stride, one value for every dimension or one per dimension; torch's default is 1. */
    public T stride(long... stride) {
        return copy(inChannels, outChannels, kernel, Args.perDimension(type(), "stride", dims, stride), padding,
                outputPadding, groups, bias, dilation);
    }

    /** Implicit padding removed from both sides of the output; torch's default is 0. */
    public T padding(long... padding) {
        return copy(inChannels, outChannels, kernel, stride, Args.perDimension(type(), "padding", dims, padding),
                outputPadding, groups, bias, dilation);
    }

    /** Extra size added to one side of the output; smaller than the stride or the dilation; default 0. */
    public T outputPadding(long... outputPadding) {
        return copy(inChannels, outChannels, kernel, stride, padding,
                Args.perDimension(type(), "output_padding", dims, outputPadding), groups, bias, dilation);
    }

    /** Number of groups, dividing both channel counts; torch's default is 1. */
    public T groups(long groups) {
        return copy(inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias, dilation);
    }

    /** Whether the layer adds a learnable bias; torch's default is true. */
    public T bias(boolean bias) {
        return copy(inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias, dilation);
    }

    /** Spacing between kernel taps; torch's default is 1. */
    public T dilation(long... dilation) {
        return copy(inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias,
                Args.perDimension(type(), "dilation", dims, dilation));
    }

    /** torch accepts only {@code 'zeros'} for transposed convolutions. */
    public T paddingMode(String paddingMode) {
        if (!"zeros".equals(paddingMode)) {
            throw new InvalidArgumentException("padding_mode", type() + ": padding_mode '" + paddingMode
                    + "' is not supported; torch allows only 'zeros' for transposed convolutions");
        }
        return copy(inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias, dilation);
    }

    public long inChannels() {
        return inChannels;
    }

    public long outChannels() {
        return outChannels;
    }

    public Dims kernelSize() {
        return kernel;
    }

    public Dims stride() {
        return stride;
    }

    public Dims padding() {
        return padding;
    }

    public Dims outputPadding() {
        return outputPadding;
    }

    public long groups() {
        return groups;
    }

    public boolean bias() {
        return bias;
    }

    public Dims dilation() {
        return dilation;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Shape x = Forward.single(type, inputs);
        boolean batched = x.rank() == dims + 2;
        String layout = Axes.layout(dims, "C_in=" + inChannels, true) + " or "
                + Axes.layout(dims, "C_in=" + inChannels, false);
        if (x.rank() != dims + 1 && !batched) {
            throw Forward.expected(type, layout, x);
        }
        int c = batched ? 1 : 0;
        if (x.dim(c) != inChannels) {
            throw new InvalidShapeException("input", type + " expects input " + layout + ", got " + x + ": "
                    + x.dim(c) + " channels, not " + inChannels);
        }

        // torch checks this in the forward call, so the arguments may be set in any order
        for (int i = 0; i < dims; i++) {
            if (outputPadding.get(i) >= stride.get(i) && outputPadding.get(i) >= dilation.get(i)) {
                throw new InvalidArgumentException("output_padding", type + ": output_padding " + outputPadding
                        + " must be smaller than either stride " + stride + " or dilation " + dilation
                        + " in every dimension");
            }
        }

        Worksheet w = new Worksheet(type);
        w.given(batched ? N : Forward.UNBATCHED_N, batched ? x.dim(0) : 1);
        w.given(C_IN, inChannels);
        w.given(C_OUT, outChannels);
        w.given(G, groups);
        List<Sym> in = new ArrayList<>();
        List<Sym> k = new ArrayList<>();
        List<Sym> out = new ArrayList<>();
        List<Sym> landing = new ArrayList<>();
        List<Sym> reached = new ArrayList<>();
        long[] outShape = new long[c + 1 + dims];
        if (batched) {
            outShape[0] = x.dim(0);
        }
        outShape[c] = outChannels;
        for (int i = 0; i < dims; i++) {
            Sym lin = w.given(Axes.size(dims, i, "in", "input"), x.dim(c + 1 + i));
            // the products landing inside the output are counted tap by tap
            Sym kk = w.given(Axes.arg("K", dims, i, "kernel size"), Args.enumerable(type, "kernel_size",
                    "kernel size along the " + Axes.word(dims, i), kernel.get(i)));
            Sym s = w.given(Axes.arg("s", dims, i, "stride"), stride.get(i));
            Sym p = w.given(Axes.arg("p", dims, i, "padding"), padding.get(i));
            Sym d = w.given(Axes.arg("d", dims, i, "dilation"), dilation.get(i));
            Sym op = w.given(Axes.arg("op", dims, i, "output padding"), outputPadding.get(i));
            in.add(lin);
            k.add(kk);
            // torch: L_out = (L_in - 1)·s - 2·p + d·(K - 1) + output_padding + 1
            Expr formula = add(sub(mul(sub(lin, num(1)), s), mul(num(2), p)), mul(d, sub(kk, num(1))), op, num(1));
            long size = w.evaluate("output " + Axes.word(dims, i), formula);
            if (size < 1) {
                throw new InvalidShapeException("input", type + ": input " + x + " gives output "
                        + Axes.word(dims, i) + " " + org.flopcheck.expr.PlainText.render(formula) + " = " + size
                        + ", which is less than 1; torch: Output size is too small");
            }
            Sym lout = w.define(Stage.SHAPE, "output " + Axes.word(dims, i), Axes.size(dims, i, "out", "output"),
                    formula);
            out.add(lout);
            outShape[c + 1 + i] = size;
            String axis = dims == 1 ? "" : "_" + Axes.axis(dims, i).toLowerCase(java.util.Locale.ROOT);
            landing.add(w.define(Stage.PER_OUTPUT, "products landing inside the output along the "
                    + Axes.word(dims, i), new Sym("V" + axis, "(input position, tap) pairs landing inside the output"
                    + " along " + Axes.word(dims, i)), new TapCount("i", lin, kk, s, d, p, lout)));
            reached.add(w.define(Stage.PER_OUTPUT, "output positions reached along the " + Axes.word(dims, i),
                    new Sym("Z" + axis, "output positions along " + Axes.word(dims, i)
                            + " reached by at least one product"), new CoveredCount("i", lin, kk, s, d, p, lout)));
        }

        Expr taps = mul(k);
        Expr perGroupIn = div(C_IN, G);
        Expr perGroupOut = div(C_OUT, G);
        w.parameter("weight", concat(List.of(C_IN, perGroupOut), k));
        if (bias) {
            w.parameter("bias", C_OUT);
        }
        w.show(Stage.PER_OUTPUT, "products per input element", mul(perGroupOut, taps));

        List<Expr> everyProduct = new ArrayList<>(List.of(N, C_IN));
        everyProduct.addAll(in);
        everyProduct.add(perGroupOut);
        everyProduct.add(taps);
        w.macTerm("weight multiplications", mul(everyProduct),
                "every input element is multiplied by the C_out/g·K weights of its group's filters");
        Expr landed = mul(N, C_OUT, perGroupIn, mul(landing));
        Expr positions = mul(N, C_OUT, mul(reached));
        w.term("additions summing the products at each output position", Op.ADDITION, sub(landed, positions),
                "an output position reached by m products needs m − 1 additions");
        if (bias) {
            w.term("bias additions", Op.ADDITION, positions,
                    "one per output position that received a product; the others hold the bias alone");
        }
        w.show(Stage.SUMMARY, "products computed but cropped away by the padding", sub(mul(everyProduct), landed));
        return Analysis.leaf(this, inputs, Shape.of(outShape), w);
    }

    private static Expr[] concat(List<Expr> head, List<? extends Expr> tail) {
        List<Expr> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(new Expr[0]);
    }

    @Override
    public String toString() {
        StringBuilder sb = ConvRepr.start(type(), inChannels, outChannels, kernel, stride);
        if (!padding.all(0)) {
            sb.append(", padding=").append(padding);
        }
        ConvRepr.finish(sb, dilation, outputPadding, groups, bias, "zeros");
        return sb.toString();
    }
}
