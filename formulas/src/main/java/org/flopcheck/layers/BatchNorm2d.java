package org.flopcheck.layers;

import java.util.OptionalDouble;

/**
 * Batch normalisation of images, mirroring {@code torch.nn.BatchNorm2d(num_features, eps=1e-05, momentum=0.1,
 * affine=True, track_running_stats=True)}.
 *
 * <p><b>Shapes.</b> Input {@code (N, C, H, W)}, {@code C = num_features}; output the same shape. torch has no
 * unbatched form.
 *
 * <p><b>Parameters.</b> {@code weight (C)} and {@code bias (C)} with affine: {@code 2·C}. Buffers
 * {@code running_mean (C)}, {@code running_var (C)} and the one-element {@code num_batches_tracked} with running
 * statistics: {@code 2·C + 1}.
 *
 * <p><b>Operations</b> (see {@link BatchNorm}): with running statistics {@code 2·N·C·H·W} per-element operations
 * (scale multiplications and shift additions) plus {@code 6·C} per-channel ones; with
 * batch statistics {@code C·(7·R + 3)} ({@code C·(5·R + 3)} without affine), {@code R = N·H·W}.
 *
 * <p><b>Worked example.</b> The keyword-spotting layer {@code BatchNorm2d(32)} on {@code (1, 32, 64, 4)}: 64
 * parameters, 64 + 1 = 65 buffer elements; 8,192 scale multiplications and 8,192 shift additions (16,384
 * per-element operations, 2 per element), plus 32 each of eps additions, square roots, reciprocal divisions,
 * scale multiplications by the weight, mean-by-scale multiplications and shift subtractions: 16,576 exact
 * operations, no MACs.
 */
public final class BatchNorm2d extends BatchNorm<BatchNorm2d> {

    private BatchNorm2d(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                        boolean trackRunningStats) {
        super(2, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code BatchNorm2d(num_features)} with torch's defaults: eps 1e-5, momentum 0.1, affine, running stats. */
    public static BatchNorm2d of(long numFeatures) {
        return new BatchNorm2d(numFeatures, 1e-5, OptionalDouble.of(0.1), true, true);
    }

    @Override
    BatchNorm2d copy(long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                     boolean trackRunningStats) {
        return new BatchNorm2d(numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
