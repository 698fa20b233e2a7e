package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.PlainText;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;

/**
 * An element-wise activation: the same scalar function applied to every element of an input of any shape (a
 * rank-0 scalar included), which keeps its shape. Each kind counts, per element, the operations torch's CPU
 * kernel performs, times {@code E}, the number of elements. Non-linear functions (sigmoid, tanh, exp, erf) are
 * counted as evaluations of that function. {@code inplace=True}, where torch offers it, changes no count. There are
 * no parameters.
 */
public abstract sealed class Activation implements Layer
        permits ReLU, ReLU6, LeakyReLU, Hardtanh, Sigmoid, Tanh, GELU, SiLU {

    public static final Sym E = new Sym("E", "elements of the input");

    Activation() {
    }

    @Override
    public final Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        Worksheet w = new Worksheet(type());
        elements(w, x);
        terms(w);
        return Analysis.leaf(this, inputs, List.of(x), w);
    }

    /** Binds {@code E}, the product of the input's dimensions (1 for a scalar). */
    static Sym elements(Worksheet w, Shape x) {
        List<Expr> dims = new ArrayList<>();
        for (long d : x.dims()) {
            dims.add(num(d));
        }
        long value = w.evaluate("elements", dims.isEmpty() ? num(1) : mul(dims));
        w.given(E, value);
        w.note(Stage.SHAPE, "the input " + x + " has E = " + PlainText.grouped(value) + " elements; the output has"
                + " its shape");
        return E;
    }

    /** Records the terms, each a multiple of {@link #E}. */
    abstract void terms(Worksheet w);

    /** {@code E} or {@code m·E}. */
    static Expr perElement(long m) {
        return m == 1 ? E : mul(num(m), E);
    }

    /** torch's {@code inplace} repr: nothing, or {@code inplace=True}. */
    static String inplaceRepr(boolean inplace) {
        return inplace ? "inplace=True" : "";
    }
}
