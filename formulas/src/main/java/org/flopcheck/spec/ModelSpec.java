package org.flopcheck.spec;

import java.util.Map;
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
public record ModelSpec(Optional<String> name, Inputs inputs, Layer model, Map<Layer, String> locations) {
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(model, "model");
        locations = java.util.Collections.unmodifiableMap(new java.util.IdentityHashMap<>(locations));
    }

    /** Where in the spec a layer object of this model was written ({@code $.model.layers[2]}), if it was. */
    public Optional<String> locationOf(Object layer) {
        return Optional.ofNullable(locations.get(layer));
    }
}
