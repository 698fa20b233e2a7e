package org.flopcheck.expr;

import java.util.Objects;

/**
 * {@code a/b} where b divides a exactly, such as {@code C_in/g} once the layer has checked that the groups divide
 * the channels. A remainder is a programming error and raises {@link IllegalStateException}.
 */
public record Quotient(Expr dividend, Expr divisor) implements Expr {
    public Quotient {
        Objects.requireNonNull(dividend, "dividend");
        Objects.requireNonNull(divisor, "divisor");
    }

    @Override
    public long eval(Bindings bindings) {
        long a = dividend.eval(bindings);
        long b = divisor.eval(bindings);
        if (b == 0 || a % b != 0) {
            throw new IllegalStateException("inexact division " + a + "/" + b + " in " + plain());
        }
        return a / b;
    }

    @Override
    public int precedence() {
        return 2;
    }

    @Override
    public String toString() {
        return plain();
    }
}
