package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.terms.Op;

/**
 * The update one recurrent cell step performs after its gate pre-activations, as torch's ATen cells compute it
 * ({@code SimpleCell} with tanh or ReLU, {@code LSTMCell}, {@code GRUCell}). Shared by the networks
 * ({@link Recurrent}) and the single-step cells ({@link RecurrentCell}).
 */
enum Cell {
    RNN_TANH(1, 1, "each of the H pre-activations adds its input part to its hidden part") {
        @Override
        void terms(Worksheet w, List<Expr> steps, Sym h) {
            w.term("tanh evaluations", Op.TANH, times(steps, h), "h' = tanh(pre-activation), one per unit");
        }
    },
    RNN_RELU(1, 1, "each of the H pre-activations adds its input part to its hidden part") {
        @Override
        void terms(Worksheet w, List<Expr> steps, Sym h) {
            w.term("ReLU comparisons", Op.COMPARISON, times(steps, h),
                    "h' = relu(pre-activation): one comparison with zero per unit");
        }
    },
    LSTM(4, 9, "each of the 4·H gate pre-activations adds its input part to its hidden part") {
        @Override
        void terms(Worksheet w, List<Expr> steps, Sym h) {
            w.term("input, forget and output gate sigmoid evaluations", Op.SIGMOID, times(steps, mul(num(3), h)),
                    "i, f and o are sigmoids of their pre-activations");
            w.term("cell gate tanh evaluations", Op.TANH, times(steps, h), "g = tanh(…)");
            w.term("cell state multiplications", Op.MULTIPLICATION, times(steps, mul(num(2), h)), "f⊙c and i⊙g");
            w.term("cell state additions", Op.ADDITION, times(steps, h), "c' = f⊙c + i⊙g");
            w.term("cell state tanh evaluations", Op.TANH, times(steps, h), "tanh(c')");
            w.term("output gate multiplications", Op.MULTIPLICATION, times(steps, h), "h' = o⊙tanh(c')");
        }
    },
    GRU(3, 7, "r and z add their input part to their hidden part (2·H); the new gate adds W_in·x + b_in to"
            + " r⊙(W_hn·h + b_hn) (H)") {
        @Override
        void terms(Worksheet w, List<Expr> steps, Sym h) {
            w.term("reset and update gate sigmoid evaluations", Op.SIGMOID, times(steps, mul(num(2), h)),
                    "r = σ(…) and z = σ(…), one each per unit");
            w.term("reset gate multiplications", Op.MULTIPLICATION, times(steps, h),
                    "r⊙(W_hn·h + b_hn): torch resets after the hidden-hidden product");
            w.term("new gate tanh evaluations", Op.TANH, times(steps, h), "n = tanh(…), one per unit");
            w.term("state update subtractions", Op.ADDITION, times(steps, h),
                    "h − n: torch computes h' = (h − n)⊙z + n");
            w.term("update gate multiplications", Op.MULTIPLICATION, times(steps, h), "(h − n)⊙z");
            w.term("state update additions", Op.ADDITION, times(steps, h), "… + n");
        }
    };

    private final int gates;
    private final long elementwisePerUnit;
    private final String combineNote;

    Cell(int gates, long elementwisePerUnit, String combineNote) {
        this.gates = gates;
        this.elementwisePerUnit = elementwisePerUnit;
        this.combineNote = combineNote;
    }

    /** G: the gates per hidden unit, the row blocks of {@code weight_ih} and {@code weight_hh}. */
    int gates() {
        return gates;
    }

    /** The element-wise operations per hidden unit and step after the pre-activations (RNN 1, LSTM 9, GRU 7). */
    long elementwisePerUnit() {
        return elementwisePerUnit;
    }

    /** What the {@code G·H} combining additions of one step add together. */
    String combineNote() {
        return combineNote;
    }

    /** True for LSTM: a cell state beside the hidden state. */
    boolean hasCellState() {
        return this == LSTM;
    }

    /** The cell for an RNN's {@code nonlinearity} argument. */
    static Cell rnn(String nonlinearity) {
        return nonlinearity.equals("relu") ? RNN_RELU : RNN_TANH;
    }

    /** The rows of the gate weights: {@code H}, {@code 3·H} or {@code 4·H}. */
    Expr rows(Sym h) {
        return gates == 1 ? h : mul(num(gates), h);
    }

    /**
     * Every operation of one step of a cell reading {@code in} features with a hidden state of {@code hOut}
     * features: {@code 2·G·H·(I + H_out) + c·H}, with {@code c = G + e} with bias and {@code e − G} without, e the
     * element-wise operations per unit. (The dot products give {@code 2·G·H·(I + H_out) − 2·G·H}, the biases
     * {@code 2·G·H}, the combine {@code G·H}.)
     */
    List<Expr> exactPerStep(Expr in, Sym hOut, Sym h, boolean bias) {
        List<Expr> parts = new ArrayList<>();
        parts.add(mul(num(2L * gates), h, add(in, hOut)));
        long perUnit = bias ? gates + elementwisePerUnit : elementwisePerUnit - gates;
        if (perUnit != 0) {
            parts.add(mul(num(perUnit), h));
        }
        return parts;
    }

    /** Records the element-wise terms of the update; {@code steps} are the factors counting cell steps. */
    abstract void terms(Worksheet w, List<Expr> steps, Sym h);

    /** {@code prefix} followed by {@code more}, multiplied. */
    static Expr times(List<Expr> prefix, Expr... more) {
        List<Expr> all = new ArrayList<>(prefix);
        all.addAll(List.of(more));
        return mul(all);
    }
}
