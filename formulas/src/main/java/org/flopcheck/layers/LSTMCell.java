package org.flopcheck.layers;

import java.util.List;

/**
 * A long short-term memory cell, one step, mirroring {@code torch.nn.LSTMCell(input_size, hidden_size, bias=True)}:
 * the update of {@link LSTM} without projection, {@code i, f, o = σ(…)}, {@code g = tanh(…)},
 * {@code c' = f⊙c + i⊙g}, {@code h' = o⊙tanh(c')} as torch's ATen {@code LSTMCell} computes it.
 *
 * <p><b>Shapes.</b> Input {@code (N, H_in)} or unbatched {@code (H_in)}; optional {@code h_0 (N, H)} and
 * {@code c_0 (N, H)} given together (unbatched {@code (H)}), zeros when not given; outputs {@code h_1 (N, H)} and
 * {@code c_1 (N, H)} (unbatched {@code (H)}).
 *
 * <p><b>Parameters.</b> {@code weight_ih (4·H, H_in)}, {@code weight_hh (4·H, H)}, and with bias
 * {@code bias_ih (4·H)} and {@code bias_hh (4·H)}.
 *
 * <p><b>Operations</b> per batch element: {@code 4·H·H_in + 4·H·H} weight multiplications (the MACs),
 * {@code 4·H·(H_in − 1) + 4·H·(H − 1)} additions within those dot products, {@code 8·H} bias additions,
 * {@code 4·H} combining additions, {@code 3·H} sigmoid and {@code 2·H} tanh evaluations, {@code 3·H}
 * multiplications and {@code H} additions for the cell and hidden state. Exact operations:
 * {@code N·(8·H·(H_in + H) + 13·H)} with bias, {@code N·(8·H·(H_in + H) + 5·H)} without.
 *
 * <p><b>Worked example.</b> torch's documentation example {@code LSTMCell(10, 20)} on {@code (3, 10)}:
 * {@code 4·20·10 + 4·20·20 + 2·4·20 = 2,560} parameters; {@code 3·4·20·(10 + 20) = 7,200} MACs; exact operations
 * {@code 3·(8·20·30 + 13·20) = 15,180}.
 */
public final class LSTMCell extends RecurrentCell<LSTMCell> {

    private LSTMCell(long inputSize, long hiddenSize, boolean bias) {
        super("LSTMCell", inputSize, hiddenSize, bias, "tanh");
    }

    /** {@code LSTMCell(input_size, hidden_size)} with a bias, torch's default. */
    public static LSTMCell of(long inputSize, long hiddenSize) {
        return new LSTMCell(inputSize, hiddenSize, true);
    }

    @Override
    LSTMCell copy(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        return new LSTMCell(inputSize, hiddenSize, bias);
    }

    @Override
    Cell cell() {
        return Cell.LSTM;
    }

    @Override
    List<String> stateNames() {
        return List.of("h_0", "c_0");
    }

    @Override
    public String type() {
        return "LSTMCell";
    }
}
