package org.flopcheck.models;

import static org.flopcheck.expr.Exprs.mul;

import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.Inputs;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.terms.TermKind;

/**
 * The operations torchvision's forwards perform directly on tensors rather than through a submodule: the residual
 * addition of two feature maps and {@code torch.flatten(x, 1)}. They are written into the calling module's
 * worksheet as its own terms.
 */
final class TensorOps {
    static final Sym N = new Sym("N", "batch size");
    static final Sym C = new Sym("C", "channels of the feature map");
    static final Sym H = new Sym("H", "height of the feature map");
    static final Sym W = new Sym("W", "width of the feature map");
    private static final Formula ELEMENTS = Formula.of(mul(N, C, H, W));
    /** The order {@link #residual} binds its symbols in. */
    private static final Bindings.Order RESIDUAL_ORDER = Bindings.Order.of(N, C, H, W);

    /**
     * A worksheet for a block whose only symbols are those of its {@linkplain #residual residual addition}: it
     * expects them in the order the addition binds them.
     */
    static Worksheet residualWorksheet(String type) {
        return new Worksheet(type, RESIDUAL_ORDER);
    }

    /**
     * The term of a residual addition written {@code expression} ({@code out += identity}), named {@code name}:
     * one addition per element of the output feature map. Written once per block class.
     */
    static TermKind residualTerm(String name, String expression) {
        return TermKind.of(name, Op.ADDITION, ELEMENTS.expr(), expression
                + ": one addition per element of the output feature map");
    }

    private TensorOps() {
    }

    /** The one input of a model or block's forward. */
    static Shape single(String owner, Inputs inputs) {
        if (inputs.size() != 1) {
            throw new InvalidShapeException("input", owner + " takes 1 input, got " + inputs.size() + " " + inputs);
        }
        return inputs.get(0);
    }

    /**
     * Records the residual addition {@code expression} of {@code other} to the feature map {@code out}
     * {@code (N, C, H, W)}: one addition per element of {@code out}, a term named {@code name}. In torch
     * {@code other} must broadcast to {@code out}'s shape (trailing dimensions equal or 1), as the in-place
     * {@code out += identity} requires.
     */
    static void residual(Worksheet w, String owner, Shape out, Shape other, TermKind term, String expression) {
        if (!broadcastsTo(other, out)) {
            throw new InvalidShapeException("input", owner + ": " + expression + " needs tensors of one shape, got "
                    + out + " and " + other + mismatch(out, other));
        }
        w.given(N, out.dim(0));
        w.given(C, out.dim(1));
        w.given(H, out.dim(2));
        w.given(W, out.dim(3));
        w.term(term, ELEMENTS);
    }

    /** torch's words for the first dimension that does not broadcast. */
    private static String mismatch(Shape a, Shape b) {
        for (int i = 1; i <= Math.min(a.rank(), b.rank()); i++) {
            long x = a.dim(-i);
            long y = b.dim(-i);
            if (x != y && y != 1) {
                return "; torch: The size of tensor a (" + x + ") must match the size of tensor b (" + y
                        + ") at non-singleton dimension " + (a.rank() - i);
            }
        }
        return "";
    }

    private static boolean broadcastsTo(Shape from, Shape to) {
        if (from.rank() > to.rank()) {
            return false;
        }
        for (int i = 1; i <= from.rank(); i++) {
            if (from.dim(-i) != to.dim(-i) && from.dim(-i) != 1) {
                return false;
            }
        }
        return true;
    }

    /** {@code torch.flatten(x, 1)}: the batch dimension kept, the rest merged; a view, so no operations. */
    static Shape flatten(Worksheet w, String owner, Shape x) {
        if (x.rank() < 2) {
            throw new InvalidShapeException("input", owner + ": torch.flatten(x, 1) needs at least 2 dimensions, got "
                    + x + "; torch: Dimension out of range (expected to be in range of [-1, 0], but got 1)");
        }
        Shape out = Shape.of(x.dim(0), x.slice(1, x.rank()).numel());
        w.note(Stage.SHAPE, () -> "torch.flatten(x, 1) in the forward: " + x + " → " + out + ", a view of the same"
                + " values: no operations");
        return out;
    }
}
