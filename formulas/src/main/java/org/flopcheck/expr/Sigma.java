package org.flopcheck.expr;

import java.util.Objects;

/**
 * {@code Σ_{index=from}^{to} body}, summing {@code body} with {@code index} bound to each integer from
 * {@code from} to {@code to} inclusive (empty when {@code to < from}). Used where a count varies position by
 * position, such as the window sizes of adaptive pooling.
 */
public record Sigma(Sym index, Expr from, Expr to, Expr body) implements Expr {
    public Sigma {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
    }

    @Override
    public long eval(Bindings bindings) {
        long lo = from.eval(bindings);
        long hi = to.eval(bindings);
        long total = 0;
        for (long i = lo; i <= hi; i++) {
            total = Math.addExact(total, body.eval(bindings.with(index, i)));
        }
        return total;
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
