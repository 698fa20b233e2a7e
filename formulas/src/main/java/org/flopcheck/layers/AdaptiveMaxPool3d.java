package org.flopcheck.layers;

/**
 * 3-D adaptive max pooling, mirroring {@code torch.nn.AdaptiveMaxPool3d(output_size, return_indices=False)}; an
 * entry None (here {@code null}) keeps the input's size along that dimension.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, D_in, H_in, W_in)} or unbatched {@code (C, D_in, H_in, W_in)}; output
 * {@code (N, C, D_out, H_out, W_out)} with {@code (D_out, H_out, W_out) = output_size} (and a second output of the
 * same shape with return_indices); windows per dimension as in {@link AdaptiveMaxPool2d}.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> comparisons within windows {@code N·C·(S_d·S_h·S_w − D_out·H_out·W_out)} (see
 * {@link AdaptiveMaxPooling}).
 *
 * <p><b>Worked example.</b> {@code AdaptiveMaxPool3d(2)} on {@code (1, 1, 3, 3, 3)}: along each dimension the two
 * windows cover positions 0–1 and 1–2 ({@code S = 4}); 4·4·4 − 8 = 56 comparisons.
 */
public final class AdaptiveMaxPool3d extends AdaptiveMaxPooling<AdaptiveMaxPool3d> {

    private AdaptiveMaxPool3d(AdaptiveWindows.OutputSize outputSize, boolean returnIndices) {
        super(3, outputSize, returnIndices);
    }

    /** {@code AdaptiveMaxPool3d(output_size)} with one size for every dimension. */
    public static AdaptiveMaxPool3d of(long outputSize) {
        return new AdaptiveMaxPool3d(AdaptiveWindows.OutputSize.of("AdaptiveMaxPool3d", 3, outputSize), false);
    }

    /** {@code AdaptiveMaxPool3d((D_out, H_out, W_out))}; a null entry is torch's None (keep the input's size). */
    public static AdaptiveMaxPool3d of(Long depth, Long height, Long width) {
        return new AdaptiveMaxPool3d(AdaptiveWindows.OutputSize.of("AdaptiveMaxPool3d", 3, depth, height, width),
                false);
    }

    @Override
    AdaptiveMaxPool3d copy(boolean returnIndices) {
        return new AdaptiveMaxPool3d(outputSize, returnIndices);
    }
}
