package org.flopcheck.layers;

/**
 * 2-D adaptive max pooling, mirroring {@code torch.nn.AdaptiveMaxPool2d(output_size, return_indices=False)}; an
 * entry None (here {@code null}) keeps the input's size along that dimension.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, H_in, W_in)} or unbatched {@code (C, H_in, W_in)}; output
 * {@code (N, C, H_out, W_out)} with {@code (H_out, W_out) = output_size} (and a second output of the same shape with
 * return_indices). Output row {@code o} covers input rows {@code ⌊o·H_in/H_out⌋} to {@code ⌈(o + 1)·H_in/H_out⌉
 * − 1}, and likewise for the columns.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> comparisons within windows {@code N·C·(S_h·S_w − H_out·W_out)}, with {@code S_h} and
 * {@code S_w} the window sizes summed per dimension (see {@link AdaptiveMaxPooling}).
 *
 * <p><b>Worked example.</b> torch's documentation example {@code AdaptiveMaxPool2d((5, 7))} on
 * {@code (1, 64, 8, 9)}: the five row windows read 2, 3, 2, 3, 2 rows ({@code S_h = 12}), the seven column windows
 * 2, 2, 2, 3, 2, 2, 2 columns ({@code S_w = 15}); 64·(12·15 − 5·7) = 9,280 comparisons.
 */
public final class AdaptiveMaxPool2d extends AdaptiveMaxPooling<AdaptiveMaxPool2d> {

    private AdaptiveMaxPool2d(AdaptiveWindows.OutputSize outputSize, boolean returnIndices) {
        super(2, outputSize, returnIndices);
    }

    /** {@code AdaptiveMaxPool2d(output_size)} with one size for both dimensions. */
    public static AdaptiveMaxPool2d of(long outputSize) {
        return new AdaptiveMaxPool2d(AdaptiveWindows.OutputSize.of("AdaptiveMaxPool2d", 2, outputSize), false);
    }

    /** {@code AdaptiveMaxPool2d((H_out, W_out))}; a null entry is torch's None (keep the input's size). */
    public static AdaptiveMaxPool2d of(Long height, Long width) {
        return new AdaptiveMaxPool2d(AdaptiveWindows.OutputSize.of("AdaptiveMaxPool2d", 2, height, width), false);
    }

    @Override
    AdaptiveMaxPool2d copy(boolean returnIndices) {
        return new AdaptiveMaxPool2d(outputSize, returnIndices);
    }
}
