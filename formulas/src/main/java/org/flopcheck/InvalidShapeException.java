package org.flopcheck;

import java.util.List;

/**
 * An input shape the layer cannot take, for example
 * {@code Conv2d expects input (N, C_in=8, H, W) or (C_in=8, H, W), got (1, 3, 32, 32): 3 channels, not 8}.
 */
public final class InvalidShapeException extends FlopcheckException {
    private static final long serialVersionUID = 1L;

    public InvalidShapeException(String argument, String message) {
        this(argument, message, List.of(), null);
    }

    private InvalidShapeException(String argument, String message, List<String> path, String layer) {
        super(argument, message, path, layer);
    }

    @Override
    FlopcheckException rebuild(List<String> path, String layer) {
        InvalidShapeException e = new InvalidShapeException(argument().orElse(null), reason(), path, layer);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
