package org.flopcheck;

import java.util.List;

/**
 * A constructor argument torch would reject, for example {@code Conv2d: in_channels (6) must be divisible by
 * groups (4)}.
 */
public final class InvalidArgumentException extends FlopcheckException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String argument, String message) {
        this(argument, message, List.of(), null);
    }

    private InvalidArgumentException(String argument, String message, List<String> path, String layer) {
        super(argument, message, path, layer);
    }

    @Override
    FlopcheckException rebuild(List<String> path, String layer) {
        InvalidArgumentException e = new InvalidArgumentException(argument().orElse(null), reason(), path, layer);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
