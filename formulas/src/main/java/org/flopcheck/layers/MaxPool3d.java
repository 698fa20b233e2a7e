package org.flopcheck.layers;

/**
 * 3-D max pooling, mirroring {@code torch.nn.MaxPool3d(kernel_size, stride=None, padding=0, dilation=1,
 * return_indices=False, ceil_mode=False)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, D_in, H_in, W_in)} or unbatched {@code (C, D_in, H_in, W_in)}; output
 * {@code (N, C, D_out, H_out, W_out)} with {@code D_out = ⌊(D_in + 2·p_d − d_d·(K_d − 1) − 1)/s_d⌋ + 1} (with
 * ceil_mode rounded up, less one when that last window would start in the right padding) and likewise for the
 * height and width. The stride defaults to the kernel size. torch's 3-d shape check limits the padding to
 * {@code ⌊K/2⌋}, whatever the dilation.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> comparisons within windows {@code N·C·(V_d·V_h·V_w − D_out·H_out·W_out)}, with the
 * {@code V} the window taps inside the input per dimension (see {@link MaxPooling}).
 *
 * <p><b>Worked example.</b> {@code MaxPool3d(2)} on {@code (1, 2, 4, 4, 4)}: output {@code (1, 2, 2, 2, 2)}; each
 * of the 2·8 = 16 windows takes the max of 8 values with 7 comparisons: 112 comparisons.
 */
public final class MaxPool3d extends MaxPooling<MaxPool3d> {

    private MaxPool3d(IntArg kernel, IntArg stride, IntArg padding, IntArg dilation, boolean returnIndices,
                      boolean ceilMode) {
        super(3, kernel, stride, padding, dilation, returnIndices, ceilMode);
    }

    /** {@code MaxPool3d(kernel_size)} with a cubic window given as one integer, and torch's defaults. */
    public static MaxPool3d of(long kernelSize) {
        return create(IntArg.of("MaxPool3d", "kernel_size", 3, kernelSize));
    }

    /** {@code MaxPool3d((K_d, K_h, K_w))} with torch's defaults for the rest. */
    public static MaxPool3d of(Dims kernelSize) {
        return create(IntArg.of("MaxPool3d", "kernel_size", 3, kernelSize.values().stream()
                .mapToLong(Long::longValue).toArray()));
    }

    private static MaxPool3d create(IntArg kernel) {
        return new MaxPool3d(kernel, null, IntArg.of("MaxPool3d", "padding", 3, 0),
                IntArg.of("MaxPool3d", "dilation", 3, 1), false, false);
    }

    @Override
    MaxPool3d copy(IntArg kernel, IntArg stride, IntArg padding, IntArg dilation, boolean returnIndices,
                   boolean ceilMode) {
        return new MaxPool3d(kernel, stride, padding, dilation, returnIndices, ceilMode);
    }

    @Override
    void checkPadding() {
        // torch checks the effective kernel in pooling_output_shape, then the kernel itself in pool3d_shape_check
        PoolWindows.padAtMostHalfEffectiveKernel(type(), kernelSize(), padding(), dilation());
        PoolWindows.padAtMostHalfKernel(type(), kernelSize(), padding(),
                "pad should be smaller than or equal to half of effective kernel size");
    }
}
