package org.flopcheck.layers;

/**
 * A 1-D transposed convolution, mirroring {@code torch.nn.ConvTranspose1d(in_channels, out_channels, kernel_size,
 * stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C_in, L_in)} or unbatched {@code (C_in, L_in)}; weight
 * {@code (C_in, C_out/g, K)}; bias {@code (C_out)}; output {@code (N, C_out, L_out)} with
 * {@code L_out = (L_in − 1)·s − 2·p + d·(K − 1) + op + 1} (op the output padding).
 *
 * <p><b>Parameters.</b> {@code C_in·C_out/g·K} weights plus {@code C_out} biases.
 *
 * <p><b>Operations.</b> Counted where torch computes them, at input positions:
 * <ul>
 *   <li>weight multiplications {@code N·C_in·L_in·C_out/g·K} (the MACs);</li>
 *   <li>additions summing the products at each output position {@code N·C_out·(C_in/g·V − Z)}, where
 *       {@code V = #{(i, k) : 0 ≤ i·s + k·d − p < L_out}} counts the products landing inside the output and
 *       {@code Z} the output positions reached by at least one;</li>
 *   <li>bias additions {@code N·C_out·Z}, with bias.</li>
 * </ul>
 *
 * <p><b>Worked example.</b> {@code ConvTranspose1d(1, 1, 3, bias=False)} on {@code (1, 1, 2)}: {@code L_out = 4};
 * 6 weight multiplications; the four outputs receive 1, 2, 2 and 1 products, so 2 additions.
 */
public final class ConvTranspose1d extends TransposedConvolution<ConvTranspose1d> {

    private ConvTranspose1d(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding,
                            Dims outputPadding, long groups, boolean bias, Dims dilation) {
        super(1, inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias, dilation);
    }

    /** {@code ConvTranspose1d(in_channels, out_channels, kernel_size)} with torch's defaults for the rest. */
    public static ConvTranspose1d of(long inChannels, long outChannels, long kernelSize) {
        return new ConvTranspose1d(inChannels, outChannels, Dims.of(kernelSize), Dims.of(1), Dims.of(0), Dims.of(0),
                1, true, Dims.of(1));
    }

    @Override
    ConvTranspose1d copy(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding,
                         Dims outputPadding, long groups, boolean bias, Dims dilation) {
        return new ConvTranspose1d(inChannels, outChannels, kernel, stride, padding, outputPadding, groups, bias,
                dilation);
    }
}
