package org.flopcheck.layers;

/**
 * 1-D max pooling, mirroring {@code torch.nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1,
 * return_indices=False, ceil_mode=False)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, L_in)} or unbatched {@code (C, L_in)}; output {@code (N, C, L_out)} with
 * {@code L_out = ⌊(L_in + 2·p − d·(K − 1) − 1)/s⌋ + 1}, or with ceil_mode {@code ⌈(L_in + 2·p − d·(K − 1) − 1)/s⌉
 * + 1}, less one when that last window would start at or beyond {@code L_in + p} (in the right padding). The
 * stride defaults to the kernel size. torch limits the padding to {@code ⌊K/2⌋} ({@code max_pool1d}); with
 * return_indices it runs the 2-d kernel, whose limit is half the effective kernel {@code ⌊(d·(K − 1) + 1)/2⌋}.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> comparisons within windows {@code N·C·(V − L_out)}, where {@code V = #{(o, k) : o < L_out,
 * k < K, 0 ≤ o·s + k·d − p < L_in}} counts the window taps inside the input (padding taps are skipped; see
 * {@link MaxPooling}).
 *
 * <p><b>Worked example.</b> torch's documentation example {@code MaxPool1d(3, stride=2)} on {@code (20, 16, 50)}:
 * {@code L_out = ⌊(50 + 2·0 − 1·(3 − 1) − 1)/2⌋ + 1 = 24}; every tap is inside, so {@code V = 72}; 20·16·(72 − 24)
 * = 15,360 comparisons.
 */
public final class MaxPool1d extends MaxPooling<MaxPool1d> {

    private MaxPool1d(IntArg kernel, IntArg stride, IntArg padding, IntArg dilation, boolean returnIndices,
                      boolean ceilMode) {
        super(1, kernel, stride, padding, dilation, returnIndices, ceilMode);
    }

    /** {@code MaxPool1d(kernel_size)} with torch's defaults for the rest. */
    public static MaxPool1d of(long kernelSize) {
        return new MaxPool1d(IntArg.of("MaxPool1d", "kernel_size", 1, kernelSize), null,
                IntArg.of("MaxPool1d", "padding", 1, 0), IntArg.of("MaxPool1d", "dilation", 1, 1), false, false);
    }

    @Override
    MaxPool1d copy(IntArg kernel, IntArg stride, IntArg padding, IntArg dilation, boolean returnIndices,
                   boolean ceilMode) {
        return new MaxPool1d(kernel, stride, padding, dilation, returnIndices, ceilMode);
    }

    @Override
    void checkPadding() {
        if (returnIndices) {
            PoolWindows.padAtMostHalfEffectiveKernel(type(), kernelSize(), padding(), dilation());
        } else {
            PoolWindows.padAtMostHalfKernel(type(), kernelSize(), padding(),
                    "max_pool1d() padding should be at most half of kernel size");
        }
    }
}
