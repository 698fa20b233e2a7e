package org.flopcheck.layers;

/**
 * 1-D adaptive average pooling, mirroring {@code torch.nn.AdaptiveAvgPool1d(output_size)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, L_in)} or unbatched {@code (C, L_in)}; output {@code (N, C, L_out)} with
 * {@code L_out = output_size}. Output position {@code o} averages input positions {@code ⌊o·L_in/L_out⌋} to
 * {@code ⌈(o + 1)·L_in/L_out⌉ − 1}.
 *
 * <p><b>Parameters.</b> None.
 *
 * <p><b>Operations.</b> additions summing each window {@code N·C·(S − L_out)}, with {@code S = Σ_{o=0}^{L_out − 1}
 * (⌈(o + 1)·L_in/L_out⌉ − ⌊o·L_in/L_out⌋)} the values the windows read; divisions {@code 2·N·C·L_out} (torch runs
 * the 2-d kernel, dividing by the window height 1 and then its width), or {@code N·C} when {@code L_out = 1}, where
 * torch computes a mean (see {@link AdaptiveAvgPooling}).
 *
 * <p><b>Worked example.</b> {@code AdaptiveAvgPool1d(3)} on {@code (1, 1, 8)}: the windows cover positions 0–2, 2–5
 * and 5–7, 3 + 4 + 3 = 10 values; 10 − 3 = 7 additions and 2·3 = 6 divisions.
 */
public final class AdaptiveAvgPool1d extends AdaptiveAvgPooling<AdaptiveAvgPool1d> {

    private AdaptiveAvgPool1d(AdaptiveWindows.OutputSize outputSize) {
        super(1, outputSize);
    }

    /** {@code AdaptiveAvgPool1d(output_size)}. */
    public static AdaptiveAvgPool1d of(long outputSize) {
        return new AdaptiveAvgPool1d(AdaptiveWindows.OutputSize.of("AdaptiveAvgPool1d", 1, outputSize));
    }
}
