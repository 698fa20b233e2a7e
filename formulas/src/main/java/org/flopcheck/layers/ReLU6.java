package org.flopcheck.layers;


/**
 * The rectifier capped at 6, {@code min(max(x, 0), 6)}, mirroring {@code torch.nn.ReLU6(inplace=False)}, which in
 * torch is {@code Hardtanh(0.0, 6.0)}.
 *
 * <p><b>Shapes.</b> Any input, {@code E} elements; the output has the input's shape.
 *
 * <p><b>Operations.</b> comparisons with 0.0 {@code E} and comparisons with 6.0 {@code E} (torch clamps, as
 * {@link Hardtanh} does).
 *
 * <p><b>Worked example.</b> {@code ReLU6()} on {@code (1, 32, 112, 112)} (MobileNetV2's first block): 401,408
 * elements, 802,816 comparisons.
 */
public final class ReLU6 extends Activation {
    private final boolean inplace;

    private ReLU6(boolean inplace) {
        this.inplace = inplace;
    }

    /** {@code ReLU6()}. */
    public static ReLU6 of() {
        return new ReLU6(false);
    }

    /** Whether torch overwrites the input; torch's default is false. Counts do not change. */
    public ReLU6 inplace(boolean inplace) {
        return new ReLU6(inplace);
    }

    public boolean inplace() {
        return inplace;
    }

    /** Equal when {@code inplace} is: the only argument. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ReLU6 other && other.inplace == inplace;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(inplace);
    }

    @Override
    public String type() {
        return "ReLU6";
    }

    @Override
    void terms(Terms t) {
        Hardtanh.clamp(t, "0.0", "6.0");
    }

    /** torch's repr: {@code ReLU6()} or {@code ReLU6(inplace=True)}. */
    @Override
    public String toString() {
        return "ReLU6(" + inplaceRepr(inplace) + ")";
    }
}
