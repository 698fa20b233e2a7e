package org.flopcheck.testing;

import java.util.Set;
import java.util.function.Supplier;
import org.flopcheck.layers.Layer;
import org.flopcheck.oracle.OracleRun;
import org.flopcheck.shape.Shape;

/**
 * A generated layer with the input it runs on, the oracle run of the same configuration (executed on demand), and
 * the regimes it exercises.
 *
 * @param batchDim true when dimension 0 of the input is a batch: every count scales with it
 */
public record OracleCase(Layer layer, Shape input, Supplier<OracleRun> oracle, boolean batchDim,
                         Set<String> regimes) {

    @Override
    public String toString() {
        return layer + " on " + input + " " + regimes;
    }
}
