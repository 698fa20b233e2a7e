package org.flopcheck.layers;

import java.util.OptionalDouble;
import org.flopcheck.derivation.TensorDims;
import org.flopcheck.derivation.Worksheet;

/**
 * What {@link BatchNorm} and {@link InstanceNorm} share, as torch's {@code _NormBase} does: the arguments
 * {@code num_features, eps, momentum, affine, track_running_stats}, the tensors they imply and the repr.
 *
 * <p><b>Tensors.</b> With {@code affine}: parameters {@code weight (C)} and {@code bias (C)}. With
 * {@code track_running_stats}: buffers {@code running_mean (C)}, {@code running_var (C)} and
 * {@code num_batches_tracked}, a 0-dimensional tensor of one element. {@code C} is {@code num_features}.
 *
 * <p>{@code eps} and {@code momentum} change no count; they are kept for the repr. {@code momentum} only matters
 * in training, where running estimates are updated; every count here is one forward pass in eval mode.
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class NormBase<T extends NormBase<T>> implements Layer permits BatchNorm, InstanceNorm {
    final String family;
    final int dims;
    final long numFeatures;
    final double eps;
    final OptionalDouble momentum;
    final boolean affine;
    final boolean trackRunningStats;
    private final String type;
    private final int hash;   // of every argument: the layer is a key when calls are shared (SharedCalls)

    NormBase(String family, int dims, long numFeatures, double eps, OptionalDouble momentum, boolean affine,
             boolean trackRunningStats) {
        this.family = family;
        this.dims = dims;
        this.type = family + dims + "d";
        this.numFeatures = Args.positive(family + dims + "d", "num_features", numFeatures);
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        this.hash = java.util.Objects.hash(getClass(), numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /**
     * Equal when of the same class with equal arguments ({@code eps} and {@code momentum} compared as
     * {@link Double#equals} does): such layers have the same repr, tensors and operations on every input.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof NormBase<?> n && n.getClass() == getClass() && n.hash == hash
                && n.numFeatures == numFeatures && Double.compare(n.eps, eps) == 0 && n.momentum.equals(momentum)
                && n.affine == affine && n.trackRunningStats == trackRunningStats;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** A copy with changed arguments, of the concrete type. */
    abstract T copy(long numFeatures, double eps, OptionalDouble momentum, boolean affine, boolean trackRunningStats);

    @Override
    public String type() {
        return type;
    }

    /** The value added to the variance before its square root; torch's default is 1e-5. Counts do not change. */
    public T eps(double eps) {
        return copy(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** The running statistics' update factor in training; torch's default is 0.1. Counts do not change. */
    public T momentum(double momentum) {
        return copy(numFeatures, eps, OptionalDouble.of(momentum), affine, trackRunningStats);
    }

    /**
     * The update factor, or empty for torch's {@code momentum=None} (a cumulative moving average). Counts do not
     * change.
     */
    public T momentum(OptionalDouble momentum) {
        return copy(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** Whether the layer has a learnable per-channel weight and bias. */
    public T affine(boolean affine) {
        return copy(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** Whether the layer keeps running estimates of mean and variance, which eval mode then normalises with. */
    public T trackRunningStats(boolean trackRunningStats) {
        return copy(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    public long numFeatures() {
        return numFeatures;
    }

    public double eps() {
        return eps;
    }

    /** Empty for {@code momentum=None}. */
    public OptionalDouble momentum() {
        return momentum;
    }

    public boolean affine() {
        return affine;
    }

    public boolean trackRunningStats() {
        return trackRunningStats;
    }

    /** Records the parameters and buffers torch's {@code _NormBase} registers, over {@code C} features. */
    void tensors(Worksheet w, TensorDims perFeature) {
        if (affine) {
            w.parameter("weight", perFeature);
            w.parameter("bias", perFeature);
        }
        if (trackRunningStats) {
            w.buffer("running_mean", perFeature);
            w.buffer("running_var", perFeature);
            w.buffer("num_batches_tracked", SCALAR);
        }
    }

    /** The dimensions of a 0-dimensional tensor. */
    private static final TensorDims SCALAR = TensorDims.of();

    /** torch's repr: {@code BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)}. */
    @Override
    public String toString() {
        return type() + "(" + numFeatures + ", eps=" + PyRepr.floatRepr(eps) + ", momentum="
                + PyRepr.optionalFloat(momentum) + ", affine=" + Args.py(affine) + ", track_running_stats="
                + Args.py(trackRunningStats) + ")";
    }
}
