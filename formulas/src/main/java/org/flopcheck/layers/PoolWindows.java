package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.ceilDiv;
import static org.flopcheck.expr.Exprs.floorDiv;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.PlainText;
import org.flopcheck.expr.Sym;
import org.flopcheck.expr.TapCount;
import org.flopcheck.shape.Shape;

/**
 * The window geometry shared by the pooling layers: the input layout {@code (N, C, spatial...)} or unbatched
 * {@code (C, spatial...)}, torch's padding limits, and torch's {@code pooling_output_shape} with its ceil-mode rule,
 * written into a worksheet with one symbol per quantity.
 */
final class PoolWindows {
    static final Sym N = Convolution.N;
    static final Sym C = new Sym("C", "channels");
    private static final Expr ONE = num(1);

    /** The words and symbols of each axis, {@code AXES[dims - 1][i]}, composed once rather than per analysis. */
    private static final AxisWords[][] AXES = {
        {new AxisWords(1, 0)},
        {new AxisWords(2, 0), new AxisWords(2, 1)},
        {new AxisWords(3, 0), new AxisWords(3, 1), new AxisWords(3, 2)}};

    /** What {@link #slidingWindows} writes for axis {@code i} of {@code dims}: titles and symbols. */
    private static final class AxisWords {
        final String word;
        final Sym in;
        final Sym kernel;
        final Sym stride;
        final Sym padding;
        final Sym dilation;
        final Sym out;
        final String outputTitle;
        final String roundedUpTitle;
        final Sym before;
        final String kernelWhat;
        final String validTitle;
        final Sym valid;
        /** Indexed by 0 without dilation (average pooling), 1 with. */
        // by form: 0 without dilation (average pooling), 1 with it (max pooling); compiled, as every analysis
        // evaluates them
        final Formula[] floored = new Formula[2];
        final Formula[] roundedUp = new Formula[2];
        final Formula[] tapCount = new Formula[2];
        final Expr leftPaddingAndInput;

        AxisWords(int dims, int i) {
            word = Axes.word(dims, i);
            in = Axes.size(dims, i, "in", "input");
            kernel = Axes.arg("K", dims, i, "kernel size");
            stride = Axes.arg("s", dims, i, "stride");
            padding = Axes.arg("p", dims, i, "padding");
            dilation = Axes.arg("d", dims, i, "dilation");
            out = Axes.size(dims, i, "out", "output");
            outputTitle = "output " + word;
            roundedUpTitle = "output " + word + " rounded up (ceil_mode)";
            before = new Sym(Axes.axis(dims, i) + "'_out", "output " + word + " before torch's ceil-mode check");
            kernelWhat = "kernel size along the " + word;
            validTitle = "values read along the " + word + " (window taps inside the input)";
            String suffix = dims == 1 ? "" : "_" + Axes.axis(dims, i).toLowerCase(Locale.ROOT);
            valid = new Sym("V" + suffix, "(output position, tap) pairs along the " + word
                    + " that land inside the input");
            for (int form = 0; form < 2; form++) {
                // torch: (L_in + 2p - d(K - 1) - 1 [+ s - 1 with ceil_mode]) / s + 1, rounded down
                Expr d = form == 0 ? ONE : dilation;
                Expr span = form == 0 ? sub(add(in, mul(num(2), padding)), kernel)
                        : sub(sub(add(in, mul(num(2), padding)), mul(d, sub(kernel, num(1)))), num(1));
                floored[form] = Formula.of(add(floorDiv(span, stride), num(1)));
                roundedUp[form] = Formula.of(add(ceilDiv(span, stride), num(1)));
                tapCount[form] = Formula.of(new TapCount("o", out, kernel, stride, d, padding, in));
            }
            leftPaddingAndInput = add(in, padding);
        }
    }

    /**
     * The order a batched input binds the symbols in ({@link Bindings.Order}), by dimensions and form: N and C,
     * then per dimension the input size, kernel, stride, padding, dilation (with it) and output size, then per
     * dimension the values read.
     */
    private static final Bindings.Order[][] ORDERS = new Bindings.Order[3][2];

    static {
        for (int dims = 1; dims <= 3; dims++) {
            for (int form = 0; form < 2; form++) {
                List<Sym> order = new ArrayList<>(List.of(N, C));
                for (AxisWords a : AXES[dims - 1]) {
                    order.addAll(List.of(a.in, a.kernel, a.stride, a.padding));
                    if (form == 1) {
                        order.add(a.dilation);
                    }
                    order.add(a.out);
                }
                for (AxisWords a : AXES[dims - 1]) {
                    order.add(a.valid);
                }
                ORDERS[dims - 1][form] = Bindings.Order.of(order.toArray(new Sym[0]));
            }
        }
    }

    private PoolWindows() {
    }

    /**
     * A worksheet for a pooling layer that calls {@link #batchAndChannels} and then {@link #slidingWindows},
     * with dilation or without: it expects the symbols in the order they bind them.
     */
    static Worksheet worksheet(String type, int dims, boolean dilation) {
        return new Worksheet(type, ORDERS[dims - 1][dilation ? 1 : 0]);
    }

    /** One spatial dimension of a sliding-window pool, as symbols bound in the worksheet. */
    record Axis(Sym in, Sym kernel, Sym stride, Sym padding, Expr dilation, Sym out, Sym valid) {
    }

    /**
     * Checks the rank ({@code dims + 2} batched, {@code dims + 1} unbatched as torch accepts), binds {@code N} (1
     * for an unbatched input) and {@code C}, and returns the index of the first spatial dimension.
     */
    /**
     * The symbols of dimension {@code i} of {@code dims} as {@link #slidingWindows} binds them, with dilation or
     * without (then the dilation is the number 1), for formulas written once.
     */
    static Axis symbols(int dims, int i, boolean dilation) {
        AxisWords a = AXES[dims - 1][i];
        return new Axis(a.in, a.kernel, a.stride, a.padding, dilation ? a.dilation : ONE, a.out, a.valid);
    }

    static int batchAndChannels(Worksheet w, String type, int dims, Shape x) {
        boolean batched = x.rank() == dims + 2;
        if (!batched && x.rank() != dims + 1) {
            throw Forward.expected(type, Axes.layout(dims, "C", true) + " or " + Axes.layout(dims, "C", false), x);
        }
        w.given(batched ? N : Forward.UNBATCHED_N, batched ? x.dim(0) : 1);
        w.given(C, x.dim(batched ? 1 : 0));
        return batched ? 2 : 1;
    }

    /** The output shape: the input's batch and channel dimensions followed by {@code spatial}. */
    static Shape output(Shape x, int first, long[] spatial) {
        long[] dims = new long[first + spatial.length];
        for (int i = 0; i < first; i++) {
            dims[i] = x.dim(i);
        }
        System.arraycopy(spatial, 0, dims, first, spatial.length);
        return Shape.of(dims);
    }

    /** torch's {@code pooling_output_shape} check: {@code p ≤ ⌊(d·(K − 1) + 1)/2⌋} in every dimension. */
    static void padAtMostHalfEffectiveKernel(String type, Dims kernel, Dims padding, Dims dilation) {
        long[] effective = new long[kernel.size()];
        boolean fits = true;
        for (int i = 0; i < kernel.size(); i++) {
            effective[i] = dilation.get(i) * (kernel.get(i) - 1) + 1;
            fits &= padding.get(i) <= effective[i] / 2;
        }
        if (!fits) {
            String what = dilation.all(1) ? "kernel_size " + kernel
                    : "the effective kernel size d·(K − 1) + 1 = " + Dims.of(effective);
            throw new InvalidArgumentException("padding", type + ": padding " + padding + " must be at most half of "
                    + what + "; torch: pad should be at most half of effective kernel size");
        }
    }

    /** The kernel-size limit {@code p ≤ ⌊K/2⌋} that torch's 1-d fast path and its 3-d shape check apply. */
    static void padAtMostHalfKernel(String type, Dims kernel, Dims padding, String torchMessage) {
        for (int i = 0; i < kernel.size(); i++) {
            if (padding.get(i) > kernel.get(i) / 2) {
                throw new InvalidArgumentException("padding", type + ": padding " + padding
                        + " must be at most half of kernel_size " + kernel + "; torch: " + torchMessage);
            }
        }
    }

    /**
     * Defines, per spatial dimension, the output size by torch's {@code pooling_output_shape} and the number of
     * (output position, tap) pairs that land inside the input. {@code dilation} is null for average pooling, which
     * has none; its formulas are then written with the kernel size alone.
     */
    static List<Axis> slidingWindows(Worksheet w, String type, Shape x, int first, int dims, Dims kernel,
                                     Dims stride, Dims padding, Dims dilation, boolean ceilMode) {
        AxisWords[] words = AXES[dims - 1];
        int form = dilation == null ? 0 : 1;
        List<Axis> axes = new ArrayList<>(dims);
        for (int i = 0; i < dims; i++) {
            AxisWords a = words[i];
            String word = a.word;
            Sym in = w.given(a.in, x.dim(first + i));
            Sym k = w.given(a.kernel, kernel.get(i));
            Sym s = w.given(a.stride, stride.get(i));
            Sym p = w.given(a.padding, padding.get(i));
            Expr d = dilation == null ? ONE : w.given(a.dilation, dilation.get(i));
            Formula floored = a.floored[form];
            Formula formula = ceilMode ? a.roundedUp[form] : floored;
            Sym out = a.out;
            long value = w.evaluate(a.outputTitle, formula);
            Expr lastStart = ceilMode ? mul(sub(num(Math.max(value, 1)), num(1)), s) : null;
            Expr leftPaddingAndInput = a.leftPaddingAndInput;
            if (ceilMode && value >= 2 && w.evaluate("start of the last window", lastStart)
                    >= w.evaluate("end of the left padding and the input", leftPaddingAndInput)) {
                Sym before = a.before;
                w.define(Stage.SHAPE, a.roundedUpTitle, before, formula);
                long start = w.show(Stage.SHAPE, "start of the last window", mul(sub(before, num(1)), s));
                long limit = w.show(Stage.SHAPE, "end of the left padding and the input", leftPaddingAndInput);
                w.note(Stage.SHAPE, () -> "ceil_mode: the last window along the " + word + " would start at " + start
                        + " ≥ " + limit + ", in the right padding; torch keeps only windows that start inside the"
                        + " input or the left padding, so it drops that one");
                w.define(Stage.SHAPE, a.outputTitle, out, sub(before, num(1)));
            } else {
                if (value < 1) {
                    throw new InvalidShapeException("input", type + ": input " + x + " gives output " + word + " "
                            + PlainText.render(formula.expr()) + " = "
                            + PlainText.substitute(formula.expr(), w.bindings()) + " = "
                            + value + ", which is less than 1; torch: Output size is too small");
                }
                w.define(Stage.SHAPE, a.outputTitle, out, formula);
                if (ceilMode && value > w.evaluate(a.outputTitle, floored)) {
                    long start = w.evaluate("last start", lastStart);
                    long limit = w.evaluate("limit", leftPaddingAndInput);
                    w.note(Stage.SHAPE, () -> "ceil_mode: rounding up adds a last window along the " + word
                            + " that runs past the padded input; it starts at " + start + " < " + limit
                            + " (inside the input or the left padding), so torch keeps it");
                }
            }
            axes.add(new Axis(in, k, s, p, d, out, null));
        }
        List<Axis> withValid = new ArrayList<>(dims);
        for (int i = 0; i < dims; i++) {
            Axis a = axes.get(i);
            AxisWords text = words[i];
            // the taps landing inside the input are counted tap by tap
            Args.enumerable(w.layer(), "kernel_size", text.kernelWhat, w.value(a.kernel()));
            Sym valid = w.define(Stage.PER_OUTPUT, text.validTitle, text.valid, text.tapCount[form]);
            withValid.add(new Axis(a.in(), a.kernel(), a.stride(), a.padding(), a.dilation(), a.out(), valid));
        }
        return withValid;
    }
}
