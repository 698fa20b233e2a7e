package org.flopcheck.layers;

/**
 * 1-D average pooling, mirroring {@code torch.nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, L_in)} or unbatched {@code (C, L_in)}; output {@code (N, C, L_out)} with
 * {@code L_out = ⌊(L_in + 2·p − K)/s⌋ + 1}, or with ceil_mode {@code ⌈(L_in + 2·p − K)/s⌉ + 1}, less one when that
 * last window would start at or beyond {@code L_in + p}. The stride defaults to the kernel size; the padding is at
 * most {@code ⌊K/2⌋}. torch keeps the arguments as 1-tuples, so the repr prints {@code kernel_size=(3,)}.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> additions summing each window {@code N·C·(V − L_out)}, with {@code V = #{(o, k) :
 * o < L_out, k < K, 0 ≤ o·s + k − p < L_in}} the window taps inside the input; divisions by the window divisor
 * {@code N·C·L_out} (see {@link AvgPooling}).
 *
 * <p><b>Worked example.</b> torch's documentation example {@code AvgPool1d(3, stride=2)} on {@code (1, 1, 7)}
 * ({@code [1, 2, 3, 4, 5, 6, 7]} gives {@code [2, 4, 6]}): {@code L_out = ⌊(7 + 2·0 − 3)/2⌋ + 1 = 3}; 3·2 = 6
 * additions and 3 divisions.
 */
public final class AvgPool1d extends AvgPooling<AvgPool1d> {

    private AvgPool1d(IntArg kernel, IntArg stride, IntArg padding, boolean ceilMode, boolean countIncludePad) {
        super(1, kernel, stride, padding, ceilMode, countIncludePad, null);
    }

    /** {@code AvgPool1d(kernel_size)} with torch's defaults for the rest. */
    public static AvgPool1d of(long kernelSize) {
        return new AvgPool1d(IntArg.tuple(Dims.of(kernelSize)), null, IntArg.tuple(Dims.of(0)), false, true);
    }

    @Override
    IntArg arg(String argument, long... values) {
        return IntArg.tuple(IntArg.of(type(), argument, 1, values).dims());
    }

    @Override
    AvgPool1d copy(IntArg kernel, IntArg stride, IntArg padding, boolean ceilMode, boolean countIncludePad,
                   Long divisorOverride) {
        return new AvgPool1d(kernel, stride, padding, ceilMode, countIncludePad);
    }
}
