package org.flopcheck.layers;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.shape.Shape;

/**
 * Dropout, mirroring {@code torch.nn.Dropout(p=0.5, inplace=False)}. Counts are for one forward pass in inference
 * (eval) mode, where dropout is the identity.
 *
 * <p><b>Shapes.</b> Any input; the output has the input's shape. torch requires {@code 0 ≤ p ≤ 1}.
 *
 * <p><b>Parameters and operations.</b> None.
 *
 * <p><b>Worked example.</b> {@code Dropout(p=0.1)} on {@code (8, 512)}: output {@code (8, 512)}, no operations.
 */
public final class Dropout implements Layer {
    private final double p;
    private final boolean inplace;

    private Dropout(double p, boolean inplace) {
        if (!(p >= 0 && p <= 1)) {
            throw new InvalidArgumentException("p", "Dropout: p (" + PyRepr.floatRepr(p) + ") must be between 0 and 1;"
                    + " torch: dropout probability has to be between 0 and 1");
        }
        this.p = p;
        this.inplace = inplace;
    }

    /** {@code Dropout()}: p = 0.5. */
    public static Dropout of() {
        return new Dropout(0.5, false);
    }

    /** {@code Dropout(p)}, the probability of zeroing an element in training, between 0 and 1. */
    public static Dropout of(double p) {
        return new Dropout(p, false);
    }

    /** Whether torch overwrites the input in training; torch's default is false. Counts do not change. */
    public Dropout inplace(boolean inplace) {
        return new Dropout(p, inplace);
    }

    public double p() {
        return p;
    }

    public boolean inplace() {
        return inplace;
    }

    @Override
    public String type() {
        return "Dropout";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        Worksheet w = new Worksheet(type());
        w.note(Stage.SHAPE, "inference (eval) mode: dropout passes the input through unchanged; no operations");
        return Analysis.leaf(this, inputs, x, w);
    }

    /** torch's repr: {@code Dropout(p=0.5, inplace=False)}. */
    @Override
    public String toString() {
        return "Dropout(p=" + PyRepr.floatRepr(p) + ", inplace=" + Args.py(inplace) + ")";
    }
}
