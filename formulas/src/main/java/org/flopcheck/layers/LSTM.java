package org.flopcheck.layers;

/**
 * A multi-layer long short-term memory network, mirroring {@code torch.nn.LSTM(input_size, hidden_size,
 * num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0)}. Each cell step
 * computes, as torch's ATen {@code LSTMCell} does:
 * <pre>
 *   [i; f; g; o] = W_hh·h + b_hh + W_ih·x + b_ih      (4·H pre-activations)
 *   i, f, o = σ(·),  g = tanh(·)
 *   c' = f⊙c + i⊙g
 *   h' = o⊙tanh(c'),  then h' = W_hr·h' with proj_size
 * </pre>
 *
 * <p><b>Shapes.</b> Input {@code (L, N, H_in)}, {@code (N, L, H_in)} with {@code batch_first}, or unbatched
 * {@code (L, H_in)}; optional {@code h_0 (D·num_layers, N, H_out)} and {@code c_0 (D·num_layers, N, H)} (unbatched
 * without N), given together. Outputs {@code output (L, N, D·H_out)}, {@code h_n (D·num_layers, N, H_out)} and
 * {@code c_n (D·num_layers, N, H)}, with {@code H_out = proj_size} if set, else {@code H = hidden_size}, and
 * {@code D} 2 when bidirectional.
 *
 * <p><b>Parameters</b> per layer k and direction: {@code weight_ih_l{k} (4·H, I)} with {@code I = H_in} for layer
 * 0 and {@code D·H_out} above, {@code weight_hh_l{k} (4·H, H_out)}, with bias {@code bias_ih_l{k} (4·H)} and
 * {@code bias_hh_l{k} (4·H)}, with proj_size {@code weight_hr_l{k} (P, H)}; the second direction's names end in
 * {@code _reverse}.
 *
 * <p><b>Operations</b> per cell step (each layer, direction, time step and batch element):
 * <ul>
 *   <li>{@code 4·H·I} input-hidden and {@code 4·H·H_out} hidden-hidden weight multiplications (the MACs), and
 *       {@code 4·H·(I − 1) + 4·H·(H_out − 1)} additions within those dot products;</li>
 *   <li>{@code 8·H} bias additions (with bias) and {@code 4·H} additions combining input and hidden parts;</li>
 *   <li>{@code 3·H} sigmoid evaluations (i, f, o) and {@code H} tanh evaluations (g);</li>
 *   <li>cell state: {@code 2·H} multiplications and {@code H} additions; {@code H} tanh evaluations of c' and
 *       {@code H} output gate multiplications;</li>
 *   <li>with proj_size: {@code P·H} projection multiplications (MACs) and {@code P·(H − 1)} additions.</li>
 * </ul>
 * Exact operations per cell step: {@code 8·H·(I + H_out) + 13·H} with bias ({@code + 5·H} without), plus
 * {@code P·(2·H − 1)} with a projection.
 *
 * <p><b>Worked example.</b> {@code LSTM(128, 256)} on {@code (10, 1, 128)}: {@code 4·256·128 + 4·256·256 +
 * 2·4·256 = 395,264} parameters; {@code 10·4·256·(128 + 256) = 3,932,160} MACs; exact operations
 * {@code 10·(8·256·384 + 13·256) = 7,897,600}.
 */
public final class LSTM extends Recurrent<LSTM> {

    private LSTM(Config c) {
        super("LSTM", c);
    }

    /** {@code LSTM(input_size, hidden_size)} with torch's defaults for the rest. */
    public static LSTM of(long inputSize, long hiddenSize) {
        return new LSTM(Config.of(inputSize, hiddenSize));
    }

    /**
     * The size P the hidden state is projected to by {@code weight_hr}, smaller than {@code hidden_size}; torch's
     * default 0 means no projection. Only LSTM has it: torch rejects proj_size for RNN and GRU.
     */
    public LSTM projSize(long projSize) {
        return new LSTM(config.withProjSize(projSize));
    }

    public long projSize() {
        return config.projSize();
    }

    @Override
    LSTM copy(Config c) {
        return new LSTM(c);
    }

    @Override
    public String type() {
        return "LSTM";
    }

    @Override
    Cell cell() {
        return Cell.LSTM;
    }
}
