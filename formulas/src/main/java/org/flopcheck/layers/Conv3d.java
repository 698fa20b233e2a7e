package org.flopcheck.layers;

/**
 * A 3-D convolution, mirroring {@code torch.nn.Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True, padding_mode='zeros')}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C_in, D_in, H_in, W_in)} or unbatched {@code (C_in, D_in, H_in, W_in)};
 * weight {@code (C_out, C_in/g, K_d, K_h, K_w)}; bias {@code (C_out)}; output {@code (N, C_out, D_out, H_out,
 * W_out)}, each size {@code ⌊(S_in + 2·p − d·(K − 1) − 1)/s⌋ + 1} in its own dimension.
 *
 * <p><b>Parameters.</b> {@code C_out·C_in/g·K_d·K_h·K_w} weights plus {@code C_out} biases.
 *
 * <p><b>Operations.</b> As {@link Conv2d} with one more kernel and output dimension: weight multiplications
 * {@code N·C_out·D_out·H_out·W_out·C_in/g·K_d·K_h·K_w}; additions {@code C_in/g·K_d·K_h·K_w − 1} per output
 * element, plus one for the bias.
 *
 * <p><b>Worked example.</b> {@code Conv3d(2, 4, kernel_size=(3, 3, 3), padding=(1, 1, 1))} on
 * {@code (1, 2, 8, 8, 8)}: output {@code (1, 4, 8, 8, 8)}; 220 parameters; 110,592 weight multiplications.
 */
public final class Conv3d extends Convolution<Conv3d> {

    private Conv3d(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding, PaddingKind kind,
                   Dims dilation, long groups, boolean bias, String paddingMode) {
        super(3, inChannels, outChannels, kernel, stride, padding, kind, dilation, groups, bias, paddingMode);
    }

    /** {@code Conv3d(in_channels, out_channels, kernel_size)} with a cubic kernel and torch's defaults. */
    public static Conv3d of(long inChannels, long outChannels, long kernelSize) {
        return of(inChannels, outChannels, Dims.of(kernelSize, kernelSize, kernelSize));
    }

    /** {@code Conv3d(in_channels, out_channels, (K_d, K_h, K_w))} with torch's defaults for the rest. */
    public static Conv3d of(long inChannels, long outChannels, Dims kernelSize) {
        return new Conv3d(inChannels, outChannels, kernelSize, Dims.of(1, 1, 1), Dims.of(0, 0, 0),
                PaddingKind.EXPLICIT, Dims.of(1, 1, 1), 1, true, "zeros");
    }

    @Override
    Conv3d copy(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding, PaddingKind kind,
                Dims dilation, long groups, boolean bias, String paddingMode) {
        return new Conv3d(inChannels, outChannels, kernel, stride, padding, kind, dilation, groups, bias, paddingMode);
    }

    @Override
    public String toString() {
        return ConvRepr.of(this, Dims.of(0, 0, 0));
    }
}
