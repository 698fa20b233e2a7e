package org.flopcheck.spec;

import java.util.Objects;
import java.util.Optional;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;

/**
 * A whole spec file: an optional name, the shapes of the root's positional inputs, and the model.
 *
 * @param name   the spec's {@code "name"}, if given
 * @param inputs one shape per positional input, with inputs declared the same tensor as earlier ones
 * @param model  the root layer
 */
public record ModelSpec(Optional<String> name, Inputs inputs, Layer model) {
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(model, "model");
    }
}
