package org.flopcheck.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Values of symbols, in the order they were bound. Immutable; {@link #with} makes a new binding set that sees this
 * one's values plus one more (used for summation indices).
 */
public final class Bindings {
    private static final Bindings EMPTY = new Bindings(Map.of());

    private final Map<Sym, Long> values;

    private Bindings(Map<Sym, Long> values) {
        this.values = values;
    }

    public static Bindings empty() {
        return EMPTY;
    }

    /** A binding set holding exactly these values, in the map's iteration order. */
    public static Bindings of(Map<Sym, Long> values) {
        return new Bindings(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** This binding set plus {@code symbol = value}; the symbol must not be bound yet. */
    public Bindings with(Sym symbol, long value) {
        if (values.containsKey(symbol)) {
            throw new IllegalStateException("symbol " + symbol + " is already bound");
        }
        Map<Sym, Long> copy = new LinkedHashMap<>(values);
        copy.put(symbol, value);
        return new Bindings(Collections.unmodifiableMap(copy));
    }

    /** The value of {@code symbol}; a symbol without a value is a programming error. */
    public long value(Sym symbol) {
        Long value = values.get(symbol);
        if (value == null) {
            throw new IllegalStateException("symbol " + symbol + " has no value; bound: " + values.keySet());
        }
        return value;
    }

    public boolean has(Sym symbol) {
        return values.containsKey(symbol);
    }

    /** Every bound symbol with its value, in binding order. */
    public Map<Sym, Long> asMap() {
        return values;
    }

    /**
     * Binds symbols one at a time, as a worksheet defines them. {@link #live()} is a view that sees every value
     * bound so far, for evaluating the next formula without copying.
     */
    public static final class Builder {
        private final Map<Sym, Long> values = new LinkedHashMap<>();
        private final Bindings live = new Bindings(Collections.unmodifiableMap(values));

        /** Binds {@code symbol}; binding a symbol twice is a programming error. */
        public Builder put(Sym symbol, long value) {
            if (values.putIfAbsent(symbol, value) != null) {
                throw new IllegalStateException("symbol " + symbol + " is already bound");
            }
            return this;
        }

        /** A view of the values bound so far; it changes as more are bound. */
        public Bindings live() {
            return live;
        }

        /** An immutable copy of the values bound so far. */
        public Bindings build() {
            return Bindings.of(values);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bindings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k.name()).append('=').append(v));
        return sb.toString();
    }
}
