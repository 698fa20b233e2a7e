package org.flopcheck.expr;

import java.util.List;

/**
 * Renders expressions as presentation MathML, the notation browsers draw natively without script.
 *
 * <p>{@link #render(Expr)} gives the inner content ({@code <mrow>…</mrow>}) for embedding in a
 * {@code <math>} element; {@link #math(String, Expr)} wraps an equation {@code lhs = expr} in a complete
 * {@code <math>} element. Exact quotients become fractions, products use the dot operator, and subscripts of
 * symbol names become {@code <msub>}. Text is escaped, so the output is safe inside HTML.
 */
public final class MathML {
    private final Bindings values;

    private MathML(Bindings values) {
        this.values = values;
    }

    /** The symbolic form as an {@code <mrow>}. */
    public static String render(Expr e) {
        return new MathML(null).markup(e);
    }

    /** The form with bound symbols replaced by their values, as an {@code <mrow>}. */
    public static String substitute(Expr e, Bindings values) {
        return new MathML(values).markup(e);
    }

    /** A symbol on its own, as MathML content ({@code <msub><mi>C</mi><mi>in</mi></msub>}). */
    public static String symbol(Sym s) {
        StringBuilder sb = new StringBuilder();
        new MathML(null).writeSymbol(s, sb);
        return sb.toString();
    }

    /** A complete display equation {@code <math display="block">lhs = e</math>} for a symbol and its formula. */
    public static String math(Sym lhs, Expr e) {
        return "<math display=\"block\"><mrow>" + symbol(lhs) + "<mo>=</mo>" + render(e) + "</mrow></math>";
    }

    private String markup(Expr e) {
        StringBuilder sb = new StringBuilder("<mrow>");
        write(e, sb);
        return sb.append("</mrow>").toString();
    }

    private void write(Expr e, StringBuilder sb) {
        if (e instanceof Num n) {
            sb.append("<mn>").append(PlainText.grouped(n.value())).append("</mn>");
        } else if (e instanceof Sym s) {
            if (values != null && values.has(s)) {
                sb.append("<mn>").append(PlainText.grouped(values.value(s))).append("</mn>");
            } else {
                writeSymbol(s, sb);
            }
        } else if (e instanceof Sum sum) {
            joined(sum.terms(), "<mo>+</mo>", 1, sb);
        } else if (e instanceof Difference d) {
            operand(d.minuend(), 1, sb);
            sb.append("<mo>&#x2212;</mo>");
            operand(d.subtrahend(), 2, sb);
        } else if (e instanceof Product p) {
            joined(p.factors(), "<mo>&#x22C5;</mo>", 2, sb);
        } else if (e instanceof Quotient q) {
            sb.append("<mfrac>");
            grouped(q.dividend(), sb);
            grouped(q.divisor(), sb);
            sb.append("</mfrac>");
        } else if (e instanceof FloorQuotient f) {
            sb.append("<mrow><mo>&#x230A;</mo><mfrac>");
            grouped(f.dividend(), sb);
            grouped(f.divisor(), sb);
            sb.append("</mfrac><mo>&#x230B;</mo></mrow>");
        } else if (e instanceof CeilQuotient c) {
            sb.append("<mrow><mo>&#x2308;</mo><mfrac>");
            grouped(c.dividend(), sb);
            grouped(c.divisor(), sb);
            sb.append("</mfrac><mo>&#x2309;</mo></mrow>");
        } else if (e instanceof Extremum x) {
            sb.append("<mrow><mi>").append(x.function()).append("</mi><mo>(</mo>");
            for (int i = 0; i < x.operands().size(); i++) {
                if (i > 0) {
                    sb.append("<mo>,</mo>");
                }
                write(x.operands().get(i), sb);
            }
            sb.append("<mo>)</mo></mrow>");
        } else if (e instanceof TapCount t) {
            String a = escape(t.position());
            sb.append("<mrow><mo>#</mo><mo>{</mo><mo>(</mo><mi>").append(a).append("</mi><mo>,</mo><mi>k</mi>")
                    .append("<mo>)</mo><mo>:</mo><mi>").append(a).append("</mi><mo>&lt;</mo>");
            write(t.positions(), sb);
            sb.append("<mo>,</mo><mi>k</mi><mo>&lt;</mo>");
            write(t.taps(), sb);
            sb.append("<mo>,</mo><mn>0</mn><mo>&#x2264;</mo><mi>").append(a).append("</mi><mo>&#x22C5;</mo>");
            operand(t.stride(), 3, sb);
            sb.append("<mo>+</mo><mi>k</mi><mo>&#x22C5;</mo>");
            operand(t.dilation(), 3, sb);
            sb.append("<mo>&#x2212;</mo>");
            operand(t.padding(), 2, sb);
            sb.append("<mo>&lt;</mo>");
            write(t.range(), sb);
            sb.append("<mo>}</mo></mrow>");
        } else if (e instanceof CoveredCount c) {
            String a = escape(c.position());
            sb.append("<mrow><mo>#</mo><mo>{</mo><mi>o</mi><mo>&lt;</mo>");
            write(c.range(), sb);
            sb.append("<mo>:</mo><mi>o</mi><mo>=</mo><mi>").append(a).append("</mi><mo>&#x22C5;</mo>");
            operand(c.stride(), 3, sb);
            sb.append("<mo>+</mo><mi>k</mi><mo>&#x22C5;</mo>");
            operand(c.dilation(), 3, sb);
            sb.append("<mo>&#x2212;</mo>");
            operand(c.padding(), 2, sb);
            sb.append("<mtext>&#xA0;for some&#xA0;</mtext><mi>").append(a).append("</mi><mo>&lt;</mo>");
            write(c.positions(), sb);
            sb.append("<mo>,</mo><mi>k</mi><mo>&lt;</mo>");
            write(c.taps(), sb);
            sb.append("<mo>}</mo></mrow>");
        } else if (e instanceof Sigma s) {
            sb.append("<mrow><munderover><mo>&#x2211;</mo><mrow>");
            writeSymbol(s.index(), sb);
            sb.append("<mo>=</mo>");
            write(s.from(), sb);
            sb.append("</mrow>");
            grouped(s.to(), sb);
            sb.append("</munderover>");
            operand(s.body(), 3, sb);
            sb.append("</mrow>");
        } else if (e instanceof Float64Trunc f) {
            sb.append("<msub><mrow><mo>&#x230A;</mo>");
            write(f.body(), sb);
            sb.append("<mo>&#x230B;</mo></mrow><mi>f64</mi></msub>");
        } else {
            throw new IllegalStateException("no MathML form for " + e.getClass());
        }
    }

    private void writeSymbol(Sym s, StringBuilder sb) {
        String base = "<mi>" + escape(s.base()) + "</mi>";
        if (s.subscript().isEmpty()) {
            sb.append(base);
        } else {
            sb.append("<msub>").append(base).append("<mi>").append(escape(s.subscript())).append("</mi></msub>");
        }
    }

    private void grouped(Expr e, StringBuilder sb) {
        sb.append("<mrow>");
        write(e, sb);
        sb.append("</mrow>");
    }

    private void joined(List<Expr> parts, String separator, int level, StringBuilder sb) {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            operand(parts.get(i), level, sb);
        }
    }

    private void operand(Expr e, int level, StringBuilder sb) {
        // an exact quotient is drawn as a fraction bar, which groups by itself
        if (e.precedence() < level && !(e instanceof Quotient)) {
            sb.append("<mrow><mo>(</mo>");
            write(e, sb);
            sb.append("<mo>)</mo></mrow>");
        } else {
            write(e, sb);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
