package org.flopcheck;

import java.util.List;

/**
 * A model or layer spec that cannot be read: an unknown layer type or argument, a missing required argument, a
 * value of the wrong type, or a configuration torch rejects. {@link #location()} is the JSON path of the offending
 * field ({@code $.model.layers[2].groups}), with the line and column when the reader knows them; the message
 * starts with it.
 */
public final class InvalidSpecException extends FlopcheckException {
    private static final long serialVersionUID = 1L;

    private final String location;

    public InvalidSpecException(String location, String message) {
        super(null, message, List.of(), null);
        this.location = location;
    }

    /** The JSON path of the offending field, with line and column when known. */
    public String location() {
        return location;
    }

    /** {@code $.model.layers[2].groups: Conv2d: in_channels (6) must be divisible by groups (4)}. */
    @Override
    public String getMessage() {
        return location + ": " + reason();
    }

    @Override
    FlopcheckException rebuild(List<String> path, String layer) {
        return this;
    }
}
