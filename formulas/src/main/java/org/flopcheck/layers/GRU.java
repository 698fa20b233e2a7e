package org.flopcheck.layers;

/**
 * A multi-layer gated recurrent unit network, mirroring {@code torch.nn.GRU(input_size, hidden_size, num_layers=1,
 * bias=True, batch_first=False, dropout=0.0, bidirectional=False)}. Each cell step computes, as torch's ATen
 * {@code GRUCell} does:
 * <pre>
 *   r  = σ(W_ir·x + b_ir + W_hr·h + b_hr)
 *   z  = σ(W_iz·x + b_iz + W_hz·h + b_hz)
 *   n  = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn))
 *   h' = (h − n)⊙z + n                          (torch's form of (1 − z)⊙n + z⊙h)
 * </pre>
 *
 * <p><b>Shapes.</b> Input {@code (L, N, H_in)}, {@code (N, L, H_in)} with {@code batch_first}, or unbatched
 * {@code (L, H_in)}; optional {@code h_0 (D·num_layers, N, H)} (unbatched {@code (D·num_layers, H)}). Outputs
 * {@code output (L, N, D·H)} and {@code h_n (D·num_layers, N, H)}; {@code D} is 2 when bidirectional.
 *
 * <p><b>Parameters</b> per layer k and direction: {@code weight_ih_l{k} (3·H, I)} with {@code I = H_in} for layer
 * 0 and {@code D·H} above, {@code weight_hh_l{k} (3·H, H)}, and with bias {@code bias_ih_l{k} (3·H)},
 * {@code bias_hh_l{k} (3·H)}; the second direction's names end in {@code _reverse}.
 *
 * <p><b>Operations</b> per cell step (each layer, direction, time step and batch element):
 * <ul>
 *   <li>{@code 3·H·I} input-hidden and {@code 3·H·H} hidden-hidden weight multiplications (the MACs), and
 *       {@code 3·H·(I − 1) + 3·H·(H − 1)} additions within those dot products;</li>
 *   <li>{@code 6·H} bias additions (with bias), and {@code 3·H} combining additions: 2·H for r and z, H for the
 *       new gate's sum;</li>
 *   <li>{@code 2·H} sigmoid evaluations (r, z), {@code H} reset multiplications {@code r⊙(…)}, {@code H} tanh
 *       evaluations, {@code H} subtractions {@code h − n}, {@code H} update multiplications and {@code H} additions
 *       {@code + n}.</li>
 * </ul>
 * Exact operations per cell step: {@code 6·H·(I + H) + 10·H} with bias, {@code 6·H·(I + H) + 4·H} without.
 *
 * <p><b>Worked example.</b> {@code GRU(128, 256)} on {@code (10, 1, 128)}: {@code 3·256·128 + 3·256·256 + 2·3·256
 * = 296,448} parameters; {@code 10·3·256·(128 + 256) = 2,949,120} MACs; exact operations
 * {@code 10·(6·256·384 + 10·256) = 5,923,840}.
 */
public final class GRU extends Recurrent<GRU> {

    private GRU(Config c) {
        super("GRU", c);
    }

    /** {@code GRU(input_size, hidden_size)} with torch's defaults for the rest. */
    public static GRU of(long inputSize, long hiddenSize) {
        return new GRU(Config.of(inputSize, hiddenSize));
    }

    @Override
    GRU copy(Config c) {
        return new GRU(c);
    }

    @Override
    public String type() {
        return "GRU";
    }

    @Override
    Cell cell() {
        return Cell.GRU;
    }
}
