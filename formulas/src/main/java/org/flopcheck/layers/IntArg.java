package org.flopcheck.layers;

import org.flopcheck.InvalidArgumentException;

/**
 * An integer argument kept the way the caller gave it, as torch's pooling modules keep it: one integer for every
 * dimension ({@code kernel_size=2}) or a tuple ({@code kernel_size=(2, 3)}). The repr prints it back the same way;
 * the counts only see {@link #dims()}.
 *
 * @param dims   one value per spatial dimension
 * @param scalar true when it was given as one integer
 */
record IntArg(Dims dims, boolean scalar) {

    /** One value (a scalar, repeated to every dimension) or one value per dimension (a tuple). */
    static IntArg of(String layer, String argument, int n, long... values) {
        if (values.length == 1) {
            return new IntArg(Dims.repeat(values[0], n), true);
        }
        if (values.length != n) {
            throw new InvalidArgumentException(argument, layer + ": " + argument + " must be one integer or " + n
                    + " integers, got " + values.length + ": " + Dims.of(values));
        }
        return new IntArg(Dims.of(values), false);
    }

    /** A tuple, printed as one even when it has one value: {@code (3,)}. */
    static IntArg tuple(Dims dims) {
        return new IntArg(dims, false);
    }

    long get(int i) {
        return dims.get(i);
    }

    /** Python's repr of what was given: {@code 2} or {@code (2, 3)}. */
    @Override
    public String toString() {
        return scalar ? String.valueOf(dims.get(0)) : dims.toString();
    }
}
