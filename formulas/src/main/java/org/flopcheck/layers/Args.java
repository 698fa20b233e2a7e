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

    /**
     * The most terms flopcheck sums one at a time (adaptive windows, kernel taps of transposed convolution and
     * pooling): about a second of work. Beyond it a count needs a closed form flopcheck does not have, and it refuses
     * rather than running for hours; torch itself could not hold tensors of such sizes in memory.
     */
    static final long ENUMERATED_TERMS = 1L << 22;

    /** Refuses a size that would make flopcheck sum more than {@link #ENUMERATED_TERMS} terms one by one. */
    static long enumerable(String layer, String argument, String what, long value) {
        return enumerable(layer, argument, () -> what, value);
    }

    /** {@link #enumerable(String, String, String, long)} with {@code what} composed only for the message. */
    static long enumerable(String layer, String argument, java.util.function.Supplier<String> what, long value) {
        if (value > ENUMERATED_TERMS) {
            String message = layer + ": " + what.get() + " (" + org.flopcheck.expr.PlainText.grouped(value)
                    + ") is more"
                    + " than the " + org.flopcheck.expr.PlainText.grouped(ENUMERATED_TERMS) + " positions flopcheck"
                    + " sums one by one";
            throw argument.equals("input") ? new org.flopcheck.InvalidShapeException(argument, message)
                    : new InvalidArgumentException(argument, message);
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
