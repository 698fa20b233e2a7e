package org.flopcheck.layers;

import org.flopcheck.terms.Op;

/**
 * The hyperbolic tangent, mirroring {@code torch.nn.Tanh()}.
 *
 * <p><b>Shapes.</b> Any input, {@code E} elements; the output has the input's shape.
 *
 * <p><b>Operations.</b> tanh evaluations {@code E}.
 *
 * <p><b>Worked example.</b> {@code Tanh()} on {@code (2, 10, 32)}: 640 tanh evaluations.
 */
public final class Tanh extends Activation {
    private static final Tanh INSTANCE = new Tanh();

    private Tanh() {
    }

    /** {@code Tanh()}. */
    public static Tanh of() {
        return INSTANCE;
    }

    @Override
    public String type() {
        return "Tanh";
    }

    @Override
    void terms(Terms t) {
        t.term("tanh evaluations", Op.TANH, 1, "one per element");
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}
