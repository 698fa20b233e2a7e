package org.flopcheck.expr;

import java.util.Objects;

/** {@code ⌈a/b⌉}, rounding towards positive infinity. */
public record CeilQuotient(Expr dividend, Expr divisor) implements Expr {
    public CeilQuotient {
        Objects.requireNonNull(dividend, "dividend");
        Objects.requireNonNull(divisor, "divisor");
    }

    @Override
    public long eval(Bindings bindings) {
        return -Math.floorDiv(Math.negateExact(dividend.eval(bindings)), divisor.eval(bindings));
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
