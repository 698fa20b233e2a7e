package org.flopcheck.layers;

/**
 * A 2-D convolution, mirroring {@code torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True, padding_mode='zeros')}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C_in, H_in, W_in)} or unbatched {@code (C_in, H_in, W_in)}; weight
 * {@code (C_out, C_in/g, K_h, K_w)}; bias {@code (C_out)}; output {@code (N, C_out, H_out, W_out)} with
 * {@code H_out = ⌊(H_in + 2·p_h − d_h·(K_h − 1) − 1)/s_h⌋ + 1} and likewise for the width.
 *
 * <p><b>Parameters.</b> {@code C_out·C_in/g·K_h·K_w} weights plus {@code C_out} biases. Depthwise
 * ({@code g = C_in}) keeps one filter slice per input channel; {@code C_out = m·C_in} is a channel multiplier m.
 *
 * <p><b>Operations.</b> Every output element is a dot product of {@code C_in/g·K_h·K_w} products:
 * <ul>
 *   <li>weight multiplications {@code N·C_out·H_out·W_out·C_in/g·K_h·K_w} (the MACs);</li>
 *   <li>products summed within a window {@code N·C_out·H_out·W_out·C_in/g·(K_h·K_w − 1)};</li>
 *   <li>window sums combined across input channels {@code N·C_out·H_out·W_out·(C_in/g − 1)};</li>
 *   <li>bias additions {@code N·C_out·H_out·W_out}, with bias.</li>
 * </ul>
 * Exact operations: {@code N·C_out·H_out·W_out·(2·C_in·K_h·K_w − g)/g} without bias.
 *
 * <p><b>Worked example.</b> The keyword-spotting layer {@code Conv2d(1, 32, kernel_size=(4, 10), stride=(2, 8),
 * bias=False)} on {@code (1, 1, 130, 40)}: {@code H_out = ⌊(130 − 4)/2⌋ + 1 = 64}, {@code W_out = ⌊(40 − 10)/8⌋ + 1
 * = 4}; 1,280 parameters; 327,680 weight multiplications (MACs), 40 per output element.
 */
public final class Conv2d extends Convolution<Conv2d> {

    private Conv2d(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding, PaddingKind kind,
                   Dims dilation, long groups, boolean bias, String paddingMode) {
        super(2, inChannels, outChannels, kernel, stride, padding, kind, dilation, groups, bias, paddingMode);
    }

    /** {@code Conv2d(in_channels, out_channels, kernel_size)} with a square kernel and torch's defaults. */
    public static Conv2d of(long inChannels, long outChannels, long kernelSize) {
        return of(inChannels, outChannels, Dims.of(kernelSize, kernelSize));
    }

    /** {@code Conv2d(in_channels, out_channels, (K_h, K_w))} with torch's defaults for the rest. */
    public static Conv2d of(long inChannels, long outChannels, Dims kernelSize) {
        return new Conv2d(inChannels, outChannels, kernelSize, Dims.of(1, 1), Dims.of(0, 0), PaddingKind.EXPLICIT,
                Dims.of(1, 1), 1, true, "zeros");
    }

    @Override
    Conv2d copy(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding, PaddingKind kind,
                Dims dilation, long groups, boolean bias, String paddingMode) {
        return new Conv2d(inChannels, outChannels, kernel, stride, padding, kind, dilation, groups, bias, paddingMode);
    }

    @Override
    public String toString() {
        return ConvRepr.of(this, Dims.of(0, 0));
    }
}
