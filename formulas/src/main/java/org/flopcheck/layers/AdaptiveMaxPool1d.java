package org.flopcheck.layers;

/**
 * 1-D adaptive max pooling, mirroring {@code torch.nn.AdaptiveMaxPool1d(output_size, return_indices=False)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, L_in)} or unbatched {@code (C, L_in)}; output {@code (N, C, L_out)} with
 * {@code L_out = output_size} (and a second output of the same shape with return_indices). Output position
 * {@code o} takes the max of input positions {@code ⌊o·L_in/L_out⌋} to {@code ⌈(o + 1)·L_in/L_out⌉ − 1}.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> comparisons within windows {@code N·C·(S − L_out)}, with {@code S = Σ_{o=0}^{L_out − 1}
 * (⌈(o + 1)·L_in/L_out⌉ − ⌊o·L_in/L_out⌋)} the values the windows read (see {@link AdaptiveMaxPooling}).
 *
 * <p><b>Worked example.</b> torch's documentation example {@code AdaptiveMaxPool1d(5)} on {@code (1, 64, 8)}: the
 * windows cover positions 0–1, 1–3, 3–4, 4–6 and 6–7, 2 + 3 + 2 + 3 + 2 = 12 values; 64·(12 − 5) = 448
 * comparisons.
 */
public final class AdaptiveMaxPool1d extends AdaptiveMaxPooling<AdaptiveMaxPool1d> {

    private AdaptiveMaxPool1d(AdaptiveWindows.OutputSize outputSize, boolean returnIndices) {
        super(1, outputSize, returnIndices);
    }

    /** {@code AdaptiveMaxPool1d(output_size)} without indices, torch's default. */
    public static AdaptiveMaxPool1d of(long outputSize) {
        return new AdaptiveMaxPool1d(AdaptiveWindows.OutputSize.of("AdaptiveMaxPool1d", 1, outputSize), false);
    }

    @Override
    AdaptiveMaxPool1d copy(boolean returnIndices) {
        return new AdaptiveMaxPool1d(outputSize, returnIndices);
    }
}
