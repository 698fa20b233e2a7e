package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.floorDiv;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.TensorDims;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.terms.TermKind;
import org.flopcheck.terms.TermTable;

/**
 * The convolution shared by {@link Conv1d}, {@link Conv2d} and {@link Conv3d}: torch's {@code _ConvNd} forward,
 * a cross-correlation of every output channel's filter with its group's input channels.
 *
 * <p>Each output element is one dot product of {@code C_in/g·K} products (K the number of kernel taps, the
 * product of the kernel sizes), summed with {@code C_in/g·K − 1} additions, plus one addition for the bias. Taps
 * that fall on zero padding are counted: torch multiplies them. The exact count is therefore
 * {@code N·C_out·S_out·(2·C_in·K − g)/g} without bias and {@code N·C_in·C_out·S_out·2·K/g} with bias, where
 * {@code S_out} is the product of the output sizes.
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class Convolution<T extends Convolution<T>> implements Layer
        permits Conv1d, Conv2d, Conv3d {

    /** How the {@code padding} argument was given. */
    enum PaddingKind { EXPLICIT, SAME, VALID }

    public static final Sym N = new Sym("N", "batch size");
    public static final Sym C_IN = new Sym("C_in", "input channels");
    public static final Sym C_OUT = new Sym("C_out", "output channels");
    public static final Sym G = new Sym("g", "groups");

    /** Formulas by spatial dimensions and bias: {@code FORMULAS[dims - 1][bias ? 1 : 0]}. */
    private static final Formulas[][] FORMULAS = new Formulas[3][2];

    static {
        for (int d = 1; d <= 3; d++) {
            FORMULAS[d - 1][0] = new Formulas(d, false);
            FORMULAS[d - 1][1] = new Formulas(d, true);
        }
    }

    /**
     * The symbols, titles and formulas of a convolution with {@code dims} spatial dimensions, with or without bias.
     * They depend on nothing else (not on the channels, the kernel's sizes or the input: those are values bound
     * to the symbols), so each of the six combinations is written once, when the class is loaded, and every
     * analysis evaluates the same formula objects; those evaluated on every analysis are compiled then too
     * ({@link Formula}).
     */
    private static final class Formulas {
        final Sym[] in;
        final Sym[] k;
        final Sym[] out;
        final Sym[] s;
        final Sym[] p;
        final Sym[] d;
        final String[] outputTitle;
        /** torch: {@code L_out = (L_in + 2p − d(K − 1) − 1)/s + 1}, rounded down, per dimension. */
        final Formula[] outputSize;
        final TensorDims weight;
        final Expr productsPerOutput;
        final String additionsTitle;
        final Expr additionsPerOutput;
        final Formula weightMultiplications;
        final Formula productsSummed;
        final Formula windowSums;
        final Formula biasAdditions;
        final TermKind weightMultiplicationsTerm;
        final TermKind productsSummedTerm;
        final TermKind windowSumsTerm;
        final TermKind biasAdditionsTerm;
        /** The kinds above, in the order an analysis records them. */
        final TermTable.Order termOrder;
        final Expr closedForm;
        /** The order a batched input with explicit or 'valid' padding binds the symbols in. */
        final Bindings.Order order;

        Formulas(int dims, boolean bias) {
            in = new Sym[dims];
            k = new Sym[dims];
            out = new Sym[dims];
            s = new Sym[dims];
            p = new Sym[dims];
            d = new Sym[dims];
            outputTitle = new String[dims];
            outputSize = new Formula[dims];
            for (int i = 0; i < dims; i++) {
                in[i] = Axes.size(dims, i, "in", "input");
                k[i] = Axes.arg("K", dims, i, "kernel size");
                out[i] = Axes.size(dims, i, "out", "output");
                s[i] = Axes.arg("s", dims, i, "stride");
                p[i] = Axes.arg("p", dims, i, "padding");
                d[i] = Axes.arg("d", dims, i, "dilation");
                outputTitle[i] = "output " + Axes.word(dims, i);
                outputSize[i] = Formula.of(add(floorDiv(sub(sub(add(in[i], mul(num(2), p[i])),
                        mul(d[i], sub(k[i], num(1)))), num(1)), s[i]), num(1)));
            }
            List<Sym> kernel = List.of(k);
            List<Sym> outs = List.of(out);
            Expr taps = mul(kernel);
            Expr perGroup = div(C_IN, G);
            weight = TensorDims.of(withAll(List.of(C_OUT, perGroup), kernel));
            productsPerOutput = mul(perGroup, taps);
            additionsTitle = "additions per output" + (bias ? " (bias included)" : "");
            additionsPerOutput = bias ? mul(perGroup, taps) : sub(mul(perGroup, taps), num(1));
            // every term is counted per output element: N·C_out·(output sizes)
            List<Expr> perOutput = new ArrayList<>(List.of(N, C_OUT));
            perOutput.addAll(outs);
            weightMultiplications = Formula.of(mul(withAll(perOutput, List.of(perGroup, taps))));
            productsSummed = Formula.of(mul(withAll(perOutput, List.of(perGroup, sub(taps, num(1))))));
            windowSums = Formula.of(mul(withAll(perOutput, List.of(sub(perGroup, num(1))))));
            biasAdditions = Formula.of(mul(perOutput));
            weightMultiplicationsTerm = TermKind.mac("weight multiplications", weightMultiplications.expr(),
                    "each output element is a dot product of C_in/g·K products, taps on zero padding included");
            productsSummedTerm = TermKind.of("products summed within a window", Op.ADDITION, productsSummed.expr(),
                    "each input channel's K products are summed with K − 1 additions");
            windowSumsTerm = TermKind.of("window sums combined across input channels", Op.ADDITION,
                    windowSums.expr(), "the C_in/g per-channel sums are combined with C_in/g − 1 additions");
            biasAdditionsTerm = TermKind.of("bias additions", Op.ADDITION, biasAdditions.expr(),
                    "one bias addition per output element");
            termOrder = bias
                    ? TermTable.Order.of(weightMultiplicationsTerm, productsSummedTerm, windowSumsTerm,
                            biasAdditionsTerm)
                    : TermTable.Order.of(weightMultiplicationsTerm, productsSummedTerm, windowSumsTerm);
            List<Expr> closed = new ArrayList<>(List.of(N));
            if (bias) {
                closed.add(C_IN);
                closed.add(C_OUT);
                closed.addAll(outs);
                closed.add(num(2));
                closed.addAll(kernel);
            } else {
                closed.add(C_OUT);
                closed.addAll(outs);
                closed.add(sub(mul(withAll(List.of(num(2), C_IN), kernel)), G));
            }
            closedForm = div(mul(closed), G);
            List<Sym> bound = new ArrayList<>(List.of(N, C_IN, C_OUT, G));
            for (int i = 0; i < dims; i++) {
                bound.add(in[i]);
                bound.add(k[i]);
            }
            for (int i = 0; i < dims; i++) {
                bound.addAll(List.of(s[i], p[i], d[i], out[i]));
            }
            order = Bindings.Order.of(bound.toArray(new Sym[0]));
        }
    }

    final int dims;
    final long inChannels;
    final long outChannels;
    final Dims kernel;
    final Dims stride;
    final Dims padding;
    final PaddingKind paddingKind;
    final Dims dilation;
    final long groups;
    final boolean bias;
    final String paddingMode;
    private final int hash;   // of every argument: the layer is a key when calls are shared (SharedCalls)
    /** The weight and bias, kept from the first analysis ({@link ArgumentTensors}); null until then. */
    private Worksheet.Tensors tensors;

    Convolution(int dims, long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding,
                PaddingKind paddingKind, Dims dilation, long groups, boolean bias, String paddingMode) {
        String type = typeName(dims);
        this.dims = dims;
        this.inChannels = Args.positive(type, "in_channels", inChannels);
        this.outChannels = Args.positive(type, "out_channels", outChannels);
        this.kernel = Args.positiveEach(type, "kernel_size", checkDims(type, "kernel_size", kernel, dims));
        this.stride = Args.positiveEach(type, "stride", checkDims(type, "stride", stride, dims));
        this.padding = Args.nonNegativeEach(type, "padding", checkDims(type, "padding", padding, dims));
        this.paddingKind = paddingKind;
        this.dilation = Args.positiveEach(type, "dilation", checkDims(type, "dilation", dilation, dims));
        this.groups = Args.positive(type, "groups", groups);
        Args.divisible(type, "in_channels", inChannels, "groups", groups);
        Args.divisible(type, "out_channels", outChannels, "groups", groups);
        this.bias = bias;
        this.paddingMode = Args.oneOf(type, "padding_mode", paddingMode, "zeros", "reflect", "replicate",
                "circular");
        this.hash = java.util.Objects.hash(getClass(), inChannels, outChannels, this.kernel, this.stride, this.padding,
                paddingKind, this.dilation, groups, bias, paddingMode);
        if (paddingKind == PaddingKind.SAME && !this.stride.all(1)) {
            throw new InvalidArgumentException("padding", type + ": padding='same' is not supported for strided"
                    + " convolutions (stride " + this.stride + "); torch requires stride 1");
        }
    }

    /** torch's weight {@code (C_out, C_in/g, K...)} and, with a bias, its bias {@code (C_out)}. */
    private static final ArgumentTensors<Convolution<?>> TENSORS = new ArgumentTensors<>() {
        @Override
        void bindArguments(Convolution<?> c, Worksheet w) {
            w.given(C_IN, c.inChannels);
            w.given(C_OUT, c.outChannels);
            w.given(G, c.groups);
            Formulas f = c.formulas();
            for (int i = 0; i < c.dims; i++) {
                w.given(f.k[i], c.kernel.get(i));
            }
        }

        @Override
        void declare(Convolution<?> c, Worksheet w) {
            w.parameter("weight", c.formulas().weight);
            if (c.bias) {
                w.parameter("bias", C_OUT);
            }
        }
    };

    private Formulas formulas() {
        return FORMULAS[dims - 1][bias ? 1 : 0];
    }

    private static final String[] TYPES = {"Conv1d", "Conv2d", "Conv3d"};

    private static String typeName(int dims) {
        return TYPES[dims - 1];
    }

    private static Dims checkDims(String type, String argument, Dims d, int dims) {
        if (d.size() != dims) {
            throw new InvalidArgumentException(argument, type + ": " + argument + " must be one integer or " + dims
                    + " integers, got " + d);
        }
        return d;
    }

    /** A copy with changed arguments, of the concrete type. */
    abstract T copy(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding, PaddingKind kind,
                    Dims dilation, long groups, boolean bias, String paddingMode);

    @Override
    public String type() {
        return typeName(dims);
    }

    /** Stride, one value for every dimension or one per dimension; torch's default is 1. */
    public T stride(long... stride) {
        return copy(inChannels, outChannels, kernel, Args.perDimension(type(), "stride", dims, stride), padding,
                paddingKind, dilation, groups, bias, paddingMode);
    }

    /** Zero padding on both sides, one value for every dimension or one per dimension; torch's default is 0. */
    public T padding(long... padding) {
        return copy(inChannels, outChannels, kernel, stride, Args.perDimension(type(), "padding", dims, padding),
                PaddingKind.EXPLICIT, dilation, groups, bias, paddingMode);
    }

    /**
     * {@code "valid"} (no padding) or {@code "same"} (pad so the output has the input's size; stride must be 1;
     * an odd total padding puts the extra element after, as torch does).
     */
    public T padding(String keyword) {
        String k = Args.oneOf(type(), "padding", keyword, "valid", "same");
        return copy(inChannels, outChannels, kernel, stride, Dims.repeat(0, dims), k.equals("same")
                ? PaddingKind.SAME : PaddingKind.VALID, dilation, groups, bias, paddingMode);
    }

    /** Spacing between kernel taps, one value for every dimension or one per dimension; torch's default is 1. */
    public T dilation(long... dilation) {
        return copy(inChannels, outChannels, kernel, stride, padding, paddingKind,
                Args.perDimension(type(), "dilation", dims, dilation), groups, bias, paddingMode);
    }

    /** Number of groups, dividing both channel counts; torch's default is 1. {@code groups = in_channels} is depthwise. */
    public T groups(long groups) {
        return copy(inChannels, outChannels, kernel, stride, padding, paddingKind, dilation, groups, bias,
                paddingMode);
    }

    /** Whether the layer adds a learnable bias; torch's default is true. */
    public T bias(boolean bias) {
        return copy(inChannels, outChannels, kernel, stride, padding, paddingKind, dilation, groups, bias,
                paddingMode);
    }

    /** {@code zeros} (default), {@code reflect}, {@code replicate} or {@code circular}; counts do not change. */
    public T paddingMode(String paddingMode) {
        return copy(inChannels, outChannels, kernel, stride, padding, paddingKind, dilation, groups, bias,
                paddingMode);
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

    /** The explicit padding per dimension; zeros for {@code "valid"}, and for {@code "same"} (computed per input). */
    public Dims padding() {
        return padding;
    }

    /** {@code "same"}, {@code "valid"}, or empty when the padding was given as integers. */
    public java.util.Optional<String> paddingKeyword() {
        return switch (paddingKind) {
            case SAME -> java.util.Optional.of("same");
            case VALID -> java.util.Optional.of("valid");
            case EXPLICIT -> java.util.Optional.empty();
        };
    }

    public Dims dilation() {
        return dilation;
    }

    public long groups() {
        return groups;
    }

    public boolean bias() {
        return bias;
    }

    public String paddingMode() {
        return paddingMode;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Shape x = Forward.single(type, inputs);
        boolean batched = x.rank() == dims + 2;
        if (x.rank() != dims + 1 && !batched) {
            throw Forward.expected(type, layout(), x);
        }
        int c = batched ? 1 : 0;
        if (x.dim(c) != inChannels) {
            throw new InvalidShapeException("input", type + " expects input " + layout() + ", got " + x + ": "
                    + x.dim(c) + " channels, not " + inChannels);
        }
        checkPadding(x, c + 1);

        Formulas f = formulas();
        Worksheet w = new Worksheet(type, f.order);
        w.given(batched ? N : Forward.UNBATCHED_N, batched ? x.dim(0) : 1);
        w.given(C_IN, inChannels);
        w.given(C_OUT, outChannels);
        w.given(G, groups);
        for (int i = 0; i < dims; i++) {
            w.given(f.in[i], x.dim(c + 1 + i));
            w.given(f.k[i], kernel.get(i));
        }
        long[] outShape = new long[c + 1 + dims];
        if (batched) {
            outShape[0] = x.dim(0);
        }
        outShape[c] = outChannels;
        for (int i = 0; i < dims; i++) {
            if (paddingKind == PaddingKind.SAME) {
                long total = dilation.get(i) * (kernel.get(i) - 1);
                String word = Axes.word(dims, i);
                w.note(Stage.SHAPE, () -> "padding='same' pads the " + word + " by d·(K − 1) = " + total
                        + ": " + total / 2 + " before and " + (total - total / 2) + " after, so the output keeps"
                        + " the input's " + word);
                w.define(Stage.SHAPE, f.outputTitle[i], f.out[i], f.in[i]);
            } else {
                w.given(f.s[i], stride.get(i));
                w.given(f.p[i], padding.get(i));
                w.given(f.d[i], dilation.get(i));
                w.define(Stage.SHAPE, f.outputTitle[i], f.out[i], f.outputSize[i]);
            }
            outShape[c + 1 + i] = w.value(f.out[i]);
        }

        tensors = TENSORS.record(this, w, tensors);

        if (w.recording()) {
            // only the derivation shows these; they cannot overflow, as the weight's count, C_out times the
            // products per output, was just evaluated
            w.show(Stage.PER_OUTPUT, "products per output (one filter position)", f.productsPerOutput);
            w.show(Stage.PER_OUTPUT, f.additionsTitle, f.additionsPerOutput);
        }

        w.expectTerms(f.termOrder);
        w.term(f.weightMultiplicationsTerm, f.weightMultiplications);
        w.term(f.productsSummedTerm, f.productsSummed);
        w.term(f.windowSumsTerm, f.windowSums);
        if (bias) {
            w.term(f.biasAdditionsTerm, f.biasAdditions);
        }
        w.summary("exact operations in closed form", f.closedForm);

        return Analysis.leaf(this, inputs, Shape.of(outShape), w);
    }

    /**
     * Equal when of the same class with equal arguments: such convolutions have the same repr, tensors and
     * operations on every input.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Convolution<?> c && c.getClass() == getClass() && c.hash == hash
                && c.inChannels == inChannels && c.outChannels == outChannels && c.kernel.equals(kernel)
                && c.stride.equals(stride) && c.padding.equals(padding) && c.paddingKind == paddingKind
                && c.dilation.equals(dilation) && c.groups == groups && c.bias == bias
                && c.paddingMode.equals(paddingMode);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The input layouts torch accepts, for messages: {@code (N, C_in=3, H, W) or (C_in=3, H, W)}. */
    private String layout() {
        return Axes.layout(dims, "C_in=" + inChannels, true) + " or " + Axes.layout(dims, "C_in=" + inChannels, false);
    }

    private static Expr[] withAll(List<Expr> head, List<? extends Expr> tail) {
        List<Expr> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(new Expr[0]);
    }

    /** reflect and circular padding read real input values, so torch limits them by the input size. */
    private void checkPadding(Shape x, int firstSpatial) {
        String type = type();
        for (int i = 0; i < dims; i++) {
            long size = x.dim(firstSpatial + i);
            long pad = padding.get(i);
            if (paddingKind == PaddingKind.SAME) {
                long total = dilation.get(i) * (kernel.get(i) - 1);
                pad = total - total / 2;
            }
            if (paddingMode.equals("reflect") && pad >= size) {
                throw new InvalidShapeException("input", type + ": padding_mode='reflect' needs padding (" + pad
                        + ") smaller than the input " + Axes.word(dims, i) + " (" + size + "), got input " + x);
            }
            if (paddingMode.equals("circular") && pad > size) {
                throw new InvalidShapeException("input", type + ": padding_mode='circular' needs padding (" + pad
                        + ") at most the input " + Axes.word(dims, i) + " (" + size + "), got input " + x);
            }
            if (paddingKind != PaddingKind.SAME) {
                long padded = size + 2 * padding.get(i);
                long reach = dilation.get(i) * (kernel.get(i) - 1) + 1;
                if (padded < reach) {
                    throw new InvalidShapeException("input", type + ": the padded input " + Axes.word(dims, i) + " ("
                            + size + " + 2·" + padding.get(i) + " = " + padded + ") is smaller than the dilated kernel ("
                            + dilation.get(i) + "·(" + kernel.get(i) + " − 1) + 1 = " + reach + "), got input " + x
                            + "; torch: Kernel size can't be greater than actual input size");
                }
            }
        }
    }
}
