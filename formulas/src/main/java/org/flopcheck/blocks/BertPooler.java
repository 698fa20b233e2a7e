package org.flopcheck.blocks;

import java.util.List;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.Tanh;
import org.flopcheck.shape.Shape;

/**
 * BERT's pooler, mirroring Hugging Face's {@code BertPooler(config)}: the hidden state of each sequence's first
 * token ({@code [CLS]}) through a dense layer and tanh, {@code tanh(dense(hidden_states[:, 0]))}.
 *
 * <p><b>Shapes.</b> Input {@code (N, L, E)} with {@code E = hidden_size}; output {@code (N, E)}, the pooled output.
 *
 * <p><b>Rows.</b> {@code dense} {@code Linear(E, E)} on {@code (N, E)}, then {@code activation} {@code Tanh()}.
 *
 * <p><b>Parameters.</b> The dense layer's: {@code E² + E}.
 *
 * <p><b>Operations.</b> Selecting the first token is indexing, not arithmetic; then the rows': {@code N·E·E} MACs,
 * {@code N·E·(E − 1)} additions within dot products, {@code N·E} bias additions and {@code N·E} tanh evaluations.
 *
 * <p><b>Worked example.</b> bert-base's {@code BertPooler} ({@code hidden_size=768}) on {@code (1, 128, 768)}:
 * output {@code (1, 768)}; 590,592 parameters; 589,824 MACs; 768 tanh evaluations.
 */
public final class BertPooler implements Layer {
    private static final String TYPE = "BertPooler";

    private final long hiddenSize;
    // the submodules, built once from the argument above
    private final Linear dense;
    private final Tanh activation;

    private BertPooler(long hiddenSize) {
        this.hiddenSize = Checks.positive(TYPE, "hidden_size", hiddenSize);
        this.dense = Linear.of(hiddenSize, hiddenSize);
        this.activation = Tanh.of();
    }

    /** {@code BertPooler} for {@code hidden_size} features. */
    public static BertPooler of(long hiddenSize) {
        return new BertPooler(hiddenSize);
    }

    public long hiddenSize() {
        return hiddenSize;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Checks.single(TYPE, inputs);
        if (x.rank() != 3 || x.dim(2) != hiddenSize) {
            throw new InvalidShapeException("input", TYPE + " expects hidden states (N, L, E=" + hiddenSize
                    + "), got " + x);
        }
        Shape first = Shape.of(x.dim(0), hiddenSize);
        Analysis dense = Checks.row("dense", this.dense, Inputs.of(first));
        Analysis activation = Checks.row("activation", this.activation, Inputs.of(dense.output()));
        Worksheet w = new Worksheet(TYPE);
        w.note(Stage.SHAPE, () -> "hidden_states[:, 0] selects the first token of each sequence: " + x + " → " + first
                + ", indexing without arithmetic");
        return Analysis.composite(this, inputs, activation.output(), w, List.of(dense, activation));
    }

    /** Hugging Face's repr: {@code BertPooler(\n  (dense): Linear(...)\n  (activation): Tanh()\n)}. */
    @Override
    public String toString() {
        return TYPE + "(" + Checks.childRow("dense", dense) + Checks.childRow("activation", activation) + "\n)";
    }
}
