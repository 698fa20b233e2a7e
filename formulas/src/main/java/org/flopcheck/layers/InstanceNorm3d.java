package org.flopcheck.layers;

import java.util.OptionalDouble;

/**
 * Instance normalisation of volumes, mirroring {@code torch.nn.InstanceNorm3d(num_features, eps=1e-05,
 * momentum=0.1, affine=False, track_running_stats=False)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, D, H, W)} or unbatched {@code (C, D, H, W)}, {@code C = num_features}; output
 * the same shape. {@code S = D·H·W} values per instance (one channel of one sample).
 *
 * <p><b>Parameters.</b> {@code weight (C)} and {@code bias (C)} with affine: {@code 2·C}. Buffers
 * {@code running_mean (C)}, {@code running_var (C)} and the one-element {@code num_batches_tracked} with
 * {@code track_running_stats}: {@code 2·C + 1}. Neither by default.
 *
 * <p><b>Operations</b> (see {@link InstanceNorm}): by default {@code N·C·(5·S + 3)} ({@code N·C·(7·S + 3)} with
 * affine); with running statistics {@code 2·N·C·S + 6·N·C}.
 *
 * <p><b>Worked example.</b> {@code InstanceNorm3d(4, track_running_stats=True)} on {@code (2, 4, 3, 8, 8)}: no
 * parameters, 9 buffer elements; eval mode folds the running statistics once per sample and channel, 8 times:
 * 8 each of eps additions, square roots, reciprocal divisions, scale multiplications by the weight (1),
 * mean-by-scale multiplications and shift subtractions (from bias 0), then 1,536 scale multiplications and 1,536
 * shift additions: 3,120 exact operations.
 */
public final class InstanceNorm3d extends InstanceNorm<InstanceNorm3d> {

    private InstanceNorm3d(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                           boolean trackRunningStats) {
        super(3, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code InstanceNorm3d(num_features)} with torch's defaults (eps 1e-5, momentum 0.1, no affine or stats). */
    public static InstanceNorm3d of(long numFeatures) {
        return new InstanceNorm3d(numFeatures, 1e-5, OptionalDouble.of(0.1), false, false);
    }

    @Override
    InstanceNorm3d copy(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                        boolean trackRunningStats) {
        return new InstanceNorm3d(numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
