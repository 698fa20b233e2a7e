package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.TensorDims;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;

/**
 * The instance normalisation shared by {@link InstanceNorm1d}, {@link InstanceNorm2d} and {@link InstanceNorm3d}:
 * torch's {@code _InstanceNorm} forward in eval mode, every channel of every sample normalised on its own,
 * {@code y = (x − mean)/√(var + eps)·weight + bias}.
 *
 * <p><b>Which statistics.</b> With {@code track_running_stats=False} (the default) torch uses the statistics of
 * each sample's channel in eval mode too, over its {@code S} spatial values ({@code S} the product of the spatial
 * sizes; torch refuses {@code S = 1}). With {@code track_running_stats=True} eval mode normalises with the running
 * estimates: torch's {@code instance_norm} views the input as {@code (1, N·C, *)}, repeats the running statistics
 * (and weight and bias) for every sample, and runs batch normalisation on that view, so the statistics are folded
 * into a scale and shift once per sample and channel, {@code N·C} times.
 *
 * <p><b>Operations with instance statistics</b>, per sample and channel over {@code S} values ({@code N·C} sets),
 * by the textbook two-pass algorithm: mean additions {@code N·C·(S − 1)}, mean divisions {@code N·C}, centring
 * subtractions {@code N·C·S}, squarings of centred values {@code N·C·S}, variance additions
 * {@code N·C·(S − 1)}, variance divisions {@code N·C} (the biased variance), eps additions {@code N·C}, square
 * roots {@code N·C}, reciprocal divisions {@code N·C}, normalising multiplications {@code N·C·S}; with affine,
 * affine weight multiplications {@code N·C·S} and affine bias additions {@code N·C·S}. Exact operations:
 * {@code N·C·(5·S + 3)} without affine, {@code N·C·(7·S + 3)} with.
 *
 * <p><b>Operations with running statistics</b>: per sample and channel an eps addition, a square root, a scale
 * division, a mean-by-scale multiplication and, with affine, a shift subtraction; per element a scale
 * multiplication and a shift addition: {@code 2·N·C·S + 6·N·C}, with or without affine.
 * (After that call torch writes the running statistics back as the mean of their {@code N} repeated copies, which
 * changes nothing in eval mode; that bookkeeping, {@code 2·C·(N − 1)} additions and {@code 2·C} divisions on the
 * buffers, is not part of the output and is not counted.)
 *
 * <p><b>Channels.</b> With {@code affine} or running statistics the input's channel count must equal
 * {@code num_features}. Without either, torch only warns that {@code num_features} is unused and normalises the
 * channels the input has; so does this class, counting the input's channels.
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class InstanceNorm<T extends InstanceNorm<T>> extends NormBase<T>
        permits InstanceNorm1d, InstanceNorm2d, InstanceNorm3d {
    public static final Sym C = new Sym("C", "channels of the input");
    /** The shape {@code (C)} of the weight, bias and running statistics. */
    private static final TensorDims PER_CHANNEL = TensorDims.of(C);
    public static final Sym S = new Sym("S", "spatial values per channel: the product of the spatial sizes");
    private static final Sym BATCHED_N = new Sym("N", "batch size");
    /** The spatial size symbols by number of dimensions, {@code SPATIAL[dims - 1][i]}, written once. */
    private static final Sym[][] SPATIAL = new Sym[3][];

    static {
        for (int dims = 1; dims <= 3; dims++) {
            SPATIAL[dims - 1] = new Sym[dims];
            for (int i = 0; i < dims; i++) {
                SPATIAL[dims - 1][i] = new Sym(Axes.axis(dims, i), "input " + Axes.word(dims, i));
            }
        }
    }

    InstanceNorm(int dims, long numFeatures, double eps, OptionalDouble momentum, boolean affine,
                 boolean trackRunningStats) {
        super("InstanceNorm", dims, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Shape x = Forward.single(type, inputs);
        boolean batched = x.rank() == dims + 2;
        if (x.rank() != dims + 1 && !batched) {
            throw new InvalidShapeException("input", type + " expects input " + layout() + ", got " + x
                    + "; torch: expected " + (dims + 1) + "D or " + (dims + 2) + "D input (got " + x.rank()
                    + "D input)");
        }
        int c = batched ? 1 : 0;
        long channels = x.dim(c);
        if (channels != numFeatures && (affine || trackRunningStats)) {
            throw new InvalidShapeException("input", type + " expects input " + layout() + ", got " + x + ": "
                    + channels + " channels, not " + numFeatures + (affine
                    ? "; torch: expected input's size at dim=" + c + " to match num_features (" + numFeatures
                    + "), but got: " + channels + "."
                    : "; the running statistics hold " + numFeatures + " channels"));
        }
        if (!trackRunningStats && Forward.onesFrom(x, c + 1)) {
            throw new InvalidShapeException("input", type + ": with track_running_stats=False torch normalises each"
                    + " channel with its own statistics, even in eval mode, and needs more than 1 spatial element,"
                    + " got input " + x + "; torch: Expected more than 1 spatial element when training");
        }

        Worksheet w = new Worksheet(type);
        Sym n = w.given(batched ? BATCHED_N : Forward.UNBATCHED_N,
                batched ? x.dim(0) : 1);
        w.given(C, channels);
        List<Sym> spatial = new ArrayList<>();
        for (int i = 0; i < dims; i++) {
            spatial.add(w.given(SPATIAL[dims - 1][i], x.dim(c + 1 + i)));
        }
        w.note(Stage.SHAPE, () -> "the output has the input's shape " + x);
        if (channels != numFeatures) {
            w.note(Stage.SHAPE, () -> "the input has " + channels + " channels, not num_features = " + numFeatures
                    + ": torch warns that num_features is unused (affine=False) and normalises every channel");
        }
        tensors(w, PER_CHANNEL);

        w.define(Stage.PER_OUTPUT, "spatial values per channel", S, mul(spatial));
        Expr sets = mul(n, C);
        Expr elements = mul(n, C, S);
        if (trackRunningStats) {
            w.note(Stage.PER_OUTPUT, "track_running_stats=True: eval mode normalises with the running statistics;"
                    + " torch repeats them for each of the N samples and folds them once per sample and channel");
            Moments.folded(w, sets, Formula.of(elements), affine, "sample and channel");
            w.show(Stage.SUMMARY, "exact operations in closed form",
                    add(mul(num(2), n, C, S), mul(num(6), n, C)));
        } else {
            w.note(Stage.PER_OUTPUT, "each instance (one channel of one sample) is normalised with its own"
                    + " statistics over its S values");
            Moments.twoPass(w, sets, S, "instance");
            Moments.affine(w, elements, affine, affine, "channel");
            w.show(Stage.SUMMARY, "exact operations in closed form",
                    mul(n, C, add(mul(num(affine ? 7 : 5), S), num(3))));
        }
        return Analysis.leaf(this, inputs, x, w);
    }

    /** The input layouts torch accepts, for messages: {@code (N, C=3, H, W) or (C=3, H, W)}. */
    private String layout() {
        return Axes.layout(dims, "C=" + numFeatures, true) + " or " + Axes.layout(dims, "C=" + numFeatures, false);
    }
}
