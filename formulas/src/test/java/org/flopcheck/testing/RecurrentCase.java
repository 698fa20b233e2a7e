package org.flopcheck.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Recurrent;
import org.flopcheck.oracle.RecurrentOracle;
import org.flopcheck.shape.Shape;

/**
 * A generated recurrent network: the layer, the inputs it is run on (the sequence, optionally h_0 and c_0), the same
 * arguments as plain values for the oracle, and the regimes it exercises ({@code bidirectional}, {@code unbatched},
 * ...).
 */
public record RecurrentCase(Recurrent<?> layer, Inputs inputs, RecurrentOracle.Args args, boolean batched,
                            Set<String> regimes) {

    /**
     * The oracle's outputs in torch's layout for this input: sequence or batch first, the batch dimension dropped
     * for an unbatched input.
     */
    public List<Shape> expectedOutputs(RecurrentOracle.Run run) {
        List<Shape> shapes = new ArrayList<>();
        long[] o = run.output();
        if (!batched) {
            shapes.add(Shape.of(o[0], o[2]));
        } else if (layer.batchFirst()) {
            shapes.add(Shape.of(o[1], o[0], o[2]));
        } else {
            shapes.add(Shape.of(o));
        }
        shapes.add(state(run.hn()));
        if (run.cn() != null) {
            shapes.add(state(run.cn()));
        }
        return shapes;
    }

    private Shape state(long[] s) {
        return batched ? Shape.of(s) : Shape.of(s[0], s[2]);
    }

    @Override
    public String toString() {
        return layer + " on " + inputs + " " + regimes;
    }
}
