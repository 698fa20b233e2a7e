package org.flopcheck.layers;

/**
 * 2-D adaptive average pooling, mirroring {@code torch.nn.AdaptiveAvgPool2d(output_size)}; an entry None (here
 * {@code null}) keeps the input's size along that dimension.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, H_in, W_in)} or unbatched {@code (C, H_in, W_in)}; output
 * {@code (N, C, H_out, W_out)} with {@code (H_out, W_out) = output_size}. Output row {@code o} averages input rows
 * {@code ⌊o·H_in/H_out⌋} to {@code ⌈(o + 1)·H_in/H_out⌉ − 1}, and likewise for the columns.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> additions summing each window {@code N·C·(S_h·S_w − H_out·W_out)}, with {@code S_h} and
 * {@code S_w} the window sizes summed per dimension; divisions {@code 2·N·C·H_out·W_out} (torch divides each sum
 * by the window height, then by its width), or {@code N·C} for output {@code (1, 1)}, where torch computes a mean
 * (see {@link AdaptiveAvgPooling}).
 *
 * <p><b>Worked example.</b> The ResNet head {@code AdaptiveAvgPool2d((1, 1))} on {@code (1, 512, 7, 7)}: one window
 * of 49 values per channel; 512·48 = 24,576 additions and 512 divisions.
 */
public final class AdaptiveAvgPool2d extends AdaptiveAvgPooling<AdaptiveAvgPool2d> {

    private AdaptiveAvgPool2d(AdaptiveWindows.OutputSize outputSize) {
        super(2, outputSize);
    }

    /** {@code AdaptiveAvgPool2d(output_size)} with one size for both dimensions. */
    public static AdaptiveAvgPool2d of(long outputSize) {
        return new AdaptiveAvgPool2d(AdaptiveWindows.OutputSize.of("AdaptiveAvgPool2d", 2, outputSize));
    }

    /** {@code AdaptiveAvgPool2d((H_out, W_out))}; a null entry is torch's None (keep the input's size). */
    public static AdaptiveAvgPool2d of(Long height, Long width) {
        return new AdaptiveAvgPool2d(AdaptiveWindows.OutputSize.of("AdaptiveAvgPool2d", 2, height, width));
    }
}
