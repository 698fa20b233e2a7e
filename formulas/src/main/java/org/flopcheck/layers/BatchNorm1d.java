package org.flopcheck.layers;

import java.util.OptionalDouble;

/**
 * Batch normalisation of features or sequences, mirroring {@code torch.nn.BatchNorm1d(num_features, eps=1e-05,
 * momentum=0.1, affine=True, track_running_stats=True)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C)} or {@code (N, C, L)}, {@code C = num_features}; output the same shape.
 * torch has no unbatched form.
 *
 * <p><b>Parameters.</b> {@code weight (C)} and {@code bias (C)} with affine: {@code 2·C}. Buffers
 * {@code running_mean (C)}, {@code running_var (C)} and the one-element {@code num_batches_tracked} with running
 * statistics: {@code 2·C + 1}.
 *
 * <p><b>Operations</b> (see {@link BatchNorm}), with {@code S = 1} for {@code (N, C)} and {@code S = L} for
 * {@code (N, C, L)}: with running statistics {@code 2·N·C·S} per-element operations (scale multiplications and
 * shift additions) plus {@code 6·C} per-channel ones; with batch statistics
 * {@code C·(7·R + 3)} ({@code C·(5·R + 3)} without affine), {@code R = N·S}.
 *
 * <p><b>Worked example.</b> torch's own example {@code BatchNorm1d(100)} on {@code (20, 100)}: 200 parameters, 201
 * buffer elements; 2,000 scale multiplications and 2,000 shift additions, plus 100 each of the six per-channel
 * folding operations (eps addition, square root, reciprocal, weight and mean multiplications, shift subtraction):
 * 4,600 exact operations.
 */
public final class BatchNorm1d extends BatchNorm<BatchNorm1d> {

    private BatchNorm1d(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                        boolean trackRunningStats) {
        super(1, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code BatchNorm1d(num_features)} with torch's defaults: eps 1e-5, momentum 0.1, affine, running stats. */
    public static BatchNorm1d of(long numFeatures) {
        return new BatchNorm1d(numFeatures, 1e-5, OptionalDouble.of(0.1), true, true);
    }

    @Override
    BatchNorm1d copy(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                     boolean trackRunningStats) {
        return new BatchNorm1d(numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
