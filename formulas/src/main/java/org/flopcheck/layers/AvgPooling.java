package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * The average pooling shared by {@link AvgPool1d}, {@link AvgPool2d} and {@link AvgPool3d}: torch's
 * {@code _AvgPoolNd}, the mean of every window of the input, channel by channel.
 *
 * <p>torch's CPU kernel sums only the window taps inside the input (padding is zeros, which it skips) and divides
 * the sum once. A window reading m values costs m − 1 additions and one division. Per spatial dimension,
 * {@code V = #{(o, k) : o < L_out, k < K, 0 ≤ o·s + k − p < L_in}} counts the taps inside the input, so the
 * additions are {@code N·C·(ΠV − ΠL_out)} and the divisions {@code N·C·ΠL_out}. Every window reads at least one
 * value: it starts inside the input or the left padding and the padding is at most half the kernel.
 *
 * <p>The divisor is index arithmetic, not counted: {@code divisor_override} when given; otherwise with
 * {@code count_include_pad=True} (the default) the window's size counting padding, which is the kernel size except
 * where a ceil-mode window runs past the padded input; with {@code count_include_pad=False} the number of input
 * values the window read. The counts are the same in every case. There are no parameters.
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class AvgPooling<T extends AvgPooling<T>> implements Layer
        permits AvgPool1d, AvgPool2d, AvgPool3d {

    public static final Sym N = PoolWindows.N;
    public static final Sym C = PoolWindows.C;

    final int dims;
    final IntArg kernel;
    final IntArg stride;   // null: torch's default, the kernel size
    final IntArg padding;
    final boolean ceilMode;
    final boolean countIncludePad;
    final Long divisorOverride;   // null: None

    AvgPooling(int dims, IntArg kernel, IntArg stride, IntArg padding, boolean ceilMode, boolean countIncludePad,
               Long divisorOverride) {
        String type = typeName(dims);
        this.dims = dims;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
        Args.positiveEach(type, "kernel_size", kernel.dims());
        if (stride != null) {
            Args.positiveEach(type, "stride", stride.dims());
        }
        Args.nonNegativeEach(type, "padding", padding.dims());
        if (divisorOverride != null && divisorOverride == 0) {
            throw new InvalidArgumentException("divisor_override", type
                    + ": divisor_override (0) must not be zero; torch: divisor must be not zero");
        }
    }

    private static final String[] TYPES = {"AvgPool1d", "AvgPool2d", "AvgPool3d"};

    private static String typeName(int dims) {
        return TYPES[dims - 1];
    }

    abstract T copy(IntArg kernel, IntArg stride, IntArg padding, boolean ceilMode, boolean countIncludePad,
                    Long divisorOverride);

    @Override
    public String type() {
        return typeName(dims);
    }

    /** Window stride, one value for every dimension or one per dimension; torch's default is the kernel size. */
    public T stride(long... stride) {
        return copy(kernel, arg("stride", stride), padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** Implicit zero padding on both sides, at most half the kernel; torch's default is 0. */
    public T padding(long... padding) {
        return copy(kernel, stride, arg("padding", padding), ceilMode, countIncludePad, divisorOverride);
    }

    /** Whether output sizes are rounded up rather than down; torch's default is false. */
    public T ceilMode(boolean ceilMode) {
        return copy(kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** Whether padding counts in the divisor; torch's default is true. Counts do not change. */
    public T countIncludePad(boolean countIncludePad) {
        return copy(kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** How a per-dimension argument is kept; {@link AvgPool1d} keeps tuples, as torch's {@code _single} does. */
    IntArg arg(String argument, long... values) {
        return IntArg.of(type(), argument, dims, values);
    }

    public Dims kernelSize() {
        return kernel.dims();
    }

    /** The stride in effect: the kernel size unless one was given. */
    public Dims stride() {
        return (stride == null ? kernel : stride).dims();
    }

    public Dims padding() {
        return padding.dims();
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** The fixed divisor, when one was given ({@link AvgPool1d} has none). */
    public java.util.OptionalLong divisorOverride() {
        return divisorOverride == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(divisorOverride);
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Shape x = Forward.single(type, inputs);
        Worksheet w = PoolWindows.worksheet(type, dims, false);
        int first = PoolWindows.batchAndChannels(w, type, dims, x);
        PoolWindows.padAtMostHalfEffectiveKernel(type, kernelSize(), padding(), Dims.repeat(1, dims));
        if (dims == 3) {
            // torch's avg_pool3d checks the unpadded input against the kernel (pool3d_shape_check, check_input_size)
            for (int i = 0; i < dims; i++) {
                if (x.dim(first + i) < kernel.get(i)) {
                    throw new InvalidShapeException("input", type + ": input " + x + " is smaller than kernel_size "
                            + kernel.dims() + " in " + Axes.word(dims, i) + " (" + x.dim(first + i) + " < "
                            + kernel.get(i) + "), padding aside; torch: input image smaller than kernel size");
                }
            }
        }
        List<PoolWindows.Axis> axes = PoolWindows.slidingWindows(w, type, x, first, dims, kernelSize(), stride(),
                padding(), null, ceilMode);
        long[] outSizes = new long[axes.size()];
        int axis = 0;
        List<Expr> taps = new ArrayList<>();
        List<Expr> outs = new ArrayList<>();
        List<Expr> valid = new ArrayList<>();
        for (PoolWindows.Axis a : axes) {
            outSizes[axis++] = w.value(a.out());
            taps.add(a.kernel());
            outs.add(a.out());
            valid.add(a.valid());
        }
        w.show(Stage.PER_OUTPUT, "kernel taps per window (at most this many values read)", mul(taps));
        w.note(Stage.PER_OUTPUT, () -> divisorNote());
        w.term("additions summing each window", Op.ADDITION, mul(N, C, sub(mul(valid), mul(outs))),
                "a window reading m input values sums them with m − 1 additions; taps in the zero padding are"
                        + " skipped, as torch's CPU kernel skips them");
        w.term("divisions by the window divisor", Op.DIVISION, mul(N, C, mul(outs)),
                "torch divides each window sum once");
        return Analysis.leaf(this, inputs, PoolWindows.output(x, first, outSizes), w);
    }

    private String divisorNote() {
        if (divisorOverride != null) {
            return "divisor: divisor_override = " + divisorOverride + " for every window (index arithmetic, not"
                    + " counted)";
        }
        if (countIncludePad) {
            return "divisor: count_include_pad=True, the window's size counting padding, " + kernelProduct()
                    + " except where a ceil-mode window runs past the padded input (index arithmetic, not counted)";
        }
        return "divisor: count_include_pad=False, the number of input values the window read (index arithmetic,"
                + " not counted)";
    }

    private long kernelProduct() {
        long p = 1;
        for (long k : kernel.dims().values()) {
            p *= k;
        }
        return p;
    }

    /** torch's {@code _AvgPoolNd.extra_repr}: kernel size, stride and padding only. */
    @Override
    public String toString() {
        return type() + "(kernel_size=" + kernel + ", stride=" + (stride == null ? kernel : stride) + ", padding="
                + padding + ")";
    }
}
