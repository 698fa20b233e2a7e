package org.flopcheck.layers;

import org.flopcheck.terms.Op;

/**
 * The logistic function {@code 1/(1 + exp(−x))}, mirroring {@code torch.nn.Sigmoid()}.
 *
 * <p><b>Shapes.</b> Any input, {@code E} elements; the output has the input's shape.
 *
 * <p><b>Operations.</b> sigmoid evaluations {@code E}: a sigmoid is counted as one evaluation of that function,
 * not as the exp, addition and division inside it.
 *
 * <p><b>Worked example.</b> {@code Sigmoid()} on {@code (8, 1)}: 8 sigmoid evaluations.
 */
public final class Sigmoid extends Activation {
    private static final Sigmoid INSTANCE = new Sigmoid();

    private Sigmoid() {
    }

    /** {@code Sigmoid()}. */
    public static Sigmoid of() {
        return INSTANCE;
    }

    @Override
    public String type() {
        return "Sigmoid";
    }

    @Override
    void terms(Terms t) {
        t.term("sigmoid evaluations", Op.SIGMOID, 1, "one per element");
    }

    @Override
    public String toString() {
        return "Sigmoid()";
    }
}
