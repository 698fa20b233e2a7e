package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * The adaptive average pooling shared by {@link AdaptiveAvgPool1d}, {@link AdaptiveAvgPool2d} and
 * {@link AdaptiveAvgPool3d}: torch's {@code _AdaptiveAvgPoolNd}, the mean of windows chosen so the output has the
 * requested size.
 *
 * <p>Per dimension, {@code S = Σ_{o=0}^{L_out − 1} (⌈(o + 1)·L_in/L_out⌉ − ⌊o·L_in/L_out⌋)} counts the input values
 * the windows read (see {@link AdaptiveWindows}). A window reading m values costs m − 1 additions, so the additions
 * are {@code N·C·(ΠS − ΠL_out)}.
 *
 * <p>Divisions follow torch's CPU code for a contiguous input. When every output size is 1 (global average
 * pooling) torch computes a mean, the sum divided once: {@code N·C} divisions. Otherwise its kernel divides each
 * window sum by the window's extent along each dimension in turn ({@code sum / kh / kw}, {@code sum / kd / kh /
 * kw}): 2 divisions per output in 1-d (run as the 2-d kernel with height 1) and 2-d, 3 in 3-d. There are no
 * parameters.
 *
 * @param <T> the concrete layer type
 */
public abstract sealed class AdaptiveAvgPooling<T extends AdaptiveAvgPooling<T>> implements Layer
        permits AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d {

    public static final Sym N = PoolWindows.N;
    public static final Sym C = PoolWindows.C;

    final int dims;
    final AdaptiveWindows.OutputSize outputSize;

    AdaptiveAvgPooling(int dims, AdaptiveWindows.OutputSize outputSize) {
        this.dims = dims;
        this.outputSize = outputSize;
    }

    @Override
    public String type() {
        return TYPES[dims - 1];
    }

    private static final String[] TYPES = {"AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d"};

    /** The requested output size per dimension; empty entries keep the input's size (torch's None). */
    public List<java.util.OptionalLong> outputSize() {
        return outputSize.sizes();
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        Worksheet w = new Worksheet(type());
        Shape out = terms(w, x, "");
        return Analysis.leaf(this, inputs, out, w);
    }

    /**
     * Writes the terms of this pooling applied as a function inside another module's forward (torchvision's
     * MobileNetV2 calls {@code nn.functional.adaptive_avg_pool2d(x, (1, 1))}) into that module's worksheet: the same
     * operations as the module form, each term named {@code call + ": " + name}
     * ({@code F.adaptive_avg_pool2d: additions summing each window}). Binds this pooling's symbols ({@code N},
     * {@code C}, the input and output sizes, the window sums) in that worksheet.
     *
     * @param w    the calling module's worksheet
     * @param call how the caller's forward calls it, such as {@code F.adaptive_avg_pool2d}
     * @return the output shape
     * @throws org.flopcheck.InvalidShapeException when torch would reject the input
     */
    public Shape functionalTerms(Worksheet w, Shape input, String call) {
        return terms(w, input, call + ": ");
    }

    private Shape terms(Worksheet w, Shape x, String prefix) {
        String type = type();
        int first = PoolWindows.batchAndChannels(w, type, dims, x);
        List<AdaptiveWindows.Axis> axes = AdaptiveWindows.windows(w, x, first, dims, outputSize);
        long[] outSizes = new long[axes.size()];
        int axis = 0;
        List<Expr> outs = new ArrayList<>();
        List<Expr> read = new ArrayList<>();
        boolean global = true;
        for (AdaptiveWindows.Axis a : axes) {
            outSizes[axis++] = w.value(a.out());
            outs.add(a.out());
            read.add(a.read());
            global &= w.value(a.out()) == 1;
        }
        w.term(named(prefix, "additions summing each window"), Op.ADDITION, mul(N, C, sub(mul(read), mul(outs))),
                "a window reading m input values sums them with m − 1 additions");
        if (global) {
            w.term(named(prefix, "divisions by the window size"), Op.DIVISION, mul(N, C, mul(outs)),
                    "every output size is 1: torch computes a mean, the sum divided once by the number of values");
        } else {
            int perOutput = dims == 3 ? 3 : 2;
            w.term(named(prefix, "divisions by the window extents"), Op.DIVISION, mul(num(perOutput), N, C, mul(outs)),
                    dims == 3 ? "torch's CPU kernel divides each window sum by its depth, height and width in turn"
                            : "torch's CPU kernel divides each window sum by its height, then by its width"
                            + (dims == 1 ? " (AdaptiveAvgPool1d runs as the 2-d kernel with height 1)" : ""));
        }
        return PoolWindows.output(x, first, outSizes);
    }

    /** A term's name, with the caller's prefix for the functional form. */
    private static String named(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + name;
    }

    /** torch's repr: {@code AdaptiveAvgPool2d(output_size=(5, 7))}, the size printed as it was given. */
    @Override
    public String toString() {
        return type() + "(output_size=" + outputSize + ")";
    }
}
