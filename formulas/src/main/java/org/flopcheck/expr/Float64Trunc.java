package org.flopcheck.expr;

import java.util.Objects;

/**
 * {@code ⌊e⌋_f64}: {@code e} evaluated in IEEE 754 double precision, the way a tool written in Python computes it
 * with floats or float64 tensors, then truncated toward zero as Python's {@code int()} truncates.
 *
 * <p>Inside the body every symbol and constant is converted to a double; sums and products are formed left to right,
 * one rounding per operation; a {@link Quotient} is a true (float) division, not an exact one; a difference is one
 * subtraction. Any other node is evaluated exactly and then converted. This is how tools such as thop compute
 * {@code int((H_in/H_out·W_in/W_out + 1)·n)}: the result can differ by one from the exact rational value's floor,
 * and only a float evaluation reproduces it.
 *
 * @param body the expression the tool evaluates in floating point
 */
public record Float64Trunc(Expr body) implements Expr {
    public Float64Trunc {
        Objects.requireNonNull(body, "body");
    }

    @Override
    public long eval(Bindings bindings) {
        double v = evalDouble(body, bindings);
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) >= 0x1p63) {
            throw new ArithmeticException("float value " + v + " of " + plain() + " does not truncate to a long");
        }
        return (long) v;
    }

    /** The body's value in double precision, operations in the order written. */
    public static double evalDouble(Expr e, Bindings bindings) {
        if (e instanceof Num n) {
            return n.value();
        } else if (e instanceof Sym s) {
            return s.eval(bindings);
        } else if (e instanceof Sum s) {
            double acc = evalDouble(s.terms().get(0), bindings);
            for (Expr t : s.terms().subList(1, s.terms().size())) {
                acc += evalDouble(t, bindings);
            }
            return acc;
        } else if (e instanceof Product p) {
            double acc = evalDouble(p.factors().get(0), bindings);
            for (Expr f : p.factors().subList(1, p.factors().size())) {
                acc *= evalDouble(f, bindings);
            }
            return acc;
        } else if (e instanceof Difference d) {
            return evalDouble(d.minuend(), bindings) - evalDouble(d.subtrahend(), bindings);
        } else if (e instanceof Quotient q) {
            return evalDouble(q.dividend(), bindings) / evalDouble(q.divisor(), bindings);
        }
        return e.eval(bindings);
    }

    @Override
    public int precedence() {
        return 3;
    }

    @Override
    public String toString() {
        return plain();
    }
}
