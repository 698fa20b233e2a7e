package org.flopcheck.layers;

import java.util.OptionalDouble;

/**
 * Instance normalisation of images, mirroring {@code torch.nn.InstanceNorm2d(num_features, eps=1e-05,
 * momentum=0.1, affine=False, track_running_stats=False)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, H, W)} or unbatched {@code (C, H, W)}, {@code C = num_features}; output
 * the same shape. {@code S = H·W} values per instance (one channel of one sample).
 *
 * <p><b>Parameters.</b> {@code weight (C)} and {@code bias (C)} with affine: {@code 2·C}. Buffers
 * {@code running_mean (C)}, {@code running_var (C)} and the one-element {@code num_batches_tracked} with
 * {@code track_running_stats}: {@code 2·C + 1}. Neither by default.
 *
 * <p><b>Operations</b> (see {@link InstanceNorm}): by default {@code N·C·(5·S + 3)} ({@code N·C·(7·S + 3)} with
 * affine); with running statistics {@code 2·N·C·S + 4·N·C} ({@code + 5·N·C} with affine).
 *
 * <p><b>Worked example.</b> torch's own example {@code InstanceNorm2d(100, affine=True)} on {@code (20, 100, 35, 45)}:
 * 200 parameters, no buffers; {@code N·C = 2,000} instances of {@code S = 35·45 = 1,575} values,
 * {@code 7·1,575 + 3 = 11,028} operations each (the two-pass statistics and normalisation, then a weight
 * multiplication and a bias addition per value): 22,056,000 exact operations.
 */
public final class InstanceNorm2d extends InstanceNorm<InstanceNorm2d> {

    private InstanceNorm2d(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                           boolean trackRunningStats) {
        super(2, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code InstanceNorm2d(num_features)} with torch's defaults (eps 1e-5, momentum 0.1, no affine or stats). */
    public static InstanceNorm2d of(long numFeatures) {
        return new InstanceNorm2d(numFeatures, 1e-5, OptionalDouble.of(0.1), false, false);
    }

    @Override
    InstanceNorm2d copy(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                        boolean trackRunningStats) {
        return new InstanceNorm2d(numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
