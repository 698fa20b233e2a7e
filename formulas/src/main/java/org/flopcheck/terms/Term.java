package org.flopcheck.terms;

import java.util.Objects;
import org.flopcheck.expr.Expr;

/**
 * One named kind of scalar operation a layer performs, with its closed form and its value for one input.
 *
 * <p>Example, for {@code Conv1d(3, 16, 5)} on (1, 3, 100): {@code weight multiplications = N·C_out·L_out·C_in/g·K
 * = 23,040}, a {@link Op#MULTIPLICATION} that is part of a multiply-accumulate.
 *
 * @param name    what is counted, plural, lower case: {@code products summed within a window}
 * @param op      the operation counted
 * @param count   the closed form over the layer's symbols
 * @param value   the closed form's value for this analysis
 * @param mac     true when these are the multiplications of dot products (weight by input, or in attention query
 *                by key and weight by value): the terms the {@code macs} convention counts
 * @param note    one sentence on why the term has this form, or the empty string
 */
public record Term(String name, Op op, Expr count, long value, boolean mac, String note) {
    public Term {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(note, "note");
        if (value < 0) {
            throw new IllegalArgumentException("term '" + name + "' has a negative count: " + value);
        }
        if (mac && op != Op.MULTIPLICATION) {
            throw new IllegalArgumentException("only multiplications can be the products of multiply-accumulates: "
                    + name);
        }
    }

    @Override
    public String toString() {
        return name + " = " + count.plain() + " = " + org.flopcheck.expr.PlainText.grouped(value);
    }
}
