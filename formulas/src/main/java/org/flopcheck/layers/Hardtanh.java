package org.flopcheck.layers;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.terms.Op;

/**
 * Clamping to {@code [min_val, max_val]}, mirroring {@code torch.nn.Hardtanh(min_val=-1.0, max_val=1.0,
 * inplace=False)}.
 *
 * <p><b>Shapes.</b> Any input, {@code E} elements; the output has the input's shape. torch requires
 * {@code max_val > min_val}.
 *
 * <p><b>Operations.</b> comparisons with min_val {@code E} and comparisons with max_val {@code E}: torch's kernel
 * is {@code clamp(x, min_val, max_val)}, {@code min(max(x, min_val), max_val)}.
 *
 * <p><b>Worked example.</b> The keyword-spotting activation {@code Hardtanh(min_val=0.0, max_val=3.96875)} on
 * {@code (1, 32, 64, 4)}: 32·64·4 = 8,192 elements, 16,384 comparisons.
 */
public final class Hardtanh extends Activation {
    private final double minVal;
    private final double maxVal;
    private final boolean inplace;

    private Hardtanh(double minVal, double maxVal, boolean inplace) {
        if (!(maxVal > minVal)) {
            throw new InvalidArgumentException("max_val", "Hardtanh: max_val (" + PyRepr.floatRepr(maxVal)
                    + ") must be greater than min_val (" + PyRepr.floatRepr(minVal) + ")");
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
        this.inplace = inplace;
    }

    /** {@code Hardtanh()}: clamping to {@code [-1.0, 1.0]}. */
    public static Hardtanh of() {
        return new Hardtanh(-1.0, 1.0, false);
    }

    /** {@code Hardtanh(min_val, max_val)}; {@code max_val} must exceed {@code min_val}. */
    public static Hardtanh of(double minVal, double maxVal) {
        return new Hardtanh(minVal, maxVal, false);
    }

    /** Whether torch overwrites the input; torch's default is false. Counts do not change. */
    public Hardtanh inplace(boolean inplace) {
        return new Hardtanh(minVal, maxVal, inplace);
    }

    public double minVal() {
        return minVal;
    }

    public double maxVal() {
        return maxVal;
    }

    public boolean inplace() {
        return inplace;
    }

    @Override
    public String type() {
        return "Hardtanh";
    }

    @Override
    void terms(Terms t) {
        clamp(t, PyRepr.floatRepr(minVal), PyRepr.floatRepr(maxVal));
    }

    /** The two comparisons of {@code min(max(x, lower), upper)}, shared with {@link ReLU6}. */
    static void clamp(Terms t, String lower, String upper) {
        t.term("comparisons with " + lower, Op.COMPARISON, 1, "max(x, " + lower + "): one comparison per element");
        t.term("comparisons with " + upper, Op.COMPARISON, 1, "min(·, " + upper + "): one comparison per element");
    }

    /** torch's repr: {@code Hardtanh(min_val=-1.0, max_val=1.0)}, floats as Python prints them. */
    @Override
    public String toString() {
        return "Hardtanh(min_val=" + PyRepr.floatRepr(minVal) + ", max_val=" + PyRepr.floatRepr(maxVal)
                + (inplace ? ", inplace=True" : "") + ")";
    }
}
