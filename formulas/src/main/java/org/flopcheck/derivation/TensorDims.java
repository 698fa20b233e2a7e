package org.flopcheck.derivation;

import java.util.List;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Num;
import org.flopcheck.expr.Product;

/**
 * The dimensions of a tensor a layer registers, written once where the layer's formulas are: each dimension's
 * formula compiled ({@link Formula}), and their product, the element count a derivation shows. A layer that
 * registers the same tensors on every analysis passes one of these to {@link Worksheet#parameter(String,
 * TensorDims)} instead of building the product again each time.
 */
public final class TensorDims {
    private static final Num ONE = new Num(1);

    private final Expr[] dims;
    private final Formula[] sizes;
    private final Expr count;

    private TensorDims(Expr[] dims) {
        this.dims = dims.clone();
        this.sizes = new Formula[dims.length];
        for (int i = 0; i < dims.length; i++) {
            sizes[i] = Formula.of(dims[i]);
        }
        this.count = count(this.dims);
    }

    /** A tensor of these dimensions, outermost first; none for a scalar. */
    public static TensorDims of(Expr... dims) {
        return new TensorDims(dims);
    }

    /** The element count of a tensor of these dimensions: 1, the one dimension, or their product. */
    static Expr count(Expr... dims) {
        return dims.length == 0 ? ONE : dims.length == 1 ? dims[0] : new Product(List.of(dims));
    }

    int rank() {
        return dims.length;
    }

    Formula size(int i) {
        return sizes[i];
    }

    Expr count() {
        return count;
    }
}
