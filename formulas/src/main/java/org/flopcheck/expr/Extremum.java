package org.flopcheck.expr;

import java.util.List;

/** {@code max(a, b, …)} or {@code min(a, b, …)}. */
public record Extremum(boolean max, List<Expr> operands) implements Expr {
    public Extremum {
        operands = List.copyOf(operands);
        if (operands.size() < 2) {
            throw new IllegalArgumentException("max/min needs at least two operands: " + operands);
        }
    }

    /** {@code "max"} or {@code "min"}. */
    public String function() {
        return max ? "max" : "min";
    }

    @Override
    public long eval(Bindings bindings) {
        long best = operands.get(0).eval(bindings);
        for (Expr e : operands.subList(1, operands.size())) {
            long v = e.eval(bindings);
            best = max ? Math.max(best, v) : Math.min(best, v);
        }
        return best;
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
