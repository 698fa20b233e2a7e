package org.flopcheck.layers;

/**
 * A 3-D transposed convolution, mirroring {@code torch.nn.ConvTranspose3d(in_channels, out_channels, kernel_size,
 * stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C_in, D_in, H_in, W_in)} or unbatched; weight
 * {@code (C_in, C_out/g, K_d, K_h, K_w)}; output sizes {@code (S_in − 1)·s − 2·p + d·(K − 1) + op + 1} per
 * dimension.
 *
 * <p><b>Operations.</b> weight multiplications {@code N·C_in·D_in·H_in·W_in·C_out/g·K_d·K_h·K_w} (the MACs);
 * additions {@code N·C_out·(C_in/g·V_d·V_h·V_w − Z_d·Z_h·Z_w)}; bias additions {@code N·C_out·Z_d·Z_h·Z_w}.
 *
 * <p><b>Worked example.</b> {@code ConvTranspose3d(4, 2, 2, stride=2)} on {@code (1, 4, 4, 4, 4)}: output
 * {@code (1, 2, 8, 8, 8)}; 66 parameters; 4,096 weight multiplications; every output receives exactly 4 products
 * (one per input channel), so 3,072 additions and 1,024 bias additions.
 */
public final class ConvTranspose3d extends TransposedConvolution<ConvTranspose3d> {

    private ConvTranspose3d(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding,
                            Dims outputPadding, long groups, boolean bias, Dims dilation) {
        super(3, inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias, dilation);
    }

    /** {@code ConvTranspose3d(in_channels, out_channels, kernel_size)} with a cubic kernel and torch's defaults. */
    public static ConvTranspose3d of(long inChannels, long outChannels, long kernelSize) {
        return of(inChannels, outChannels, Dims.of(kernelSize, kernelSize, kernelSize));
    }

    /** {@code ConvTranspose3d(in_channels, out_channels, (K_d, K_h, K_w))} with torch's defaults for the rest. */
    public static ConvTranspose3d of(long inChannels, long outChannels, Dims kernelSize) {
        return new ConvTranspose3d(inChannels, outChannels, kernelSize, Dims.of(1, 1, 1), Dims.of(0, 0, 0),
                Dims.of(0, 0, 0), 1, true, Dims.of(1, 1, 1));
    }

    @Override
    ConvTranspose3d copy(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding,
                         Dims outputPadding, long groups, boolean bias, Dims dilation) {
        return new ConvTranspose3d(inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias,
                dilation);
    }
}
