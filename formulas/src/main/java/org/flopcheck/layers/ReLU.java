package org.flopcheck.layers;

import org.flopcheck.terms.Op;

/**
 * The rectifier {@code max(x, 0)}, mirroring {@code torch.nn.ReLU(inplace=False)}.
 *
 * <p><b>Shapes.</b> Any input, {@code E} elements; the output has the input's shape.
 *
 * <p><b>Operations.</b> comparisons with zero {@code E} (torch's kernel is {@code clamp_min(x, 0)}, one comparison
 * per element).
 *
 * <p><b>Worked example.</b> {@code ReLU()} on {@code (1, 64, 56, 56)}: 64·56·56 = 200,704 comparisons.
 */
public final class ReLU extends Activation {
    private final boolean inplace;

    private ReLU(boolean inplace) {
        this.inplace = inplace;
    }

    /** {@code ReLU()}. */
    public static ReLU of() {
        return new ReLU(false);
    }

    /** Whether torch overwrites the input; torch's default is false. Counts do not change. */
    public ReLU inplace(boolean inplace) {
        return new ReLU(inplace);
    }

    public boolean inplace() {
        return inplace;
    }

    /** Equal when {@code inplace} is: the only argument. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ReLU other && other.inplace == inplace;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(inplace);
    }

    @Override
    public String type() {
        return "ReLU";
    }

    @Override
    void terms(Terms t) {
        t.term("comparisons with zero", Op.COMPARISON, 1, "max(x, 0): one comparison per element");
    }

    /** torch's repr: {@code ReLU()} or {@code ReLU(inplace=True)}. */
    @Override
    public String toString() {
        return "ReLU(" + inplaceRepr(inplace) + ")";
    }
}
