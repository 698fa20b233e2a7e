package org.flopcheck.testing;

import java.util.Set;
import org.flopcheck.layers.Linear;
import org.flopcheck.shape.Shape;

/** A generated linear layer with its input and the regimes it exercises. */
public record LinearCase(Linear layer, Shape input, long outFeatures, boolean bias, Set<String> regimes) {
    @Override
    public String toString() {
        return layer + " on " + input;
    }
}
