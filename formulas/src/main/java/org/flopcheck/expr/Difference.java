package org.flopcheck.expr;

import java.util.Objects;

/** {@code a − b}. */
public record Difference(Expr minuend, Expr subtrahend) implements Expr {
    public Difference {
        Objects.requireNonNull(minuend, "minuend");
        Objects.requireNonNull(subtrahend, "subtrahend");
    }

    @Override
    public long eval(Bindings bindings) {
        return Math.subtractExact(minuend.eval(bindings), subtrahend.eval(bindings));
    }

    @Override
    public int precedence() {
        return 1;
    }

    @Override
    public String toString() {
        return plain();
    }
}
