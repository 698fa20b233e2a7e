package org.flopcheck.layers;

import org.flopcheck.InvalidArgumentException;

/**
 * Argument checks with torch's meaning and our message style: {@code "Conv2d: groups (0) must be positive"}.
 * Each check names the layer, the keyword argument and the value.
 */
final class Args {
    private Args() {
    }

    static long positive(String layer, String argument, long value) {
        if (value < 1) {
            throw new InvalidArgumentException(argument, layer + ": " + argument + " (" + value + ") must be positive");
        }
        return value;
    }

    static long nonNegative(String layer, String argument, long value) {
        if (value < 0) {
            throw new InvalidArgumentException(argument, layer + ": " + argument + " (" + value
                    + ") must not be negative");
        }
        return value;
    }

    /** Expands one value to every dimension or checks that a tuple has one value per dimension. */
    static Dims perDimension(String layer, String argument, int dims, long... values) {
        if (values.length == 1) {
            return Dims.repeat(values[0], dims);
        }
        if (values.length != dims) {
            throw new InvalidArgumentException(argument, layer + ": " + argument + " must be one integer or "
                    + dims + " integers, got " + values.length + ": " + Dims.of(values));
        }
        return Dims.of(values);
    }

    static Dims positiveEach(String layer, String argument, Dims dims) {
        for (long v : dims.values()) {
            if (v < 1) {
                throw new InvalidArgumentException(argument, layer + ": " + argument + " " + dims
                        + " must be positive in every dimension");
            }
        }
        return dims;
    }

    static Dims nonNegativeEach(String layer, String argument, Dims dims) {
        for (long v : dims.values()) {
            if (v < 0) {
                throw new InvalidArgumentException(argument, layer + ": " + argument + " " + dims
                        + " must not be negative in any dimension");
            }
        }
        return dims;
    }

    static void divisible(String layer, String argument, long value, String byArgument, long by) {
        if (value % by != 0) {
            // the divisor is what a spec most often gets wrong, and the value set last through the setters
            throw new InvalidArgumentException(byArgument, layer + ": " + argument + " (" + value
                    + ") must be divisible by " + byArgument + " (" + by + ")");
        }
    }

    /** Checks that a keyword is one of torch's allowed values, listing them when it is not. */
    static String oneOf(String layer, String argument, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw new InvalidArgumentException(argument, layer + ": " + argument + " '" + value + "' is not one of "
                + String.join(", ", java.util.Arrays.stream(allowed).map(a -> "'" + a + "'").toList()));
    }

    /** Python's spelling of a boolean in a module repr. */
    static String py(boolean b) {
        return b ? "True" : "False";
    }
}
