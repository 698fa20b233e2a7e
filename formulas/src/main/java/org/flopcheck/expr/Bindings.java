package org.flopcheck.expr;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Values of symbols, in the order they were bound. Immutable; {@link #with} makes a new binding set that sees this
 * one's values plus one more (used for summation indices).
 */
public final class Bindings {
    private static final Bindings EMPTY = new Bindings(new Sym[0], new long[0], 0);

    // a handful of symbols per layer: parallel arrays searched linearly beat a hash map here
    private Sym[] keys;
    private long[] vals;
    private int size;

    private Bindings(Sym[] keys, long[] vals, int size) {
        this.keys = keys;
        this.vals = vals;
        this.size = size;
    }

    public static Bindings empty() {
        return EMPTY;
    }

    /** A binding set holding exactly these values, in the map's iteration order. */
    public static Bindings of(Map<Sym, Long> values) {
        Sym[] k = new Sym[values.size()];
        long[] v = new long[values.size()];
        int i = 0;
        for (Map.Entry<Sym, Long> e : values.entrySet()) {
            k[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new Bindings(k, v, i);
    }

    /**
     * Where {@code symbol}, or a symbol of the same name (symbols are equal by name), is bound, or -1. A binding
     * set never holds two symbols of one name ({@link #with} and {@link Builder#put} refuse the second), so the
     * first match is the only one.
     */
    private int indexOf(Sym symbol) {
        int hint = symbol.slotHint;
        if (hint < size && keys[hint] == symbol) {
            return hint;
        }
        int id = symbol.id();   // equal ids are equal names
        for (int i = 0; i < size; i++) {
            if (keys[i].id() == id) {
                symbol.slotHint = i;
                return i;
            }
        }
        return -1;
    }

    /** This binding set plus {@code symbol = value}; the symbol must not be bound yet. */
    public Bindings with(Sym symbol, long value) {
        if (indexOf(symbol) >= 0) {
            throw new IllegalStateException("symbol " + symbol + " is already bound");
        }
        Sym[] k = Arrays.copyOf(keys, size + 1);
        long[] v = Arrays.copyOf(vals, size + 1);
        k[size] = symbol;
        v[size] = value;
        return new Bindings(k, v, size + 1);
    }

    /** The value of {@code symbol}; a symbol without a value is a programming error. */
    public long value(Sym symbol) {
        int i = indexOf(symbol);
        if (i < 0) {
            throw new IllegalStateException("symbol " + symbol + " has no value; bound: " + asMap().keySet());
        }
        return vals[i];
    }

    public boolean has(Sym symbol) {
        return indexOf(symbol) >= 0;
    }

    /** Every bound symbol with its value, in binding order. */
    public Map<Sym, Long> asMap() {
        Map<Sym, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(keys[i], vals[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** An order of distinct symbols a {@link Builder} may expect them in. */
    public static final class Order {
        private final Sym[] symbols;

        private Order(Sym[] symbols) {
            this.symbols = symbols;
        }

        /** @throws IllegalArgumentException when two symbols have one name */
        public static Order of(Sym... symbols) {
            Sym[] s = symbols.clone();
            for (int i = 0; i < s.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (s[j].equals(s[i])) {
                        throw new IllegalArgumentException("symbol " + s[i] + " appears twice in an order");
                    }
                }
            }
            return new Order(s);
        }
    }

    /**
     * Binds symbols one at a time, as a worksheet defines them. {@link #live()} is a view that sees every value
     * bound so far, for evaluating the next formula without copying.
     */
    public static final class Builder {
        // no arrays until the first binding: a composite layer often binds nothing
        private final Bindings live = new Bindings(EMPTY.keys, EMPTY.vals, 0);
        /**
         * One bit per name bound so far, chosen by the low six bits of its id: a symbol whose bit is clear cannot
         * be bound yet, so most bindings skip the search for a name already bound.
         */
        private long nameBits;
        /** How many entries the arrays get when the first symbol is bound. */
        private final int firstCapacity;
        /**
         * The symbols in the order a layer usually binds them, or null: while every binding is the next of these,
         * the bindings' keys are this array itself, shared and never written, and only the values are stored.
         */
        private final Sym[] order;

        /** A builder for a handful of values. */
        public Builder() {
            this(8);
        }

        /** A builder for about {@code expected} values: its arrays are allocated once, at the first binding. */
        public Builder(int expected) {
            this.firstCapacity = Math.max(1, expected);
            this.order = null;
        }

        /**
         * A builder expecting the symbols of {@code order}, distinct, bound in that order: while they are, a
         * binding only stores its value. A binding out of that order copies the symbols bound so far and goes on as
         * any builder does.
         */
        public Builder(Order order) {
            this.firstCapacity = order.symbols.length;
            this.order = order.symbols;
            live.keys = this.order;
            live.vals = new long[this.order.length];
        }

        /** Binds {@code symbol}; binding a symbol twice is a programming error. */
        public Builder put(Sym symbol, long value) {
            Sym[] keys = live.keys;
            int size = live.size;
            if (keys == order && size < keys.length && keys[size] == symbol) {
                // the next expected symbol: distinct from those before it, so not bound yet
                live.vals[size] = value;
                live.size = size + 1;
                return this;
            }
            if (keys == order && order != null) {
                int capacity = size < order.length ? order.length : 2 * size + 1;
                live.keys = Arrays.copyOf(order, capacity);   // leaves the shared order
                live.vals = Arrays.copyOf(live.vals, capacity);
                for (int i = 0; i < size; i++) {
                    nameBits |= 1L << order[i].id();
                }
            }
            int id = symbol.id();
            long bit = 1L << id;   // the shift takes the low six bits
            if ((nameBits & bit) != 0 && live.indexOf(symbol) >= 0) {
                throw new IllegalStateException("symbol " + symbol + " is already bound");
            }
            nameBits |= bit;
            if (live.size == live.keys.length) {
                int capacity = live.size == 0 ? firstCapacity : live.size * 2;
                live.keys = Arrays.copyOf(live.keys, capacity);
                live.vals = Arrays.copyOf(live.vals, capacity);
            }
            live.keys[live.size] = symbol;
            live.vals[live.size++] = value;
            return this;
        }

        /** A view of the values bound so far; it changes as more are bound. */
        public Bindings live() {
            return live;
        }

        /**
         * The values bound so far, immutably. The result shares this builder's arrays without copying them: a
         * builder only ever appends (and copies its arrays when they grow), so the entries the result sees, the
         * first {@code size} of each array, are never written again.
         */
        public Bindings build() {
            return new Bindings(live.keys, live.vals, live.size);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bindings other && asMap().equals(other.asMap());
    }

    @Override
    public int hashCode() {
        return Objects.hash(asMap());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(keys[i].name()).append('=').append(vals[i]);
        }
        return sb.toString();
    }
}
