package org.flopcheck.layers;

import java.util.OptionalDouble;

/**
 * Instance normalisation of sequences, mirroring {@code torch.nn.InstanceNorm1d(num_features, eps=1e-05,
 * momentum=0.1, affine=False, track_running_stats=False)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, L)} or unbatched {@code (C, L)}, {@code C = num_features}; output
 * the same shape. {@code S = L} values per instance (one channel of one sample).
 *
 * <p><b>Parameters.</b> {@code weight (C)} and {@code bias (C)} with affine: {@code 2·C}. Buffers
 * {@code running_mean (C)}, {@code running_var (C)} and the one-element {@code num_batches_tracked} with
 * {@code track_running_stats}: {@code 2·C + 1}. Neither by default.
 *
 * <p><b>Operations</b> (see {@link InstanceNorm}): by default {@code N·C·(5·S + 3)} ({@code N·C·(7·S + 3)} with
 * affine); with running statistics {@code 2·N·C·S + 4·N·C} ({@code + 5·N·C} with affine).
 *
 * <p><b>Worked example.</b> torch's own example {@code InstanceNorm1d(100)} on {@code (20, 100, 40)}: no parameters
 * or buffers; {@code N·C = 2,000} instances of {@code S = 40} values, {@code 5·40 + 3 = 203} operations each: 39
 * mean additions, 1 mean division, 40 centring subtractions, 40 squarings, 39 variance additions, 1 variance
 * division, 1 eps addition, 1 square root, 1 reciprocal division and 40 normalising multiplications; 406,000 exact
 * operations.
 */
public final class InstanceNorm1d extends InstanceNorm<InstanceNorm1d> {

    private InstanceNorm1d(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                           boolean trackRunningStats) {
        super(1, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code InstanceNorm1d(num_features)} with torch's defaults (eps 1e-5, momentum 0.1, no affine or stats). */
    public static InstanceNorm1d of(long numFeatures) {
        return new InstanceNorm1d(numFeatures, 1e-5, OptionalDouble.of(0.1), false, false);
    }

    @Override
    InstanceNorm1d copy(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                        boolean trackRunningStats) {
        return new InstanceNorm1d(numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
