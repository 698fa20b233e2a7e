package org.flopcheck.layers;

/**
 * A multi-layer Elman recurrent network, mirroring {@code torch.nn.RNN(input_size, hidden_size, num_layers=1,
 * nonlinearity='tanh', bias=True, batch_first=False, dropout=0.0, bidirectional=False)}: at every time step each
 * layer computes {@code h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)}, or ReLU in place of tanh.
 *
 * <p><b>Shapes.</b> Input {@code (L, N, H_in)}, {@code (N, L, H_in)} with {@code batch_first}, or unbatched
 * {@code (L, H_in)}; optional {@code h_0 (D·num_layers, N, H)} (unbatched {@code (D·num_layers, H)}). Outputs
 * {@code output (L, N, D·H)} (batch first or unbatched like the input) and {@code h_n (D·num_layers, N, H)}.
 * {@code D} is 2 when bidirectional; {@code H_out = H} (an RNN has no projection).
 *
 * <p><b>Parameters</b> per layer k and direction (suffix {@code _reverse} for the second): {@code weight_ih_l{k}
 * (H, I)} with {@code I = H_in} for layer 0 and {@code D·H} above, {@code weight_hh_l{k} (H, H)}, and with bias
 * {@code bias_ih_l{k} (H)}, {@code bias_hh_l{k} (H)}.
 *
 * <p><b>Operations</b> per cell step (each layer, direction, time step and batch element; {@code L·N·D} steps
 * per layer): {@code H·I} input-hidden and {@code H·H} hidden-hidden weight multiplications (the MACs),
 * {@code H·(I − 1) + H·(H − 1)} additions within those dot products, {@code 2·H} bias additions, {@code H}
 * additions combining the two parts, and {@code H} tanh evaluations ({@code nonlinearity='tanh'}) or {@code H}
 * comparisons ({@code 'relu'}). Exact operations per cell step: {@code 2·H·(I + H + 1)} with bias,
 * {@code 2·H·(I + H)} without.
 *
 * <p><b>Worked example.</b> torch's documentation example {@code RNN(10, 20, num_layers=2)} on {@code (5, 3, 10)}:
 * 1,480 parameters (640 in layer 0, 840 in layer 1); {@code L·N = 15} cell steps per layer, with 200 + 400 MACs in
 * layer 0 and 400 + 400 in layer 1: 21,000 MACs; exact operations {@code 15·(2·20·31 + 2·20·41) = 43,200}.
 */
public final class RNN extends Recurrent<RNN> {

    private RNN(Config c) {
        super("RNN", c);
    }

    /** {@code RNN(input_size, hidden_size)} with torch's defaults for the rest. */
    public static RNN of(long inputSize, long hiddenSize) {
        return new RNN(Config.of(inputSize, hiddenSize));
    }

    /** {@code 'tanh'} or {@code 'relu'}, the function applied to each pre-activation; torch's default is tanh. */
    public RNN nonlinearity(String nonlinearity) {
        return new RNN(config.withNonlinearity(nonlinearity));
    }

    public String nonlinearity() {
        return config.nonlinearity();
    }

    @Override
    RNN copy(Config c) {
        return new RNN(c);
    }

    @Override
    public String type() {
        return "RNN";
    }

    @Override
    Cell cell() {
        return Cell.rnn(config.nonlinearity());
    }
}
