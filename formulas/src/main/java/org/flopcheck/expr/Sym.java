package org.flopcheck.expr;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named quantity such as {@code C_in} (input channels) or {@code L_out} (output length).
 *
 * <p>The name is what plain text prints; an underscore starts a subscript in MathML ({@code C_in} renders as C
 * with subscript "in"). Two symbols are the same symbol when their names are equal; the meaning is the line a
 * symbol table shows.
 *
 * <p>Each name is numbered once per run ({@link #id()}): symbols of one name share the number, so a binding set
 * finds a symbol by comparing two {@code int}s instead of two strings. Names come from the layers' own code
 * (axis letters, subscripts), a vocabulary of a few hundred, so the numbering stays small.
 */
public final class Sym implements Expr {
    /** The number given to each name so far. */
    private static final ConcurrentMap<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final String name;
    private final String meaning;
    private final int id;
    /**
     * Where this symbol was last found in a {@link Bindings}: a layer binds its symbols in the same order on every
     * analysis, so the next lookup usually finds it there at once. Only a hint, checked before it is trusted;
     * threads that race on it at worst make a lookup search.
     */
    int slotHint;

    /**
     * @param name    {@code C_in}: a letter, then letters or digits, optionally {@code _} and a subscript
     * @param meaning {@code input channels}
     */
    public Sym(String name, String meaning) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(meaning, "meaning");
        if (!validName(name)) {
            throw new IllegalArgumentException("symbol name must look like C_in or K, got '" + name + "'");
        }
        this.name = name;
        this.meaning = meaning;
        Integer known = IDS.get(name);
        // computeIfAbsent runs the function at most once per name: every name gets its own number
        this.id = known != null ? known : IDS.computeIfAbsent(name, n -> NEXT_ID.getAndIncrement());
    }

    /** {@code C_in}: what plain text prints. */
    public String name() {
        return name;
    }

    /** {@code input channels}: the line a symbol table shows. */
    public String meaning() {
        return meaning;
    }

    /** The number of this symbol's name, the same for every symbol of that name; equal ids mean equal names. */
    public int id() {
        return id;
    }

    /** A letter, then letters or digits, optional primes, then optionally {@code _} and a subscript. */
    private static boolean validName(String name) {
        int n = name.length();
        if (n == 0 || !isLetter(name.charAt(0))) {
            return false;
        }
        int i = 1;
        while (i < n && (isLetter(name.charAt(i)) || Character.isDigit(name.charAt(i)))) {
            i++;
        }
        while (i < n && name.charAt(i) == '\'') {
            i++;
        }
        if (i == n) {
            return true;
        }
        if (name.charAt(i) != '_' || i == n - 1) {
            return false;
        }
        for (i++; i < n; i++) {
            char c = name.charAt(i);
            if (!(isLetter(c) || Character.isDigit(c) || c == ',')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The part before the underscore: {@code C} for {@code C_in}. */
    public String base() {
        int i = name.indexOf('_');
        return i < 0 ? name : name.substring(0, i);
    }

    /** The subscript, or the empty string: {@code in} for {@code C_in}. */
    public String subscript() {
        int i = name.indexOf('_');
        return i < 0 ? "" : name.substring(i + 1);
    }

    @Override
    public long eval(Bindings bindings) {
        return bindings.value(this);
    }

    @Override
    public int precedence() {
        return 3;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sym other && id == other.id;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
