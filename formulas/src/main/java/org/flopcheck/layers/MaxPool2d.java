package org.flopcheck.layers;

/**
 * 2-D max pooling, mirroring {@code torch.nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1,
 * return_indices=False, ceil_mode=False)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, H_in, W_in)} or unbatched {@code (C, H_in, W_in)}; output
 * {@code (N, C, H_out, W_out)} with {@code H_out = ⌊(H_in + 2·p_h − d_h·(K_h − 1) − 1)/s_h⌋ + 1} (with ceil_mode
 * rounded up, less one when that last window would start in the right padding) and likewise for the width. The
 * stride defaults to the kernel size; the padding is at most half the effective kernel {@code ⌊(d·(K − 1) +
 * 1)/2⌋}.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> comparisons within windows {@code N·C·(V_h·V_w − H_out·W_out)}, with {@code V_h} and
 * {@code V_w} the window taps inside the input per dimension (see {@link MaxPooling}).
 *
 * <p><b>Worked example.</b> The ResNet stem {@code MaxPool2d(kernel_size=3, stride=2, padding=1)} on
 * {@code (1, 64, 112, 112)}: {@code H_out = ⌊(112 + 2·1 − 1·(3 − 1) − 1)/2⌋ + 1 = 56} and likewise {@code W_out};
 * of the 56·3 = 168 taps per dimension only the first window's leading tap falls in the padding, so
 * {@code V_h = V_w = 167}; 64·(167·167 − 56·56) = 1,584,192 comparisons (counting the padding taps as well would
 * give 64·56·56·8 = 1,605,632).
 */
public final class MaxPool2d extends MaxPooling<MaxPool2d> {

    private MaxPool2d(IntArg kernel, IntArg stride, IntArg padding, IntArg dilation, boolean returnIndices,
                      boolean ceilMode) {
        super(2, kernel, stride, padding, dilation, returnIndices, ceilMode);
    }

    /** {@code MaxPool2d(kernel_size)} with a square window given as one integer, and torch's defaults. */
    public static MaxPool2d of(long kernelSize) {
        return create(IntArg.of("MaxPool2d", "kernel_size", 2, kernelSize));
    }

    /** {@code MaxPool2d((K_h, K_w))} with torch's defaults for the rest. */
    public static MaxPool2d of(Dims kernelSize) {
        return create(IntArg.of("MaxPool2d", "kernel_size", 2, kernelSize.values().stream()
                .mapToLong(Long::longValue).toArray()));
    }

    private static MaxPool2d create(IntArg kernel) {
        return new MaxPool2d(kernel, null, IntArg.of("MaxPool2d", "padding", 2, 0),
                IntArg.of("MaxPool2d", "dilation", 2, 1), false, false);
    }

    @Override
    MaxPool2d copy(IntArg kernel, IntArg stride, IntArg padding, IntArg dilation, boolean returnIndices,
                   boolean ceilMode) {
        return new MaxPool2d(kernel, stride, padding, dilation, returnIndices, ceilMode);
    }

    @Override
    void checkPadding() {
        PoolWindows.padAtMostHalfEffectiveKernel(type(), kernelSize(), padding(), dilation());
    }
}
