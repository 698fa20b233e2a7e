package org.flopcheck.layers;

import java.util.List;

/**
 * A gated recurrent unit, one step, mirroring {@code torch.nn.GRUCell(input_size, hidden_size, bias=True)}: the
 * update of {@link GRU}, {@code r, z = σ(…)}, {@code n = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn))},
 * {@code h' = (h − n)⊙z + n} as torch's ATen {@code GRUCell} computes it.
 *
 * <p><b>Shapes.</b> Input {@code (N, H_in)} or unbatched {@code (H_in)}; optional {@code hx (N, H)} (unbatched
 * {@code (H)}), zeros when not given; output {@code h' (N, H)} (unbatched {@code (H)}).
 *
 * <p><b>Parameters.</b> {@code weight_ih (3·H, H_in)}, {@code weight_hh (3·H, H)}, and with bias
 * {@code bias_ih (3·H)} and {@code bias_hh (3·H)}.
 *
 * <p><b>Operations</b> per batch element: {@code 3·H·H_in + 3·H·H} weight multiplications (the MACs),
 * {@code 3·H·(H_in − 1) + 3·H·(H − 1)} additions within those dot products, {@code 6·H} bias additions,
 * {@code 3·H} combining additions, {@code 2·H} sigmoid and {@code H} tanh evaluations, {@code H} reset and
 * {@code H} update multiplications, {@code H} subtractions and {@code H} additions. Exact operations:
 * {@code N·(6·H·(H_in + H) + 10·H)} with bias, {@code N·(6·H·(H_in + H) + 4·H)} without.
 *
 * <p><b>Worked example.</b> {@code GRUCell(10, 20)} on {@code (3, 10)}: {@code 3·20·10 + 3·20·20 + 2·3·20 = 1,920}
 * parameters; {@code 3·3·20·(10 + 20) = 5,400} MACs; exact operations {@code 3·(6·20·30 + 10·20) = 11,400}.
 */
public final class GRUCell extends RecurrentCell<GRUCell> {

    private GRUCell(long inputSize, long hiddenSize, boolean bias) {
        super("GRUCell", inputSize, hiddenSize, bias, "tanh");
    }

    /** {@code GRUCell(input_size, hidden_size)} with a bias, torch's default. */
    public static GRUCell of(long inputSize, long hiddenSize) {
        return new GRUCell(inputSize, hiddenSize, true);
    }

    @Override
    GRUCell copy(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        return new GRUCell(inputSize, hiddenSize, bias);
    }

    @Override
    Cell cell() {
        return Cell.GRU;
    }

    @Override
    List<String> stateNames() {
        return List.of("hx");
    }

    @Override
    public String type() {
        return "GRUCell";
    }
}
