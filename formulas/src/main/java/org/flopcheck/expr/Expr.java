package org.flopcheck.expr;

/**
 * An integer-valued formula over named symbols.
 *
 * <p>Evaluation is exact: every operation goes through {@link Math#addExact}, {@link Math#multiplyExact} and
 * friends, so a result that does not fit in a {@code long} raises {@link ArithmeticException} rather than
 * wrapping; callers that know which quantity they computed turn that into a named
 * {@link org.flopcheck.CountOverflowException}.
 *
 * <p>Build expressions with the factory methods of {@link Exprs}; render them with {@link PlainText} or
 * {@link MathML}.
 */
public sealed interface Expr
        permits Num, Sym, Sum, Difference, Product, Quotient, FloorQuotient, CeilQuotient, Extremum, TapCount,
        CoveredCount, Sigma, Float64Trunc {

    /** The exact value of this expression with every symbol bound in {@code bindings}. */
    long eval(Bindings bindings);

    /** Binding strength for parenthesising: 1 for sums and differences, 2 for products and quotients, 3 atoms. */
    int precedence();

    /** Plain-text rendering, symbolic: {@code N·C_out·L_out·(2·C_in·K − g)/g}. */
    default String plain() {
        return PlainText.render(this);
    }
}
