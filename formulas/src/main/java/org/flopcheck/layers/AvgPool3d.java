package org.flopcheck.layers;

/**
 * 3-D average pooling, mirroring {@code torch.nn.AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True, divisor_override=None)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, D_in, H_in, W_in)} or unbatched {@code (C, D_in, H_in, W_in)}; output
 * {@code (N, C, D_out, H_out, W_out)} with {@code D_out = ⌊(D_in + 2·p_d − K_d)/s_d⌋ + 1} (with ceil_mode rounded
 * up, less one when that last window would start in the right padding) and likewise for the height and width. The
 * stride defaults to the kernel size; the padding is at most half the kernel. torch's {@code avg_pool3d} also
 * requires the unpadded input to be at least the kernel size in every dimension.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> additions summing each window {@code N·C·(V_d·V_h·V_w − D_out·H_out·W_out)}; divisions by
 * the window divisor {@code N·C·D_out·H_out·W_out} (see {@link AvgPooling}).
 *
 * <p><b>Worked example.</b> {@code AvgPool3d(2)} on {@code (1, 1, 4, 4, 4)}: output {@code (1, 1, 2, 2, 2)}; each
 * of the 8 windows sums 8 values with 7 additions and divides once: 56 additions and 8 divisions.
 */
public final class AvgPool3d extends AvgPooling<AvgPool3d> {

    private AvgPool3d(IntArg kernel, IntArg stride, IntArg padding, boolean ceilMode, boolean countIncludePad,
                      Long divisorOverride) {
        super(3, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** {@code AvgPool3d(kernel_size)} with a cubic window given as one integer, and torch's defaults. */
    public static AvgPool3d of(long kernelSize) {
        return create(IntArg.of("AvgPool3d", "kernel_size", 3, kernelSize));
    }

    /** {@code AvgPool3d((K_d, K_h, K_w))} with torch's defaults for the rest. */
    public static AvgPool3d of(Dims kernelSize) {
        return create(IntArg.of("AvgPool3d", "kernel_size", 3, kernelSize.values().stream()
                .mapToLong(Long::longValue).toArray()));
    }

    private static AvgPool3d create(IntArg kernel) {
        return new AvgPool3d(kernel, null, IntArg.of("AvgPool3d", "padding", 3, 0), false, true, null);
    }

    /** A fixed divisor for every window instead of the window's size, non-zero; torch's default is None. */
    public AvgPool3d divisorOverride(long divisor) {
        return copy(kernel, stride, padding, ceilMode, countIncludePad, divisor);
    }

    @Override
    AvgPool3d copy(IntArg kernel, IntArg stride, IntArg padding, boolean ceilMode, boolean countIncludePad,
                   Long divisorOverride) {
        return new AvgPool3d(kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
