package org.flopcheck.terms;

import java.util.Objects;
import org.flopcheck.expr.Expr;

/**
 * A term apart from its value: its name, operation, formula, whether it counts the products of dot products, and
 * its note. A layer whose terms do not depend on its input writes their kinds once, with its formulas; a worksheet
 * records each term as its kind and value ({@link TermTable}), and the {@link Term} is made when it is read.
 */
public final class TermKind {
    private final String name;
    private final Op op;
    private final Expr count;
    private final boolean mac;
    private final String note;

    private TermKind(String name, Op op, Expr count, boolean mac, String note) {
        this.name = Objects.requireNonNull(name, "name");
        this.op = Objects.requireNonNull(op, "op");
        this.count = Objects.requireNonNull(count, "count");
        this.note = Objects.requireNonNull(note, "note");
        this.mac = mac;   // only mac() sets it, with multiplications, as a Term requires
    }

    /** A term of {@code op} operations, counted by {@code count}. */
    public static TermKind of(String name, Op op, Expr count, String note) {
        return new TermKind(name, op, count, false, note);
    }

    /** A term of the multiplications of dot products, the ones a multiply-accumulate count counts. */
    public static TermKind mac(String name, Expr count, String note) {
        return new TermKind(name, Op.MULTIPLICATION, count, true, note);
    }

    public String name() {
        return name;
    }

    public Op op() {
        return op;
    }

    public Expr count() {
        return count;
    }

    public boolean mac() {
        return mac;
    }

    public String note() {
        return note;
    }

    /** The term of this kind with this value. */
    public Term term(long value) {
        return new Term(name, op, count, value, mac, note);
    }

    @Override
    public String toString() {
        return name + " = " + count.plain();
    }
}
