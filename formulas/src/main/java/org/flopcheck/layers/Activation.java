package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;

import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.PlainText;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

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
    /** The one symbol the module form binds. */
    private static final Bindings.Order ORDER = Bindings.Order.of(E);

    Activation() {
    }

    @Override
    public final Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        Worksheet w = new Worksheet(type(), ORDER);
        elements(w, x);
        terms(new Terms(w, E, ""));
        return Analysis.leaf(this, inputs, x, w);
    }

    /**
     * Writes the terms of this activation applied as a function inside another module's forward (torch's
     * {@code F.relu(x)}, {@code F.gelu(x)}) into that module's worksheet: the same per-element operations as the
     * module form, over {@code elements} values given in the caller's symbols, each term named
     * {@code call + ": " + name} ({@code F.relu: comparisons with zero}).
     *
     * @param w        the calling module's worksheet
     * @param elements the number of elements the function is applied to, in the caller's symbols
     * @param call     how the caller's forward calls it, such as {@code F.relu}
     */
    public final void functionalTerms(Worksheet w, Expr elements, String call) {
        terms(new Terms(w, elements, call + ": "));
    }

    /** Binds {@code E}, the product of the input's dimensions (1 for a scalar). */
    static Sym elements(Worksheet w, Shape x) {
        long value = w.elements("elements", x);
        w.given(E, value);
        w.note(Stage.SHAPE, () -> "the input " + x + " has E = " + PlainText.grouped(value) + " elements; the output"
                + " has its shape");
        return E;
    }

    /** Records the terms, each a multiple of the element count. */
    abstract void terms(Terms t);

    /**
     * Where an activation writes its terms: a worksheet, the element count every term is a multiple of ({@link #E}
     * for the module, the caller's expression for a functional call) and a prefix for term names (empty for the
     * module). One place writes each activation's formulas, whichever form torch calls.
     */
    record Terms(Worksheet w, Expr elements, String prefix) {
        /** Records {@code perElement} operations of {@code op} per element. */
        void term(String name, Op op, long perElement, String note) {
            w.term(prefix.isEmpty() ? name : prefix + name, op,
                    perElement == 1 ? elements : mul(num(perElement), elements), note);
        }

        void note(Stage stage, String text) {
            w.note(stage, () -> prefix + text);
        }
    }

    /** torch's {@code inplace} repr: nothing, or {@code inplace=True}. */
    static String inplaceRepr(boolean inplace) {
        return inplace ? "inplace=True" : "";
    }
}
