package org.flopcheck.expr;

import java.util.List;

/**
 * Renders expressions as one line of Unicode text: {@code ·} for products, {@code −} for differences,
 * {@code ⌊a/b⌋} and {@code ⌈a/b⌉} for rounded quotients, numbers grouped by thousands ({@code 327,680}).
 *
 * <p>{@link #render(Expr)} prints symbols by name; {@link #substitute(Expr, Bindings)} prints each bound symbol
 * as its value, which is the middle line of a derivation step.
 */
public final class PlainText {
    private final Bindings values;

    private PlainText(Bindings values) {
        this.values = values;
    }

    /** The symbolic form: {@code ⌊(L_in + 2·p − d·(K − 1) − 1)/s⌋ + 1}. */
    public static String render(Expr e) {
        return new PlainText(null).text(e);
    }

    /** The form with values substituted for bound symbols: {@code ⌊(100 + 2·0 − 1·(5 − 1) − 1)/1⌋ + 1}. */
    public static String substitute(Expr e, Bindings values) {
        return new PlainText(values).text(e);
    }

    /** {@code 327680} as {@code 327,680}. */
    public static String grouped(long value) {
        String digits = Long.toString(value);
        int start = value < 0 ? 1 : 0;
        int len = digits.length() - start;
        if (len <= 3) {
            return digits;
        }
        StringBuilder sb = new StringBuilder(digits.length() + len / 3);
        sb.append(digits, 0, start);
        int first = len % 3 == 0 ? 3 : len % 3;
        sb.append(digits, start, start + first);
        for (int i = start + first; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return sb.toString();
    }

    private String text(Expr e) {
        StringBuilder sb = new StringBuilder();
        write(e, sb);
        return sb.toString();
    }

    private void write(Expr e, StringBuilder sb) {
        if (e instanceof Num n) {
            sb.append(grouped(n.value()));
        } else if (e instanceof Sym s) {
            if (values != null && values.has(s)) {
                sb.append(grouped(values.value(s)));
            } else {
                sb.append(s.name());
            }
        } else if (e instanceof Sum sum) {
            joined(sum.terms(), " + ", 1, sb);
        } else if (e instanceof Difference d) {
            operand(d.minuend(), 1, sb);
            sb.append(" − ");
            operand(d.subtrahend(), 2, sb);
        } else if (e instanceof Product p) {
            joined(p.factors(), "·", 2, sb);
        } else if (e instanceof Quotient q) {
            operand(q.dividend(), 2, sb);
            sb.append('/');
            operand(q.divisor(), 3, sb);
        } else if (e instanceof FloorQuotient f) {
            sb.append('⌊');
            operand(f.dividend(), 2, sb);
            sb.append('/');
            operand(f.divisor(), 3, sb);
            sb.append('⌋');
        } else if (e instanceof CeilQuotient c) {
            sb.append('⌈');
            operand(c.dividend(), 2, sb);
            sb.append('/');
            operand(c.divisor(), 3, sb);
            sb.append('⌉');
        } else if (e instanceof Extremum x) {
            sb.append(x.function()).append('(');
            for (int i = 0; i < x.operands().size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                write(x.operands().get(i), sb);
            }
            sb.append(')');
        } else if (e instanceof TapCount t) {
            String a = t.position();
            sb.append("#{(").append(a).append(", k) : ").append(a).append(" < ");
            write(t.positions(), sb);
            sb.append(", k < ");
            write(t.taps(), sb);
            sb.append(", 0 ≤ ").append(a).append('·');
            operand(t.stride(), 3, sb);
            sb.append(" + k·");
            operand(t.dilation(), 3, sb);
            sb.append(" − ");
            operand(t.padding(), 2, sb);
            sb.append(" < ");
            write(t.range(), sb);
            sb.append('}');
        } else if (e instanceof CoveredCount c) {
            String a = c.position();
            sb.append("#{o < ");
            write(c.range(), sb);
            sb.append(" : o = ").append(a).append('·');
            operand(c.stride(), 3, sb);
            sb.append(" + k·");
            operand(c.dilation(), 3, sb);
            sb.append(" − ");
            operand(c.padding(), 2, sb);
            sb.append(" for some ").append(a).append(" < ");
            write(c.positions(), sb);
            sb.append(", k < ");
            write(c.taps(), sb);
            sb.append('}');
        } else if (e instanceof Sigma s) {
            sb.append("Σ_{").append(s.index().name()).append('=');
            write(s.from(), sb);
            sb.append("}^{");
            write(s.to(), sb);
            sb.append("} ");
            operand(s.body(), 3, sb);
        } else if (e instanceof Float64Trunc f) {
            sb.append('⌊');
            write(f.body(), sb);
            sb.append("⌋_f64");
        } else {
            throw new IllegalStateException("no plain-text form for " + e.getClass());
        }
    }

    private void joined(List<Expr> parts, String separator, int level, StringBuilder sb) {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            operand(parts.get(i), level, sb);
        }
    }

    /** Writes {@code e}, in parentheses when it binds less tightly than {@code level}. */
    private void operand(Expr e, int level, StringBuilder sb) {
        if (e.precedence() < level) {
            sb.append('(');
            write(e, sb);
            sb.append(')');
        } else {
            write(e, sb);
        }
    }
}
