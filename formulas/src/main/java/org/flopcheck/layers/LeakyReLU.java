package org.flopcheck.layers;

import org.flopcheck.terms.Op;

/**
 * The leaky rectifier, {@code x} for {@code x > 0} and {@code negative_slope·x} otherwise, mirroring
 * {@code torch.nn.LeakyReLU(negative_slope=0.01, inplace=False)}.
 *
 * <p><b>Shapes.</b> Any input, {@code E} elements; the output has the input's shape.
 *
 * <p><b>Operations.</b> sign comparisons {@code E} and multiplications by 1 or negative_slope {@code E}: torch's
 * vectorised CPU kernel compares every element with zero, selects 1 or {@code negative_slope} by the result and
 * multiplies, whatever the sign.
 *
 * <p><b>Worked example.</b> {@code LeakyReLU(negative_slope=0.2)} on {@code (16, 128)}: 2,048 comparisons and 2,048
 * multiplications.
 */
public final class LeakyReLU extends Activation {
    private final double negativeSlope;
    private final boolean inplace;

    private LeakyReLU(double negativeSlope, boolean inplace) {
        this.negativeSlope = negativeSlope;
        this.inplace = inplace;
    }

    /** {@code LeakyReLU()}: negative slope 0.01. */
    public static LeakyReLU of() {
        return new LeakyReLU(0.01, false);
    }

    /** {@code LeakyReLU(negative_slope)}. */
    public static LeakyReLU of(double negativeSlope) {
        return new LeakyReLU(negativeSlope, false);
    }

    /** Whether torch overwrites the input; torch's default is false. Counts do not change. */
    public LeakyReLU inplace(boolean inplace) {
        return new LeakyReLU(negativeSlope, inplace);
    }

    public double negativeSlope() {
        return negativeSlope;
    }

    public boolean inplace() {
        return inplace;
    }

    @Override
    public String type() {
        return "LeakyReLU";
    }

    @Override
    void terms(Terms t) {
        t.term("sign comparisons", Op.COMPARISON, 1, "x > 0 chooses between 1 and negative_slope");
        t.term("multiplications by 1 or negative_slope", Op.MULTIPLICATION, 1,
                "torch's vectorised kernel multiplies every element by the chosen factor, whatever its sign");
    }

    /** torch's repr: {@code LeakyReLU(negative_slope=0.01)}, with {@code , inplace=True} when set. */
    @Override
    public String toString() {
        return "LeakyReLU(negative_slope=" + PyRepr.floatRepr(negativeSlope) + (inplace ? ", inplace=True" : "") + ")";
    }
}
