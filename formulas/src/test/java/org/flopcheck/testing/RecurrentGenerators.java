package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flopcheck.layers.GRU;
import org.flopcheck.layers.GRUCell;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.LSTMCell;
import org.flopcheck.layers.RNN;
import org.flopcheck.layers.RNNCell;
import org.flopcheck.layers.Recurrent;
import org.flopcheck.layers.RecurrentCell;
import org.flopcheck.oracle.RecurrentOracle;
import org.flopcheck.oracle.RecurrentOracle.Kind;
import org.flopcheck.shape.Shape;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Valid recurrent networks (RNN with tanh or ReLU, LSTM with or without a projection, GRU) with every argument
 * varied: 1 to 3 layers, one or two directions, with and without bias, batch first, unbatched inputs, given initial
 * states, dropout; and their single-step cells. Sizes stay small so the oracle can run every configuration step by
 * step.
 */
public final class RecurrentGenerators {
    private static final double[] DROPOUTS = {0.0, 0.0, 0.0, 0.2, 0.5, 1.0};

    private RecurrentGenerators() {
    }

    /** RNNs, half with tanh and half with ReLU. */
    public static Gen<RecurrentCase> rnns() {
        return in -> generate(in, between(in, 0, 1) == 0 ? Kind.RNN_TANH : Kind.RNN_RELU);
    }

    /** LSTMs, a third of them with proj_size. */
    public static Gen<RecurrentCase> lstms() {
        return in -> generate(in, Kind.LSTM);
    }

    public static Gen<RecurrentCase> grus() {
        return in -> generate(in, Kind.GRU);
    }

    /** Any of the three kinds. */
    public static Gen<RecurrentCase> all() {
        return in -> switch ((int) between(in, 0, 3)) {
            case 0 -> generate(in, Kind.RNN_TANH);
            case 1 -> generate(in, Kind.RNN_RELU);
            case 2 -> generate(in, Kind.LSTM);
            default -> generate(in, Kind.GRU);
        };
    }

    /** RNNCells, half with tanh and half with ReLU. */
    public static Gen<RecurrentCellCase> rnnCells() {
        return in -> cell(in, between(in, 0, 1) == 0 ? Kind.RNN_TANH : Kind.RNN_RELU);
    }

    public static Gen<RecurrentCellCase> lstmCells() {
        return in -> cell(in, Kind.LSTM);
    }

    public static Gen<RecurrentCellCase> gruCells() {
        return in -> cell(in, Kind.GRU);
    }

    /** Any of the three cells. */
    public static Gen<RecurrentCellCase> allCells() {
        return in -> switch ((int) between(in, 0, 3)) {
            case 0 -> cell(in, Kind.RNN_TANH);
            case 1 -> cell(in, Kind.RNN_RELU);
            case 2 -> cell(in, Kind.LSTM);
            default -> cell(in, Kind.GRU);
        };
    }

    private static RecurrentCellCase cell(RandomnessSource in, Kind kind) {
        Set<String> regimes = new LinkedHashSet<>();
        int inputSize = (int) between(in, 1, 8);
        int hidden = (int) between(in, 1, 6);
        boolean bias = between(in, 0, 3) != 0;
        boolean batched = between(in, 0, 3) != 0;
        int batch = batched ? (int) between(in, 1, 5) : 1;
        boolean initialState = between(in, 0, 2) == 0;
        regimes.add(switch (kind) {
            case RNN_TANH -> "RNNCell tanh";
            case RNN_RELU -> "RNNCell relu";
            case LSTM -> "LSTMCell";
            case GRU -> "GRUCell";
        });
        note(regimes, !bias, "no bias");
        note(regimes, !batched, "unbatched");
        note(regimes, batch > 1, "batch > 1");
        note(regimes, initialState, "state given");
        RecurrentCell<?> layer = switch (kind) {
            case RNN_TANH -> RNNCell.of(inputSize, hidden);
            case RNN_RELU -> RNNCell.of(inputSize, hidden).nonlinearity("relu");
            case LSTM -> LSTMCell.of(inputSize, hidden);
            case GRU -> GRUCell.of(inputSize, hidden);
        };
        layer = layer.bias(bias);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(batched ? Shape.of(batch, inputSize) : Shape.of(inputSize));
        if (initialState) {
            Shape state = batched ? Shape.of(batch, hidden) : Shape.of(hidden);
            shapes.add(state);
            if (kind == Kind.LSTM) {
                shapes.add(state);
            }
        }
        RecurrentOracle.Args args = new RecurrentOracle.Args(kind, inputSize, hidden, 0, 1, false, bias, 1, batch,
                initialState);
        return new RecurrentCellCase(layer, Inputs.of(shapes), args, batched, regimes);
    }

    private static RecurrentCase generate(RandomnessSource in, Kind kind) {
        Set<String> regimes = new LinkedHashSet<>();
        int inputSize = (int) between(in, 1, 4);
        int hidden = (int) between(in, 1, 4);
        int proj = kind == Kind.LSTM && hidden >= 2 && between(in, 0, 2) == 0 ? (int) between(in, 1, hidden - 1) : 0;
        int layers = (int) between(in, 1, 3);
        boolean bidirectional = between(in, 0, 1) == 0;
        boolean bias = between(in, 0, 3) != 0;
        boolean batchFirst = between(in, 0, 2) == 0;
        boolean batched = between(in, 0, 3) != 0;
        int batch = batched ? (int) between(in, 1, 3) : 1;
        int length = (int) between(in, 1, 4);
        boolean initialState = between(in, 0, 2) == 0;
        double dropout = DROPOUTS[(int) between(in, 0, DROPOUTS.length - 1)];

        regimes.add(switch (kind) {
            case RNN_TANH -> "RNN tanh";
            case RNN_RELU -> "RNN relu";
            case LSTM -> proj > 0 ? "LSTM with proj_size" : "LSTM";
            case GRU -> "GRU";
        });
        regimes.add(layers == 1 ? "1 layer" : layers + " layers");
        note(regimes, bidirectional, "bidirectional");
        note(regimes, !bias, "no bias");
        note(regimes, batchFirst, "batch_first");
        note(regimes, !batched, "unbatched");
        note(regimes, batch > 1, "batch > 1");
        note(regimes, length > 1, "sequence length > 1");
        note(regimes, initialState, kind == Kind.LSTM ? "h_0 and c_0 given" : "h_0 given");
        note(regimes, dropout > 0, "dropout");

        Recurrent<?> layer = switch (kind) {
            case RNN_TANH -> RNN.of(inputSize, hidden);
            case RNN_RELU -> RNN.of(inputSize, hidden).nonlinearity("relu");
            case LSTM -> LSTM.of(inputSize, hidden).projSize(proj);
            case GRU -> GRU.of(inputSize, hidden);
        };
        layer = layer.numLayers(layers).bidirectional(bidirectional).bias(bias).batchFirst(batchFirst)
                .dropout(dropout);

        long stacked = (bidirectional ? 2L : 1L) * layers;
        long hOut = proj > 0 ? proj : hidden;
        List<Shape> shapes = new ArrayList<>();
        shapes.add(!batched ? Shape.of(length, inputSize)
                : batchFirst ? Shape.of(batch, length, inputSize) : Shape.of(length, batch, inputSize));
        if (initialState) {
            shapes.add(batched ? Shape.of(stacked, batch, hOut) : Shape.of(stacked, hOut));
            if (kind == Kind.LSTM) {
                shapes.add(batched ? Shape.of(stacked, batch, hidden) : Shape.of(stacked, hidden));
            }
        }
        RecurrentOracle.Args args = new RecurrentOracle.Args(kind, inputSize, hidden, proj, layers, bidirectional,
                bias, length, batch, initialState);
        return new RecurrentCase(layer, Inputs.of(shapes), args, batched, regimes);
    }

    private static long between(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    private static void note(Set<String> regimes, boolean condition, String regime) {
        if (condition) {
            regimes.add(regime);
        }
    }
}
