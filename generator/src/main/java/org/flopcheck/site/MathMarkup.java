package org.flopcheck.site;

import java.util.Objects;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.MathML;
import org.flopcheck.expr.Sym;

/**
 * A complete {@code <math>} element rendered by {@link MathML} from a formula object: the only markup a template
 * inserts without escaping. {@link HtmlEscaping} lets a reference through unescaped only when its name ends in
 * {@code Math} (or is {@code math}) and its value is of this type, so no other string can reach a page raw.
 *
 * @param markup the {@code <math>…</math>} element
 */
public record MathMarkup(String markup) {
    public MathMarkup {
        Objects.requireNonNull(markup, "markup");
        if (!markup.startsWith("<math") || !markup.endsWith("</math>")) {
            throw new IllegalArgumentException("not a math element: " + markup);
        }
    }

    /** The symbolic formula, inline. */
    public static MathMarkup of(Expr e) {
        return inline(MathML.render(e));
    }

    /** The formula with the bound symbols replaced by their values, inline. */
    public static MathMarkup substituted(Expr e, Bindings values) {
        return inline(MathML.substitute(e, values));
    }

    /** {@code lhs = formula}, inline. */
    public static MathMarkup equation(Sym lhs, Expr e) {
        return inline("<mrow>" + MathML.symbol(lhs) + "<mo>=</mo>" + MathML.render(e) + "</mrow>");
    }

    /** A symbol alone, inline: {@code C} with subscript {@code in}. */
    public static MathMarkup symbol(Sym s) {
        return inline(MathML.symbol(s));
    }

    /** {@code lhs = formula} as a display equation. */
    public static MathMarkup display(Sym lhs, Expr e) {
        return new MathMarkup(MathML.math(lhs, e));
    }

    private static MathMarkup inline(String content) {
        return new MathMarkup("<math>" + content + "</math>");
    }

    @Override
    public String toString() {
        return markup;
    }
}
