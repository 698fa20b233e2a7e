package org.flopcheck.layers;

import java.util.List;

/**
 * An Elman recurrent cell, one step, mirroring {@code torch.nn.RNNCell(input_size, hidden_size, bias=True,
 * nonlinearity='tanh')}: {@code h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)}, or ReLU in place of tanh.
 *
 * <p><b>Shapes.</b> Input {@code (N, H_in)} or unbatched {@code (H_in)}; optional {@code hx (N, H)} (unbatched
 * {@code (H)}), zeros when not given; output {@code h' (N, H)} (unbatched {@code (H)}).
 *
 * <p><b>Parameters.</b> {@code weight_ih (H, H_in)}, {@code weight_hh (H, H)}, and with bias {@code bias_ih (H)}
 * and {@code bias_hh (H)}.
 *
 * <p><b>Operations</b> per batch element: {@code H·H_in + H·H} weight multiplications (the MACs),
 * {@code H·(H_in − 1) + H·(H − 1)} additions within those dot products, {@code 2·H} bias additions, {@code H}
 * additions combining the two parts, and {@code H} tanh evaluations ({@code 'tanh'}) or {@code H} comparisons
 * ({@code 'relu'}). Exact operations: {@code N·2·H·(H_in + H + 1)} with bias, {@code N·2·H·(H_in + H)} without.
 *
 * <p><b>Worked example.</b> {@code RNNCell(10, 20)} on {@code (3, 10)}: {@code 20·10 + 20·20 + 2·20 = 640}
 * parameters; {@code 3·20·(10 + 20) = 1,800} MACs; exact operations {@code 3·2·20·31 = 3,720}.
 */
public final class RNNCell extends RecurrentCell<RNNCell> {

    private RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        super("RNNCell", inputSize, hiddenSize, bias, nonlinearity);
    }

    /** {@code RNNCell(input_size, hidden_size)} with torch's defaults for the rest. */
    public static RNNCell of(long inputSize, long hiddenSize) {
        return new RNNCell(inputSize, hiddenSize, true, "tanh");
    }

    /** {@code 'tanh'} or {@code 'relu'}; torch's default is tanh. */
    public RNNCell nonlinearity(String nonlinearity) {
        return new RNNCell(inputSize, hiddenSize, bias, nonlinearity);
    }

    public String nonlinearity() {
        return nonlinearity;
    }

    @Override
    RNNCell copy(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        return new RNNCell(inputSize, hiddenSize, bias, nonlinearity);
    }

    @Override
    Cell cell() {
        return Cell.rnn(nonlinearity);
    }

    @Override
    List<String> stateNames() {
        return List.of("hx");
    }

    @Override
    public String type() {
        return "RNNCell";
    }
}
