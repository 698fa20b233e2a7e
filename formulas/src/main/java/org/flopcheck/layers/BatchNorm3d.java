package org.flopcheck.layers;

import java.util.OptionalDouble;

/**
 * Batch normalisation of volumes, mirroring {@code torch.nn.BatchNorm3d(num_features, eps=1e-05, momentum=0.1,
 * affine=True, track_running_stats=True)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, D, H, W)}, {@code C = num_features}; output the same shape. torch has no
 * unbatched form.
 *
 * <p><b>Parameters.</b> {@code weight (C)} and {@code bias (C)} with affine: {@code 2·C}. Buffers
 * {@code running_mean (C)}, {@code running_var (C)} and the one-element {@code num_batches_tracked} with running
 * statistics: {@code 2·C + 1}.
 *
 * <p><b>Operations</b> (see {@link BatchNorm}): with running statistics {@code 2·N·C·D·H·W} per-element operations
 * (scale multiplications and shift additions) plus {@code 6·C} per-channel ones; with
 * batch statistics {@code C·(7·R + 3)} ({@code C·(5·R + 3)} without affine), {@code R = N·D·H·W}.
 *
 * <p><b>Worked example.</b> torch's own example {@code BatchNorm3d(100, affine=False)} on
 * {@code (20, 100, 35, 45, 10)}: no parameters, 201 buffer elements; 31,500,000 scale multiplications and as many
 * shift additions, plus 100 each of the six per-channel folding operations, which torch performs with weight 1
 * and bias 0: 63,000,600 exact operations.
 */
public final class BatchNorm3d extends BatchNorm<BatchNorm3d> {

    private BatchNorm3d(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                        boolean trackRunningStats) {
        super(3, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code BatchNorm3d(num_features)} with torch's defaults: eps 1e-5, momentum 0.1, affine, running stats. */
    public static BatchNorm3d of(long numFeatures) {
        return new BatchNorm3d(numFeatures, 1e-5, OptionalDouble.of(0.1), true, true);
    }

    @Override
    BatchNorm3d copy(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                     boolean trackRunningStats) {
        return new BatchNorm3d(numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
