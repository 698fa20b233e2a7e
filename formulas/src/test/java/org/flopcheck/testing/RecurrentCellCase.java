package org.flopcheck.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.RecurrentCell;
import org.flopcheck.oracle.RecurrentOracle;
import org.flopcheck.shape.Shape;

/**
 * A generated single-step cell: the layer, its inputs (input, optionally the state), the oracle's arguments (one
 * layer, one direction, one time step) and the regimes it exercises.
 */
public record RecurrentCellCase(RecurrentCell<?> layer, Inputs inputs, RecurrentOracle.Args args, boolean batched,
                                Set<String> regimes) {

    /** The oracle's new state (and cell state), {@code (N, H)} or unbatched {@code (H)}. */
    public List<Shape> expectedOutputs(RecurrentOracle.Run run) {
        List<Shape> shapes = new ArrayList<>();
        long[] o = run.output();   // (1, N, H): one step, one direction
        shapes.add(batched ? Shape.of(o[1], o[2]) : Shape.of(o[2]));
        if (run.cn() != null) {
            long[] c = run.cn();
            shapes.add(batched ? Shape.of(c[1], c[2]) : Shape.of(c[2]));
        }
        return shapes;
    }

    @Override
    public String toString() {
        return layer + " on " + inputs + " " + regimes;
    }
}
