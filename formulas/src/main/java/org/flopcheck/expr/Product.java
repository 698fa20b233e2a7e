package org.flopcheck.expr;

import java.util.List;

/** {@code a·b·…}, two or more factors. */
public record Product(List<Expr> factors) implements Expr {
    public Product {
        factors = List.copyOf(factors);
        if (factors.size() < 2) {
            throw new IllegalArgumentException("a product needs at least two factors: " + factors);
        }
    }

    @Override
    public long eval(Bindings bindings) {
        long total = 1;
        for (int i = 0; i < factors.size(); i++) {   // indexed: no iterator per evaluation
            total = Math.multiplyExact(total, factors.get(i).eval(bindings));
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
