package org.flopcheck.expr;

/** An integer constant, such as the 2 in {@code 2·C_in·K − g}. Never negative. */
public record Num(long value) implements Expr {
    public Num {
        if (value < 0) {
            throw new IllegalArgumentException("constants are non-negative; write a Difference instead: " + value);
        }
    }

    @Override
    public long eval(Bindings bindings) {
        return value;
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
