package org.flopcheck.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Factory methods for expressions; import them statically. The constructors simplify nothing: the formula prints
 * the way it was written, which is the way the documentation states it.
 */
public final class Exprs {
    private Exprs() {
    }

    public static Num num(long value) {
        return new Num(value);
    }

    public static Sym sym(String name, String meaning) {
        return new Sym(name, meaning);
    }

    /** {@code a + b + …}; a single operand is returned as it is. */
    public static Expr add(Expr... terms) {
        return terms.length == 1 ? terms[0] : new Sum(Arrays.asList(terms));
    }

    /** {@code a + b + …} over a list; a single operand is returned as it is. */
    public static Expr add(List<? extends Expr> terms) {
        return terms.size() == 1 ? terms.get(0) : new Sum(new ArrayList<>(terms));
    }

    public static Expr sub(Expr a, Expr b) {
        return new Difference(a, b);
    }

    /** {@code a·b·…}; a single operand is returned as it is. */
    public static Expr mul(Expr... factors) {
        return factors.length == 1 ? factors[0] : new Product(Arrays.asList(factors));
    }

    /** {@code a·b·…} over a list; a single operand is returned as it is. */
    public static Expr mul(List<? extends Expr> factors) {
        return factors.size() == 1 ? factors.get(0) : new Product(new ArrayList<>(factors));
    }

    /** {@code a/b}, exact: the caller has established that b divides a. */
    public static Expr div(Expr a, Expr b) {
        return new Quotient(a, b);
    }

    public static Expr floorDiv(Expr a, Expr b) {
        return new FloorQuotient(a, b);
    }

    public static Expr ceilDiv(Expr a, Expr b) {
        return new CeilQuotient(a, b);
    }

    public static Expr max(Expr... operands) {
        return new Extremum(true, Arrays.asList(operands));
    }

    public static Expr min(Expr... operands) {
        return new Extremum(false, Arrays.asList(operands));
    }

    public static Expr sigma(Sym index, Expr from, Expr to, Expr body) {
        return new Sigma(index, from, to, body);
    }

    /** {@code ⌊e⌋_f64}: {@code e} evaluated in double precision, then truncated as Python's {@code int()}. */
    public static Expr float64Trunc(Expr e) {
        return new Float64Trunc(e);
    }

    /** The symbols {@code e} mentions, in order of first appearance; summation indices included. */
    public static Set<Sym> symbols(Expr e) {
        Set<Sym> into = new LinkedHashSet<>();
        walk(e, x -> {
            if (x instanceof Sym s) {
                into.add(s);
            }
            return x;
        });
        return into;
    }

    /**
     * {@code e} with each symbol that has a definition in {@code definitions} replaced by that definition,
     * repeatedly, so a formula written with derived quantities ({@code N·C_out·L_out}) can be shown in terms of
     * the given ones alone.
     */
    public static Expr expand(Expr e, Map<Sym, Expr> definitions) {
        return walk(e, x -> x instanceof Sym s && definitions.containsKey(s) ? expand(definitions.get(s), definitions) : x);
    }

    /** Rebuilds {@code e} bottom-up, applying {@code f} to every node after its children. */
    private static Expr walk(Expr e, UnaryOperator<Expr> f) {
        Expr rebuilt;
        if (e instanceof Sum s) {
            rebuilt = new Sum(s.terms().stream().map(t -> walk(t, f)).toList());
        } else if (e instanceof Product p) {
            rebuilt = new Product(p.factors().stream().map(t -> walk(t, f)).toList());
        } else if (e instanceof Difference d) {
            rebuilt = new Difference(walk(d.minuend(), f), walk(d.subtrahend(), f));
        } else if (e instanceof Quotient q) {
            rebuilt = new Quotient(walk(q.dividend(), f), walk(q.divisor(), f));
        } else if (e instanceof FloorQuotient q) {
            rebuilt = new FloorQuotient(walk(q.dividend(), f), walk(q.divisor(), f));
        } else if (e instanceof CeilQuotient q) {
            rebuilt = new CeilQuotient(walk(q.dividend(), f), walk(q.divisor(), f));
        } else if (e instanceof Extremum x) {
            rebuilt = new Extremum(x.max(), x.operands().stream().map(t -> walk(t, f)).toList());
        } else if (e instanceof TapCount t) {
            rebuilt = new TapCount(t.position(), walk(t.positions(), f), walk(t.taps(), f), walk(t.stride(), f),
                    walk(t.dilation(), f), walk(t.padding(), f), walk(t.range(), f));
        } else if (e instanceof CoveredCount c) {
            rebuilt = new CoveredCount(c.position(), walk(c.positions(), f), walk(c.taps(), f), walk(c.stride(), f),
                    walk(c.dilation(), f), walk(c.padding(), f), walk(c.range(), f));
        } else if (e instanceof Sigma s) {
            rebuilt = new Sigma(s.index(), walk(s.from(), f), walk(s.to(), f), walk(s.body(), f));
        } else if (e instanceof Float64Trunc t) {
            rebuilt = new Float64Trunc(walk(t.body(), f));
        } else {
            rebuilt = e;
        }
        return f.apply(rebuilt);
    }
}
