package org.flopcheck.layers;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.shape.Shape;

/**
 * Merging a range of dimensions into one, mirroring {@code torch.nn.Flatten(start_dim=1, end_dim=-1)}. A view of
 * the input: shape only, no arithmetic.
 *
 * <p><b>Shapes.</b> The dimensions {@code start_dim} to {@code end_dim} (inclusive; negative values count from the
 * end) become one dimension holding their product. As in torch: both must be valid dimensions of the input (a
 * rank-0 input takes 0 or −1 and becomes {@code (1,)}), {@code start_dim} must not come after {@code end_dim}, and
 * equal dimensions leave the shape as it is. The default {@code start_dim=1} therefore needs an input of rank 2 or
 * more.
 *
 * <p><b>Parameters and operations.</b> None.
 *
 * <p><b>Worked example.</b> {@code Flatten()} on {@code (1, 512, 7, 7)}: output {@code (1, 25088)}.
 */
public final class Flatten implements Layer {
    private final int startDim;
    private final int endDim;

    private Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    /** {@code Flatten()}: every dimension but the first (the batch). */
    public static Flatten of() {
        return new Flatten(1, -1);
    }

    /** {@code Flatten(start_dim, end_dim)}. */
    public static Flatten of(int startDim, int endDim) {
        return new Flatten(startDim, endDim);
    }

    /** The first dimension merged; torch's default is 1. */
    public Flatten startDim(int startDim) {
        return new Flatten(startDim, endDim);
    }

    /** The last dimension merged, inclusive; torch's default is −1. */
    public Flatten endDim(int endDim) {
        return new Flatten(startDim, endDim);
    }

    public int startDim() {
        return startDim;
    }

    public int endDim() {
        return endDim;
    }

    @Override
    public String type() {
        return "Flatten";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        int rank = x.rank();
        int start = wrap("start_dim", startDim, x);
        int end = wrap("end_dim", endDim, x);
        if (start > end) {
            throw new InvalidShapeException("start_dim", "Flatten: start_dim (" + startDim + ", dimension " + start
                    + " of input " + x + ") comes after end_dim (" + endDim + ", dimension " + end
                    + "); torch: flatten() has invalid args: start_dim cannot come after end_dim");
        }
        Worksheet w = new Worksheet(type());
        Shape out;
        if (rank == 0) {
            out = Shape.of(1);
            w.note(Stage.SHAPE, "a scalar flattens to one dimension of size 1");
        } else if (start == end) {
            out = x;
            w.note(Stage.SHAPE, "start_dim and end_dim are the same dimension: the shape is unchanged");
        } else {
            List<org.flopcheck.expr.Expr> sizes = new ArrayList<>(end + 1 - start);
            for (int i = start; i <= end; i++) {
                sizes.add(org.flopcheck.expr.Exprs.num(x.dim(i)));
            }
            long merged = w.evaluate("merged dimension", org.flopcheck.expr.Exprs.mul(sizes));
            long[] dims = new long[rank - (end - start)];
            for (int i = 0; i < start; i++) {
                dims[i] = x.dim(i);
            }
            dims[start] = merged;
            for (int i = end + 1; i < rank; i++) {
                dims[i - (end - start)] = x.dim(i);
            }
            out = Shape.of(dims);
            w.note(Stage.SHAPE, () -> "dimensions " + start + " to " + end + " " + x.slice(start, end + 1)
                    + " merge into " + merged + "; a view, no arithmetic");
        }
        return Analysis.leaf(this, inputs, out, w);
    }

    private static int wrap(String argument, int dim, Shape x) {
        int range = Math.max(x.rank(), 1);
        if (dim < -range || dim >= range) {
            throw new InvalidShapeException(argument, "Flatten: " + argument + " (" + dim + ") is out of range for"
                    + " input " + x + " of rank " + x.rank() + "; torch: Dimension out of range (expected to be in"
                    + " range of [" + -range + ", " + (range - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + range : dim;
    }

    /** torch's repr: {@code Flatten(start_dim=1, end_dim=-1)}. */
    @Override
    public String toString() {
        return "Flatten(start_dim=" + startDim + ", end_dim=" + endDim + ")";
    }
}
