package org.flopcheck.layers;

import org.flopcheck.derivation.Worksheet;
import org.flopcheck.shape.Shape;

/**
 * The identity, mirroring {@code torch.nn.Identity()}: a placeholder that returns its input.
 *
 * <p><b>Shapes.</b> Any input; the output is the input.
 *
 * <p><b>Parameters and operations.</b> None.
 *
 * <p><b>Worked example.</b> {@code Identity()} on {@code (2, 3)}: output {@code (2, 3)}, no operations.
 */
public final class Identity implements Layer {
    private static final Identity INSTANCE = new Identity();

    private Identity() {
    }

    /** {@code Identity()}; torch ignores any constructor arguments. */
    public static Identity of() {
        return INSTANCE;
    }

    @Override
    public String type() {
        return "Identity";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        return Analysis.leaf(this, inputs, x, new Worksheet(type()));
    }

    @Override
    public String toString() {
        return "Identity()";
    }
}
