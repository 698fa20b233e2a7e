package org.flopcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A caller's mistake: a layer configured in a way torch rejects, an input shape the layer cannot take, or a count
 * that does not fit in a {@code long}. The message is one line that names the layer, the argument and the values,
 * and says what is allowed.
 *
 * <p>{@link #argument()} is the torch keyword argument the message is about ({@code "groups"}, {@code "input"}),
 * and {@link #path()} the row names from the model's root to the layer that failed ({@code ["features", "3"]}), so
 * a caller that read the model from a file can point at the field it came from.
 */
public abstract sealed class FlopcheckException extends IllegalArgumentException
        permits InvalidArgumentException, InvalidShapeException, CountOverflowException, InvalidSpecException {
    private static final long serialVersionUID = 1L;

    private final String argument;
    private final List<String> path;
    private final String layer;
    private transient Object origin;

    protected FlopcheckException(String argument, String message, List<String> path, String layer) {
        super(message);
        this.argument = argument;
        this.path = List.copyOf(path);
        this.layer = layer;
    }

    /**
     * The layer object that failed, when a parent recorded it with {@link #within(String, String, Object)}; a
     * caller that read the model from a spec can look up where in the file that layer was written.
     */
    public java.util.Optional<Object> origin() {
        return java.util.Optional.ofNullable(origin);
    }

    /** The torch keyword argument the message is about, when there is one. */
    public Optional<String> argument() {
        return Optional.ofNullable(argument);
    }

    /** Row names from the root of the model to the failing layer; empty when the failing layer is the root. */
    public List<String> path() {
        return path;
    }

    /** The message without the location prefix. */
    public String reason() {
        return super.getMessage();
    }

    /** {@code layer 1.linear1 (Linear): Linear expects input (*, H_in=512), got (4, 256)}. */
    @Override
    public String getMessage() {
        if (path.isEmpty()) {
            return super.getMessage();
        }
        return "layer " + String.join(".", path) + " (" + layer + "): " + super.getMessage();
    }

    /** The same mistake seen from a parent that calls the failing layer under {@code rowName}. */
    public FlopcheckException within(String rowName, String layerType) {
        List<String> outer = new ArrayList<>();
        outer.add(rowName);
        outer.addAll(path);
        FlopcheckException e = rebuild(outer, path.isEmpty() ? layerType : layer);
        e.origin = origin;
        return e;
    }

    /**
     * As {@link #within(String, String)}, recording {@code child} as the failing layer when the mistake comes
     * from the child itself rather than from deeper inside it.
     */
    public FlopcheckException within(String rowName, String layerType, Object child) {
        FlopcheckException e = within(rowName, layerType);
        if (e.origin == null) {
            e.origin = child;
        }
        return e;
    }

    abstract FlopcheckException rebuild(List<String> path, String layer);
}
