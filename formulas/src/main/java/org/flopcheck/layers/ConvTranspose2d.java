package org.flopcheck.layers;

/**
 * A 2-D transposed convolution, mirroring {@code torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size,
 * stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C_in, H_in, W_in)} or unbatched; weight {@code (C_in, C_out/g, K_h, K_w)};
 * bias {@code (C_out)}; output {@code (N, C_out, H_out, W_out)} with
 * {@code H_out = (H_in − 1)·s_h − 2·p_h + d_h·(K_h − 1) + op_h + 1} and likewise for the width.
 *
 * <p><b>Parameters.</b> {@code C_in·C_out/g·K_h·K_w} weights plus {@code C_out} biases.
 *
 * <p><b>Operations.</b> weight multiplications {@code N·C_in·H_in·W_in·C_out/g·K_h·K_w} (the MACs); additions
 * summing the products at each output position {@code N·C_out·(C_in/g·V_h·V_w − Z_h·Z_w)}; bias additions
 * {@code N·C_out·Z_h·Z_w}; V and Z per dimension as in {@link ConvTranspose1d}.
 *
 * <p><b>Worked example.</b> The usual 2× upsampler {@code ConvTranspose2d(16, 8, 3, stride=2, padding=1,
 * output_padding=1)} on {@code (1, 16, 8, 8)}: output {@code (1, 8, 16, 16)}; 1,160 parameters; 73,728 weight
 * multiplications at input positions (counting at output positions would give 294,912).
 */
public final class ConvTranspose2d extends TransposedConvolution<ConvTranspose2d> {

    private ConvTranspose2d(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding,
                            Dims outputPadding, long groups, boolean bias, Dims dilation) {
        super(2, inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias, dilation);
    }

    /** {@code ConvTranspose2d(in_channels, out_channels, kernel_size)} with a square kernel and torch's defaults. */
    public static ConvTranspose2d of(long inChannels, long outChannels, long kernelSize) {
        return of(inChannels, outChannels, Dims.of(kernelSize, kernelSize));
    }

    /** {@code ConvTranspose2d(in_channels, out_channels, (K_h, K_w))} with torch's defaults for the rest. */
    public static ConvTranspose2d of(long inChannels, long outChannels, Dims kernelSize) {
        return new ConvTranspose2d(inChannels, outChannels, kernelSize, Dims.of(1, 1), Dims.of(0, 0), Dims.of(0, 0),
                1, true, Dims.of(1, 1));
    }

    @Override
    ConvTranspose2d copy(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding,
                         Dims outputPadding, long groups, boolean bias, Dims dilation) {
        return new ConvTranspose2d(inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias,
                dilation);
    }
}
