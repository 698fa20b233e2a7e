package org.flopcheck.terms;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * A layer's own terms as a worksheet recorded them: each term's {@linkplain TermKind kind} and value, in order.
 * Counting reads only values and names; the {@link Term} objects are made the first time {@link #terms()} is read.
 */
public final class TermTable {
    /** No terms, as for a composite or a shape-only layer. */
    public static final TermTable EMPTY = new TermTable(new TermKind[0], new long[0], 0);

    private final TermKind[] kinds;
    private final long[] values;
    private final int size;
    /** Made on the first read; immutable, so threads racing to make it agree. */
    private List<Term> terms;

    private TermTable(TermKind[] kinds, long[] values, int size) {
        this.kinds = kinds;
        this.values = values;
        this.size = size;
    }

    public int size() {
        return size;
    }

    public TermKind kind(int i) {
        return kinds[java.util.Objects.checkIndex(i, size)];
    }

    public long value(int i) {
        return values[java.util.Objects.checkIndex(i, size)];
    }

    /** The value of the first term with this name, or empty if no term has it. */
    public OptionalLong value(String name) {
        for (int i = 0; i < size; i++) {
            if (kinds[i].name().equals(name)) {
                return OptionalLong.of(values[i]);
            }
        }
        return OptionalLong.empty();
    }

    /** The terms, in the order they were recorded. */
    public List<Term> terms() {
        List<Term> t = terms;
        if (t == null) {
            t = new Builder(kinds, values, size).terms();
            terms = t;
        }
        return t;
    }

    /** The kinds of terms a layer usually records, in the order it records them. */
    public static final class Order {
        private final TermKind[] kinds;

        private Order(TermKind[] kinds) {
            this.kinds = kinds;
        }

        public static Order of(TermKind... kinds) {
            return new Order(kinds.clone());
        }
    }

    /** Records terms one at a time; {@link #build()} hands its arrays to the table, and the builder is done. */
    public static final class Builder {
        private TermKind[] kinds;
        private long[] values;
        private int size;
        /** The expected kinds, or null: while the terms come in that order, {@link #kinds} is this array, unwritten. */
        private final TermKind[] order;

        private Builder(TermKind[] kinds, long[] values, int size) {
            this.kinds = kinds;
            this.values = values;
            this.size = size;
            this.order = null;
        }

        /** A builder with room for {@code expected} terms before it grows. */
        public Builder(int expected) {
            kinds = new TermKind[Math.max(1, expected)];
            values = new long[kinds.length];
            order = null;
        }

        /**
         * A builder expecting the kinds of {@code order}, in that order: while they come so, only values are stored
         * and the table shares the order's array. A term out of that order copies the kinds recorded so far.
         */
        public Builder(Order order) {
            this.order = order.kinds;
            kinds = this.order;
            values = new long[Math.max(1, kinds.length)];
        }

        /**
         * Records a term.
         *
         * @throws IllegalArgumentException when the value is negative, as {@link Term} does
         */
        public Builder add(TermKind kind, long value) {
            if (value < 0) {
                throw new IllegalArgumentException("term '" + kind.name() + "' has a negative count: " + value);
            }
            if (kinds == order) {
                if (size < kinds.length && kinds[size] == kind) {
                    values[size++] = value;
                    return this;
                }
                kinds = Arrays.copyOf(order, values.length);   // leaves the shared order
            }
            if (size == kinds.length) {
                kinds = Arrays.copyOf(kinds, 2 * size);
                values = Arrays.copyOf(values, 2 * size);
            }
            kinds[size] = kind;
            values[size++] = value;
            return this;
        }

        /** The terms recorded so far, made now. */
        public List<Term> terms() {
            Term[] made = new Term[size];
            for (int i = 0; i < size; i++) {
                made[i] = kinds[i].term(values[i]);
            }
            return List.of(made);
        }

        public TermTable build() {
            TermTable table = new TermTable(kinds, values, size);
            kinds = null;   // the table owns the arrays now
            values = null;
            return table;
        }
    }
}
