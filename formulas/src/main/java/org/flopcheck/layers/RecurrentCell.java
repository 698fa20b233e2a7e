package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * One step of a recurrent cell, shared by {@link RNNCell}, {@link LSTMCell} and {@link GRUCell}: torch's
 * {@code RNNCellBase} modules, which run their ATen cell once on an input {@code (N, H_in)} or unbatched
 * {@code (H_in)} and a hidden state (zeros when not given).
 *
 * <p>A cell step costs exactly what one time step of one layer in one direction of the matching network costs
 * ({@link RNN}, {@link LSTM}, {@link GRU} with {@code H_out = H}): {@code G·H·H_in + G·H·H} weight multiplications
 * (the MACs), {@code G·H·(H_in − 1) + G·H·(H − 1)} additions within those dot products, {@code 2·G·H} bias
 * additions with bias, {@code G·H} additions combining the input and hidden parts, and the cell's element-wise
 * update, all per batch element.
 *
 * @param <T> the concrete cell type returned by the argument setters
 */
public abstract sealed class RecurrentCell<T extends RecurrentCell<T>> implements Layer
        permits RNNCell, LSTMCell, GRUCell {

    public static final Sym N = Recurrent.N;
    public static final Sym H_IN = Recurrent.H_IN;
    public static final Sym H = Recurrent.H;

    private static final Sym N_UNBATCHED = new Sym("N", "batch size (1: unbatched input)");
    private static final Sym E = new Sym("E", "exact operations per cell step");
    private static final Sym M = new Sym("M", "weight multiplications (MACs) per cell step");

    final long inputSize;
    final long hiddenSize;
    final boolean bias;
    final String nonlinearity;

    RecurrentCell(String type, long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        this.inputSize = Args.positive(type, "input_size", inputSize);
        this.hiddenSize = Args.positive(type, "hidden_size", hiddenSize);
        this.bias = bias;
        // torch's RNNCell accepts any string and fails at its first forward call; we refuse it at once
        this.nonlinearity = Args.oneOf(type, "nonlinearity", nonlinearity, "tanh", "relu");
    }

    /** A cell of the concrete type with these arguments. */
    abstract T copy(long inputSize, long hiddenSize, boolean bias, String nonlinearity);

    /** The update the cell performs. */
    abstract Cell cell();

    /** The names of the optional state inputs in torch's documentation: {@code hx}, or {@code h_0} and {@code c_0}. */
    abstract List<String> stateNames();

    /** Whether the cell adds the learnable biases {@code bias_ih} and {@code bias_hh}; torch's default is true. */
    public T bias(boolean bias) {
        return copy(inputSize, hiddenSize, bias, nonlinearity);
    }

    public long inputSize() {
        return inputSize;
    }

    public long hiddenSize() {
        return hiddenSize;
    }

    public boolean bias() {
        return bias;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Cell cell = cell();
        List<String> states = stateNames();
        if (inputs.size() != 1 && inputs.size() != 1 + states.size()) {
            throw new InvalidShapeException("input", type + " takes the input alone or with "
                    + String.join(" and ", states) + " (" + (1 + states.size()) + " inputs), got " + inputs.size()
                    + " inputs " + inputs);
        }
        Shape x = inputs.get(0);
        String layout = "(N, H_in=" + inputSize + ") or unbatched (H_in=" + inputSize + ")";
        if (x.rank() != 1 && x.rank() != 2) {
            throw Forward.expected(type, layout, x);
        }
        if (x.dim(-1) != inputSize) {
            throw new InvalidShapeException("input", type + " expects input " + layout + ", got " + x + ": "
                    + x.dim(-1) + " input features, not input_size " + inputSize);
        }
        boolean batched = x.rank() == 2;
        long batch = batched ? x.dim(0) : 1;
        Shape state = batched ? Shape.of(batch, hiddenSize) : Shape.of(hiddenSize);
        for (int i = 1; i < inputs.size(); i++) {
            if (!inputs.get(i).equals(state)) {
                String name = states.get(i - 1);
                throw new InvalidShapeException(name, type + " expects " + name + " " + (batched
                        ? "(N=" + batch + ", H=" + hiddenSize + ")"
                        : "(H=" + hiddenSize + ") for an unbatched input") + ", got " + inputs.get(i));
            }
        }

        Worksheet w = new Worksheet(type);
        w.given(batched ? N : N_UNBATCHED, batch);
        w.given(H_IN, inputSize);
        w.given(H, hiddenSize);
        if (!batched) {
            w.note(Stage.SHAPE, "unbatched input (H_in): one step of one sequence, N = 1");
        }
        if (inputs.size() > 1) {
            w.note(Stage.SHAPE, () -> String.join(" and ", states) + " given: the counts are the same as from torch's"
                    + " zero state, which is multiplied as well");
        }
        Expr rows = cell.rows(H);
        w.parameter("weight_ih", rows, H_IN);
        w.parameter("weight_hh", rows, H);
        if (bias) {
            w.parameter("bias_ih", rows);
            w.parameter("bias_hh", rows);
        }

        w.define(Stage.PER_OUTPUT, "weight multiplications (MACs) per cell step", M, mul(rows, add(H_IN, H)));
        w.define(Stage.PER_OUTPUT, "exact operations per cell step", E, add(cell.exactPerStep(H_IN, H, H, bias)));

        List<Expr> steps = List.of(batched ? N : N_UNBATCHED);
        w.macTerm("input-hidden weight multiplications", Cell.times(steps, rows, H_IN),
                "each gate row of weight_ih is a dot product with the H_in input features");
        w.term("input-hidden additions within dot products", Op.ADDITION, Cell.times(steps, rows, sub(H_IN, num(1))),
                "H_in products are summed with H_in − 1 additions");
        w.macTerm("hidden-hidden weight multiplications", Cell.times(steps, rows, H),
                "each gate row of weight_hh is a dot product with the hidden state; torch multiplies a zero state"
                        + " too");
        w.term("hidden-hidden additions within dot products", Op.ADDITION, Cell.times(steps, rows, sub(H, num(1))),
                "H products are summed with H − 1 additions");
        if (bias) {
            w.term("bias additions", Op.ADDITION, Cell.times(steps, num(2), rows),
                    "bias_ih and bias_hh are added separately, as torch's cell calls linear(x, W_ih, b_ih) and"
                            + " linear(h, W_hh, b_hh)");
        }
        w.term("input and hidden parts combined", Op.ADDITION, Cell.times(steps, rows), cell.combineNote());
        cell.terms(w, steps, H);

        w.show(Stage.SUMMARY, "weight multiplications (MACs) in closed form", Cell.times(steps, M));
        w.show(Stage.SUMMARY, "exact operations in closed form", Cell.times(steps, E));

        List<Shape> outputs = new ArrayList<>();
        outputs.add(state);
        if (cell.hasCellState()) {
            outputs.add(state);
        }
        return Analysis.leaf(this, inputs, outputs, w);
    }

    /** torch's {@code RNNCellBase.extra_repr}: {@code RNNCell(10, 20, bias=False, nonlinearity=relu)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type()).append('(').append(inputSize).append(", ").append(hiddenSize);
        if (!bias) {
            sb.append(", bias=False");
        }
        if (!nonlinearity.equals("tanh")) {
            sb.append(", nonlinearity=").append(nonlinearity);
        }
        return sb.append(')').toString();
    }
}
