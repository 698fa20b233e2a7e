package org.flopcheck.expr;

import java.util.Objects;

/**
 * A named quantity such as {@code C_in} (input channels) or {@code L_out} (output length).
 *
 * <p>The name is what plain text prints; an underscore starts a subscript in MathML ({@code C_in} renders as C
 * with subscript "in"). Two symbols are the same symbol when their names are equal; the meaning is the line a
 * symbol table shows.
 *
 * @param name    {@code C_in}: a letter, then letters or digits, optionally {@code _} and a subscript
 * @param meaning {@code input channels}
 */
public record Sym(String name, String meaning) implements Expr {
    public Sym {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(meaning, "meaning");
        if (!validName(name)) {
            throw new IllegalArgumentException("symbol name must look like C_in or K, got '" + name + "'");
        }
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
        return o instanceof Sym other && name.equals(other.name);
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
