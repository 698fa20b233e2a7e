package org.flopcheck.layers;

/**
 * 3-D adaptive average pooling, mirroring {@code torch.nn.AdaptiveAvgPool3d(output_size)}; an entry None (here
 * {@code null}) keeps the input's size along that dimension.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, D_in, H_in, W_in)} or unbatched {@code (C, D_in, H_in, W_in)}; output
 * {@code (N, C, D_out, H_out, W_out)} with {@code (D_out, H_out, W_out) = output_size}; windows per dimension as in
 * {@link AdaptiveAvgPool2d}.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> additions summing each window {@code N·C·(S_d·S_h·S_w − D_out·H_out·W_out)}; divisions
 * {@code 3·N·C·D_out·H_out·W_out} (torch divides each sum by the window depth, height and width in turn), or
 * {@code N·C} for output {@code (1, 1, 1)}, where torch computes a mean (see {@link AdaptiveAvgPooling}).
 *
 * <p><b>Worked example.</b> {@code AdaptiveAvgPool3d(2)} on {@code (1, 1, 3, 3, 3)}: along each dimension the two
 * windows cover positions 0–1 and 1–2, so {@code S_d = S_h = S_w = 4}; 64 − 8 = 56 additions and 3·8 = 24
 * divisions.
 */
public final class AdaptiveAvgPool3d extends AdaptiveAvgPooling<AdaptiveAvgPool3d> {

    private AdaptiveAvgPool3d(AdaptiveWindows.OutputSize outputSize) {
        super(3, outputSize);
    }

    /** {@code AdaptiveAvgPool3d(output_size)} with one size for every dimension. */
    public static AdaptiveAvgPool3d of(long outputSize) {
        return new AdaptiveAvgPool3d(AdaptiveWindows.OutputSize.of("AdaptiveAvgPool3d", 3, outputSize));
    }

    /** {@code AdaptiveAvgPool3d((D_out, H_out, W_out))}; a null entry is torch's None (keep the input's size). */
    public static AdaptiveAvgPool3d of(Long depth, Long height, Long width) {
        return new AdaptiveAvgPool3d(AdaptiveWindows.OutputSize.of("AdaptiveAvgPool3d", 3, depth, height, width));
    }
}
