package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.ceilDiv;
import static org.flopcheck.expr.Exprs.floorDiv;
import static org.flopcheck.expr.Exprs.max;
import static org.flopcheck.expr.Exprs.min;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sigma;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * The max pooling shared by {@link MaxPool1d}, {@link MaxPool2d} and {@link MaxPool3d}: torch's {@code _MaxPoolNd},
 * the maximum of every window of the input, channel by channel.
 *
 * <p>torch's CPU kernel skips window taps that fall in the padding (it pads with −∞, which never wins) and on
 * dilation gaps beyond the input, so a window reads only the input values it covers. A window reading m values
 * takes their max with m − 1 comparisons. Per spatial dimension, {@code V = #{(o, k) : o < L_out, k < K, 0 ≤ o·s
 * + k·d − p < L_in}} counts the (output position, tap) pairs that land inside the input; windows are the product of
 * the dimensions, so the values read are {@code N·C·ΠV} and the comparisons {@code N·C·(ΠV − ΠL_out)}.
 *
 * <p>With dilation larger than the input, a window that starts in the left padding can step over the whole input
 * and read nothing (torch outputs −∞ there). Such a window costs no comparison; the derivation then counts, per
 * dimension, the windows {@code Z} that read at least one value and uses {@code ΠZ} in place of {@code ΠL_out}.
 *
 * <p>{@code return_indices=True} adds a second output of the same shape (the argmax positions, index arithmetic)
 * and changes no count. There are no parameters.
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class MaxPooling<T extends MaxPooling<T>> implements Layer
        permits MaxPool1d, MaxPool2d, MaxPool3d {

    public static final Sym N = PoolWindows.N;
    public static final Sym C = PoolWindows.C;

    private static final Formulas[] FORMULAS = {new Formulas(1), new Formulas(2), new Formulas(3)};

    /**
     * The formulas of a max pooling over {@code dims} dimensions whose windows all read at least one input value,
     * nearly every one: written and compiled once, as {@link #analyze} would write them.
     */
    private static final class Formulas {
        final Formula taps;
        final Formula comparisons;
        final Formula valuesRead;

        Formulas(int dims) {
            List<Expr> taps = new ArrayList<>();
            List<Expr> outs = new ArrayList<>();
            List<Expr> valid = new ArrayList<>();
            for (int i = 0; i < dims; i++) {
                PoolWindows.Axis a = PoolWindows.symbols(dims, i, true);
                taps.add(a.kernel());
                outs.add(a.out());
                valid.add(a.valid());
            }
            this.taps = Formula.of(mul(taps));
            this.comparisons = Formula.of(comparisons(valid, outs));
            this.valuesRead = Formula.of(valuesRead(valid));
        }
    }

    /** The comparisons: a window reading m values takes m − 1, over the windows that read any. */
    private static Expr comparisons(List<Expr> valid, List<Expr> windows) {
        return mul(N, C, sub(mul(valid), mul(windows)));
    }

    private static Expr valuesRead(List<Expr> valid) {
        return mul(N, C, mul(valid));
    }

    final int dims;
    final IntArg kernel;
    final IntArg stride;   // null: torch's default, the kernel size
    final IntArg padding;
    final IntArg dilation;
    final boolean returnIndices;
    final boolean ceilMode;

    MaxPooling(int dims, IntArg kernel, IntArg stride, IntArg padding, IntArg dilation, boolean returnIndices,
               boolean ceilMode) {
        String type = typeName(dims);
        this.dims = dims;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.returnIndices = returnIndices;
        this.ceilMode = ceilMode;
        Args.positiveEach(type, "kernel_size", kernel.dims());
        if (stride != null) {
            Args.positiveEach(type, "stride", stride.dims());
        }
        Args.nonNegativeEach(type, "padding", padding.dims());
        Args.positiveEach(type, "dilation", dilation.dims());
    }

    private static final String[] TYPES = {"MaxPool1d", "MaxPool2d", "MaxPool3d"};

    private static String typeName(int dims) {
        return TYPES[dims - 1];
    }

    abstract T copy(IntArg kernel, IntArg stride, IntArg padding, IntArg dilation, boolean returnIndices,
                    boolean ceilMode);

    @Override
    public String type() {
        return typeName(dims);
    }

    /** Window stride, one value for every dimension or one per dimension; torch's default is the kernel size. */
    public T stride(long... stride) {
        return copy(kernel, IntArg.of(type(), "stride", dims, stride), padding, dilation, returnIndices, ceilMode);
    }

    /** Implicit −∞ padding on both sides, at most half the kernel; torch's default is 0. */
    public T padding(long... padding) {
        return copy(kernel, stride, IntArg.of(type(), "padding", dims, padding), dilation, returnIndices, ceilMode);
    }

    /** Spacing between window taps; torch's default is 1. */
    public T dilation(long... dilation) {
        return copy(kernel, stride, padding, IntArg.of(type(), "dilation", dims, dilation), returnIndices, ceilMode);
    }

    /** Whether the argmax positions are returned as a second output; torch's default is false. */
    public T returnIndices(boolean returnIndices) {
        return copy(kernel, stride, padding, dilation, returnIndices, ceilMode);
    }

    /** Whether output sizes are rounded up rather than down; torch's default is false. */
    public T ceilMode(boolean ceilMode) {
        return copy(kernel, stride, padding, dilation, returnIndices, ceilMode);
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

    public Dims dilation() {
        return dilation.dims();
    }

    public boolean returnIndices() {
        return returnIndices;
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    /** torch's padding limit for this layer, checked when it is called as torch checks it. */
    abstract void checkPadding();

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Shape x = Forward.single(type, inputs);
        Worksheet w = PoolWindows.worksheet(type, dims, true);
        int first = PoolWindows.batchAndChannels(w, type, dims, x);
        checkPadding();
        if (returnIndices) {
            w.note(Stage.SHAPE, "return_indices=True: a second output of the same shape holds the argmax positions"
                    + " (index arithmetic, not counted)");
        }
        List<PoolWindows.Axis> axes = PoolWindows.slidingWindows(w, type, x, first, dims, kernel.dims(), stride(),
                padding.dims(), dilation.dims(), ceilMode);
        long[] outSizes = new long[dims];
        List<Expr> valid = new ArrayList<>(dims);
        List<Expr> windows = new ArrayList<>(dims);
        boolean everyWindowReads = true;
        for (int i = 0; i < dims; i++) {
            PoolWindows.Axis a = axes.get(i);
            outSizes[i] = w.value(a.out());
            valid.add(a.valid());
            Expr reading = windowsReading(w, i, a);
            windows.add(reading);
            everyWindowReads &= reading == a.out();
        }
        Formulas f = FORMULAS[dims - 1];
        w.show(Stage.PER_OUTPUT, "kernel taps per window (at most this many values read)", f.taps);
        String comparisons = "comparisons within windows";
        String note = "a window reading m input values takes their max with m − 1 comparisons; taps in the padding"
                + " are skipped, as torch's CPU kernel skips them";
        if (everyWindowReads) {
            w.term(comparisons, Op.COMPARISON, f.comparisons, note);
        } else {
            w.term(comparisons, Op.COMPARISON, comparisons(valid, windows), note);
        }
        w.show(Stage.SUMMARY, "input values read by all windows", f.valuesRead);
        Shape out = PoolWindows.output(x, first, outSizes);
        return Analysis.leaf(this, inputs, returnIndices ? List.of(out, out) : List.of(out), w);
    }

    /**
     * The windows along one dimension that read at least one input value: the output size, unless dilation lets a
     * window that starts in the left padding step over the whole input.
     */
    private Expr windowsReading(Worksheet w, int i, PoolWindows.Axis a) {
        // A window that starts inside the input reads its first tap. One that starts in the left padding reaches the
        // input within ⌈p/d⌉ ≤ p < K taps and lands on position < d: inside unless d > L_in. So without padding, or
        // with d ≤ L_in, every window reads something and the output size counts them.
        if (padding.get(i) == 0 || dilation.get(i) <= w.value(a.in())) {
            return a.out();
        }
        Args.enumerable(type(), "dilation", "output " + Axes.word(dims, i) + " (windows summed one by one where"
                + " dilation steps over the input)", w.value(a.out()));
        Sym o = new Sym("o", "output position");
        // taps of window o inside the input: k from max(0, ⌈(p − o·s)/d⌉) to min(K − 1, ⌊(L_in − 1 + p − o·s)/d⌋)
        Expr offset = sub(a.padding(), mul(o, a.stride()));
        Expr read = add(sub(min(sub(a.kernel(), num(1)), floorDiv(add(sub(a.in(), num(1)), offset), a.dilation())),
                max(num(0), ceilDiv(offset, a.dilation()))), num(1));
        Expr formula = sigma(o, num(0), sub(a.out(), num(1)), min(num(1), max(num(0), read)));
        String word = Axes.word(dims, i);
        long reading = w.evaluate("windows reading the input along the " + word, formula);
        if (reading == w.value(a.out())) {
            return a.out();
        }
        String suffix = dims == 1 ? "" : "_" + Axes.axis(dims, i).toLowerCase(Locale.ROOT);
        Sym z = w.define(Stage.PER_OUTPUT, "windows along the " + word + " that read at least one value",
                new Sym("Z" + suffix, "windows along the " + word + " that read at least one input value"), formula);
        w.note(Stage.PER_OUTPUT, () -> "dilation " + dilation.get(i) + " steps over the whole input " + word + " ("
                + w.value(a.in()) + "): " + (w.value(a.out()) - w.value(z)) + " window(s) along the " + word
                + " read nothing (torch outputs −∞ there) and take no comparisons");
        return z;
    }

    /** torch's {@code _MaxPoolNd.extra_repr}, arguments printed as they were given. */
    @Override
    public String toString() {
        return type() + "(kernel_size=" + kernel + ", stride=" + (stride == null ? kernel : stride) + ", padding="
                + padding + ", dilation=" + dilation + ", ceil_mode=" + Args.py(ceilMode) + ")";
    }
}
