package org.flopcheck.layers;

/**
 * A 1-D convolution, mirroring {@code torch.nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True, padding_mode='zeros')}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C_in, L_in)} or unbatched {@code (C_in, L_in)}; weight
 * {@code (C_out, C_in/g, K)}; bias {@code (C_out)}; output {@code (N, C_out, L_out)} with
 * {@code L_out = ⌊(L_in + 2·p − d·(K − 1) − 1)/s⌋ + 1}, or {@code L_out = L_in} for {@code padding='same'}.
 *
 * <p><b>Parameters.</b> {@code C_out·C_in/g·K} weights plus {@code C_out} biases.
 *
 * <p><b>Operations.</b> Every output element is a dot product of {@code C_in/g·K} products:
 * <ul>
 *   <li>weight multiplications {@code N·C_out·L_out·C_in/g·K} (the MACs);</li>
 *   <li>products summed within a window {@code N·C_out·L_out·C_in/g·(K − 1)};</li>
 *   <li>window sums combined across input channels {@code N·C_out·L_out·(C_in/g − 1)};</li>
 *   <li>bias additions {@code N·C_out·L_out}, with bias.</li>
 * </ul>
 * Exact operations: {@code N·C_out·L_out·(2·C_in·K − g)/g} without bias, {@code N·C_in·C_out·L_out·2·K/g} with
 * bias (the form of moduleprofiler's published Conv1d derivation).
 *
 * <p><b>Worked example.</b> {@code Conv1d(3, 16, 5)} on {@code (1, 3, 100)}: {@code L_out = ⌊(100 + 2·0 − 1·(5 −
 * 1) − 1)/1⌋ + 1 = 96}; 256 parameters; 23,040 weight multiplications (MACs); 46,080 exact operations.
 */
public final class Conv1d extends Convolution<Conv1d> {

    private Conv1d(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding, PaddingKind kind,
                   Dims dilation, long groups, boolean bias, String paddingMode) {
        super(1, inChannels, outChannels, kernel, stride, padding, kind, dilation, groups, bias, paddingMode);
    }

    /** {@code Conv1d(in_channels, out_channels, kernel_size)} with torch's defaults for the rest. */
    public static Conv1d of(long inChannels, long outChannels, long kernelSize) {
        return new Conv1d(inChannels, outChannels, Dims.of(kernelSize), Dims.of(1), Dims.of(0), PaddingKind.EXPLICIT,
                Dims.of(1), 1, true, "zeros");
    }

    @Override
    Conv1d copy(long inChannels, long outChannels, Dims kernel, Dims stride, Dims padding, PaddingKind kind,
                Dims dilation, long groups, boolean bias, String paddingMode) {
        return new Conv1d(inChannels, outChannels, kernel, stride, padding, kind, dilation, groups, bias, paddingMode);
    }

    @Override
    public String toString() {
        return ConvRepr.of(this, Dims.of(0));
    }
}
