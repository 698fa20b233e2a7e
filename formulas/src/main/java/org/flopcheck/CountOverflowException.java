package org.flopcheck;

import java.util.List;

/**
 * A count that does not fit in a signed 64-bit {@code long}. The message names the quantity, for example
 * {@code Linear weight multiplications overflows long: M·H_out·H_in with M=..., H_out=..., H_in=...}. Counts are
 * never wrapped.
 */
public final class CountOverflowException extends FlopcheckException {
    private static final long serialVersionUID = 1L;

    public CountOverflowException(String message) {
        this(message, List.of(), null);
    }

    private CountOverflowException(String message, List<String> path, String layer) {
        super(null, message, path, layer);
    }

    @Override
    FlopcheckException rebuild(List<String> path, String layer) {
        CountOverflowException e = new CountOverflowException(reason(), path, layer);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
