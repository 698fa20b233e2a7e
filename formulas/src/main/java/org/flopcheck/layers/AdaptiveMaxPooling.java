package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.mul;
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
 * The adaptive max pooling shared by {@link AdaptiveMaxPool1d}, {@link AdaptiveMaxPool2d} and
 * {@link AdaptiveMaxPool3d}: torch's {@code _AdaptiveMaxPoolNd}, the maximum of windows chosen so the output has
 * the requested size.
 *
 * <p>Per dimension, {@code S = Σ_{o=0}^{L_out − 1} (⌈(o + 1)·L_in/L_out⌉ − ⌊o·L_in/L_out⌋)} counts the input values
 * the windows read (see {@link AdaptiveWindows}). A window reading m values takes their max with m − 1
 * comparisons: {@code N·C·(ΠS − ΠL_out)}. {@code return_indices=True} adds a second output of the same shape and
 * changes no count. There are no parameters.
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class AdaptiveMaxPooling<T extends AdaptiveMaxPooling<T>> implements Layer
        permits AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d {

    public static final Sym N = PoolWindows.N;
    public static final Sym C = PoolWindows.C;

    final int dims;
    final AdaptiveWindows.OutputSize outputSize;
    final boolean returnIndices;

    AdaptiveMaxPooling(int dims, AdaptiveWindows.OutputSize outputSize, boolean returnIndices) {
        this.dims = dims;
        this.outputSize = outputSize;
        this.returnIndices = returnIndices;
    }

    abstract T copy(boolean returnIndices);

    @Override
    public String type() {
        return TYPES[dims - 1];
    }

    private static final String[] TYPES = {"AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d"};

    /** Whether the argmax positions are returned as a second output; torch's default is false. */
    public T returnIndices(boolean returnIndices) {
        return copy(returnIndices);
    }

    public boolean returnIndices() {
        return returnIndices;
    }

    /** The requested output size per dimension; empty entries keep the input's size (torch's None). */
    public List<java.util.OptionalLong> outputSize() {
        return outputSize.sizes();
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Shape x = Forward.single(type, inputs);
        Worksheet w = new Worksheet(type);
        int first = PoolWindows.batchAndChannels(w, type, dims, x);
        if (returnIndices) {
            w.note(Stage.SHAPE, "return_indices=True: a second output of the same shape holds the argmax positions"
                    + " (index arithmetic, not counted)");
        }
        List<AdaptiveWindows.Axis> axes = AdaptiveWindows.windows(w, x, first, dims, outputSize);
        long[] outSizes = new long[axes.size()];
        int axis = 0;
        List<Expr> outs = new ArrayList<>();
        List<Expr> read = new ArrayList<>();
        for (AdaptiveWindows.Axis a : axes) {
            outSizes[axis++] = w.value(a.out());
            outs.add(a.out());
            read.add(a.read());
        }
        w.term("comparisons within windows", Op.COMPARISON, mul(N, C, sub(mul(read), mul(outs))),
                "a window reading m input values takes their max with m − 1 comparisons");
        Shape out = PoolWindows.output(x, first, outSizes);
        return Analysis.leaf(this, inputs, returnIndices ? List.of(out, out) : List.of(out), w);
    }

    /** torch's repr: {@code AdaptiveMaxPool2d(output_size=(5, 7))}; return_indices is not shown. */
    @Override
    public String toString() {
        return type() + "(output_size=" + outputSize + ")";
    }
}
