package org.flopcheck.expr;

import java.util.List;

/** {@code a + b + …}, two or more terms. */
public record Sum(List<Expr> terms) implements Expr {
    public Sum {
        terms = List.copyOf(terms);
        if (terms.size() < 2) {
            throw new IllegalArgumentException("a sum needs at least two terms: " + terms);
        }
    }

    @Override
    public long eval(Bindings bindings) {
        long total = 0;
        for (int i = 0; i < terms.size(); i++) {   // indexed: no iterator per evaluation
            total = Math.addExact(total, terms.get(i).eval(bindings));
        }
        return total;
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
