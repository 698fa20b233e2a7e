package org.flopcheck.expr;

import java.util.List;
import java.util.Objects;

/**
 * A formula together with an evaluator compiled from it once, for the formulas a layer evaluates on every analysis.
 *
 * <p>{@link #eval} computes exactly what {@link Expr#eval} computes for {@link #expr()}: the same operations on the
 * same operands in the same order, each through the same {@code Math} method, so a value, an overflow and an
 * inexact division come out the same (tests compare the two on random values for every kind of node). The
 * evaluator only avoids what an expression tree costs on each evaluation: a call through the {@link Expr}
 * interface per node, a list per sum or product, and for a product or sum of symbols alone, any call per operand.
 * Nodes without a compiled form ({@link Sigma}, {@link TapCount}, ...) are evaluated by their expression.
 *
 * <p>The expression stays the one source of truth: it is what derivations show and what pages print, and the
 * evaluator is built from it, never written by hand.
 */
public final class Formula {
    private final Expr expr;
    private final Node root;

    private Formula(Expr expr) {
        this.expr = Objects.requireNonNull(expr, "expr");
        this.root = compile(expr);
    }

    /** {@code expr} with its evaluator; compile a formula once, where it is built, not per evaluation. */
    public static Formula of(Expr expr) {
        return new Formula(expr);
    }

    /** The formula as written. */
    public Expr expr() {
        return expr;
    }

    /** The exact value of the formula with every symbol bound in {@code bindings}, as {@code expr().eval}. */
    public long eval(Bindings bindings) {
        return root.eval(bindings);
    }

    @Override
    public String toString() {
        return expr.toString();
    }

    /** One compiled node: an abstract class, so evaluating a child is a virtual call, not an interface call. */
    private abstract static class Node {
        abstract long eval(Bindings b);
    }

    private static Node compile(Expr e) {
        if (e instanceof Sym s) {
            return new SymNode(s);
        }
        if (e instanceof Num n) {
            return new NumNode(n.value());
        }
        if (e instanceof Product p) {
            return allSymbols(p.factors()) ? new SymProduct(symbols(p.factors())) : new ProductNode(nodes(p.factors()));
        }
        if (e instanceof Sum s) {
            return allSymbols(s.terms()) ? new SymSum(symbols(s.terms())) : new SumNode(nodes(s.terms()));
        }
        if (e instanceof Difference d) {
            return new DifferenceNode(compile(d.minuend()), compile(d.subtrahend()));
        }
        if (e instanceof Quotient q) {
            return new QuotientNode(q, compile(q.dividend()), compile(q.divisor()));
        }
        if (e instanceof FloorQuotient q) {
            return new FloorQuotientNode(compile(q.dividend()), compile(q.divisor()));
        }
        if (e instanceof CeilQuotient q) {
            return new CeilQuotientNode(compile(q.dividend()), compile(q.divisor()));
        }
        return new ExprNode(e);
    }

    private static boolean allSymbols(List<Expr> operands) {
        for (Expr o : operands) {
            if (!(o instanceof Sym)) {
                return false;
            }
        }
        return true;
    }

    private static Sym[] symbols(List<Expr> operands) {
        return operands.toArray(new Sym[0]);
    }

    private static Node[] nodes(List<Expr> operands) {
        Node[] nodes = new Node[operands.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = compile(operands.get(i));
        }
        return nodes;
    }

    private static final class SymNode extends Node {
        private final Sym symbol;

        SymNode(Sym symbol) {
            this.symbol = symbol;
        }

        @Override
        long eval(Bindings b) {
            return b.value(symbol);
        }
    }

    private static final class NumNode extends Node {
        private final long value;

        NumNode(long value) {
            this.value = value;
        }

        @Override
        long eval(Bindings b) {
            return value;
        }
    }

    /** {@link Product#eval}: a running product from 1, factor by factor. */
    private static final class ProductNode extends Node {
        private final Node[] factors;

        ProductNode(Node[] factors) {
            this.factors = factors;
        }

        @Override
        long eval(Bindings b) {
            long total = 1;
            for (Node f : factors) {
                total = Math.multiplyExact(total, f.eval(b));
            }
            return total;
        }
    }

    /** A {@link Product} of symbols only. */
    private static final class SymProduct extends Node {
        private final Sym[] factors;

        SymProduct(Sym[] factors) {
            this.factors = factors;
        }

        @Override
        long eval(Bindings b) {
            long total = 1;
            for (Sym f : factors) {
                total = Math.multiplyExact(total, b.value(f));
            }
            return total;
        }
    }

    /** {@link Sum#eval}: a running sum from 0, term by term. */
    private static final class SumNode extends Node {
        private final Node[] terms;

        SumNode(Node[] terms) {
            this.terms = terms;
        }

        @Override
        long eval(Bindings b) {
            long total = 0;
            for (Node t : terms) {
                total = Math.addExact(total, t.eval(b));
            }
            return total;
        }
    }

    /** A {@link Sum} of symbols only. */
    private static final class SymSum extends Node {
        private final Sym[] terms;

        SymSum(Sym[] terms) {
            this.terms = terms;
        }

        @Override
        long eval(Bindings b) {
            long total = 0;
            for (Sym t : terms) {
                total = Math.addExact(total, b.value(t));
            }
            return total;
        }
    }

    private static final class DifferenceNode extends Node {
        private final Node minuend;
        private final Node subtrahend;

        DifferenceNode(Node minuend, Node subtrahend) {
            this.minuend = minuend;
            this.subtrahend = subtrahend;
        }

        @Override
        long eval(Bindings b) {
            return Math.subtractExact(minuend.eval(b), subtrahend.eval(b));
        }
    }

    /** {@link Quotient#eval}, whose own message names an inexact division. */
    private static final class QuotientNode extends Node {
        private final Quotient quotient;
        private final Node dividend;
        private final Node divisor;

        QuotientNode(Quotient quotient, Node dividend, Node divisor) {
            this.quotient = quotient;
            this.dividend = dividend;
            this.divisor = divisor;
        }

        @Override
        long eval(Bindings b) {
            long a = dividend.eval(b);
            long d = divisor.eval(b);
            if (d == 0 || a % d != 0) {
                return quotient.eval(b);   // raises the expression's own error
            }
            return a / d;
        }
    }

    private static final class FloorQuotientNode extends Node {
        private final Node dividend;
        private final Node divisor;

        FloorQuotientNode(Node dividend, Node divisor) {
            this.dividend = dividend;
            this.divisor = divisor;
        }

        @Override
        long eval(Bindings b) {
            return Math.floorDiv(dividend.eval(b), divisor.eval(b));
        }
    }

    private static final class CeilQuotientNode extends Node {
        private final Node dividend;
        private final Node divisor;

        CeilQuotientNode(Node dividend, Node divisor) {
            this.dividend = dividend;
            this.divisor = divisor;
        }

        @Override
        long eval(Bindings b) {
            return -Math.floorDiv(Math.negateExact(dividend.eval(b)), divisor.eval(b));
        }
    }

    /** A node without a compiled form: its expression evaluates it. */
    private static final class ExprNode extends Node {
        private final Expr expr;

        ExprNode(Expr expr) {
            this.expr = expr;
        }

        @Override
        long eval(Bindings b) {
            return expr.eval(b);
        }
    }
}
