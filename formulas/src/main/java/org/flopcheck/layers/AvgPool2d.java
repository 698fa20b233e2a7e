package org.flopcheck.layers;

/**
 * 2-D average pooling, mirroring {@code torch.nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True, divisor_override=None)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, H_in, W_in)} or unbatched {@code (C, H_in, W_in)}; output
 * {@code (N, C, H_out, W_out)} with {@code H_out = ⌊(H_in + 2·p_h − K_h)/s_h⌋ + 1} (with ceil_mode rounded up, less
 * one when that last window would start in the right padding) and likewise for the width. The stride defaults to
 * the kernel size; the padding is at most half the kernel.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> additions summing each window {@code N·C·(V_h·V_w − H_out·W_out)}, with {@code V_h} and
 * {@code V_w} the window taps inside the input per dimension; divisions by the window divisor
 * {@code N·C·H_out·W_out} (see {@link AvgPooling} for which divisor torch uses).
 *
 * <p><b>Worked example.</b> The size-keeping average {@code AvgPool2d(3, stride=1, padding=1)} on
 * {@code (1, 1, 4, 4)}: {@code H_out = ⌊(4 + 2·1 − 3)/1⌋ + 1 = 4} and likewise {@code W_out}; of the 4·3 = 12
 * taps per dimension two fall in the padding (the first window's first, the last window's last), so
 * {@code V_h = V_w = 10}; 100 − 16 = 84 additions and 16 divisions (by 9 each, or with
 * {@code count_include_pad=False} by 4, 6 or 9: the same counts).
 */
public final class AvgPool2d extends AvgPooling<AvgPool2d> {

    private AvgPool2d(IntArg kernel, IntArg stride, IntArg padding, boolean ceilMode, boolean countIncludePad,
                      Long divisorOverride) {
        super(2, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** {@code AvgPool2d(kernel_size)} with a square window given as one integer, and torch's defaults. */
    public static AvgPool2d of(long kernelSize) {
        return create(IntArg.of("AvgPool2d", "kernel_size", 2, kernelSize));
    }

    /** {@code AvgPool2d((K_h, K_w))} with torch's defaults for the rest. */
    public static AvgPool2d of(Dims kernelSize) {
        return create(IntArg.of("AvgPool2d", "kernel_size", 2, kernelSize.values().stream()
                .mapToLong(Long::longValue).toArray()));
    }

    private static AvgPool2d create(IntArg kernel) {
        return new AvgPool2d(kernel, null, IntArg.of("AvgPool2d", "padding", 2, 0), false, true, null);
    }

    /** A fixed divisor for every window instead of the window's size, non-zero; torch's default is None. */
    public AvgPool2d divisorOverride(long divisor) {
        return copy(kernel, stride, padding, ceilMode, countIncludePad, divisor);
    }

    @Override
    AvgPool2d copy(IntArg kernel, IntArg stride, IntArg padding, boolean ceilMode, boolean countIncludePad,
                   Long divisorOverride) {
        return new AvgPool2d(kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
