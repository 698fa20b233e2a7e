/**
 * Count formulas as expression objects.
 *
 * <p>An {@link org.flopcheck.expr.Expr} is built once from named {@link org.flopcheck.expr.Sym symbols} and
 * integer constants. The same object {@linkplain org.flopcheck.expr.Expr#eval evaluates} to an exact
 * {@code long} (never a silent wrap: {@link java.lang.ArithmeticException} on overflow), prints as plain text
 * with {@link org.flopcheck.expr.PlainText} and as MathML with {@link org.flopcheck.expr.MathML}, either
 * symbolically or with the values substituted. A javadoc formula, a derivation step, an error message and a page
 * on the site are all renderings of one object.
 */
package org.flopcheck.expr;
