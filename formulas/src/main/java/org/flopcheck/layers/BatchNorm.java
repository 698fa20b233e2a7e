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
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;

/**
 * The batch normalisation shared by {@link BatchNorm1d}, {@link BatchNorm2d} and {@link BatchNorm3d}: torch's
 * {@code _BatchNorm} forward in eval mode, {@code y = (x − mean)/√(var + eps)·weight + bias} per channel.
 *
 * <p><b>Which statistics.</b> With {@code track_running_stats=True} (the default) eval mode normalises with the
 * running estimates, and torch's CPU inference kernel folds them per channel into a scale {@code a} and a shift
 * {@code b}, then computes {@code y = x·a + b}. With {@code track_running_stats=False} there are no running
 * estimates, and torch normalises with the statistics of the batch itself even in eval mode, per channel over the
 * {@code R = N·S} values of that channel ({@code S} the product of the spatial sizes, 1 for {@code (N, C)}); torch
 * then refuses a batch with one value per channel ({@code R = 1}).
 *
 * <p><b>Operations with running statistics</b> ({@code E = N·C·S} elements):
 * <ul>
 *   <li>eps additions {@code C} ({@code running_var + eps});</li>
 *   <li>square roots {@code C};</li>
 *   <li>reciprocal divisions {@code C} ({@code 1/√(…)});</li>
 *   <li>scale multiplications by the weight {@code C} ({@code a = weight·(1/√(…))});</li>
 *   <li>mean-by-scale multiplications {@code C} ({@code running_mean·a});</li>
 *   <li>shift subtractions {@code C} ({@code b = bias − running_mean·a});</li>
 *   <li>scale multiplications {@code E} and shift additions {@code E} ({@code x·a + b}).</li>
 * </ul>
 * Exact operations: {@code 2·N·C·S + 6·C}, with or without affine: torch's kernel
 * ({@code batch_norm_cpu_collect_linear_and_constant_terms}) uses weight 1 and bias 0 when there is no affine and
 * performs the same six per-channel operations.
 *
 * <p><b>Operations with batch statistics</b>, per channel over {@code R} values, by the textbook two-pass algorithm:
 * mean additions {@code C·(R − 1)}, mean divisions {@code C}, centring subtractions {@code C·R}, squarings of
 * centred values {@code C·R}, variance additions {@code C·(R − 1)}, variance divisions {@code C} (the biased
 * variance), eps additions {@code C}, square roots {@code C}, reciprocal divisions {@code C}, normalising
 * multiplications {@code C·R}; with affine, affine weight multiplications {@code C·R} and affine bias additions
 * {@code C·R}. Exact operations: {@code C·(7·R + 3)} with affine, {@code C·(5·R + 3)} without. (torch's CPU
 * kernel gathers the same two-pass sums, then folds mean and variance into {@code x·a + b} as above; the count
 * here is the textbook normalisation {@code (x − mean)·(1/√(var + eps))·weight + bias}, the reference every
 * normalisation layer of this library is counted by.)
 *
 * <p>The channel count of the input must equal {@code num_features}. (torch itself checks it only through the
 * weight or the running statistics, so with {@code affine=False, track_running_stats=False} it would normalise any
 * number of channels; a mismatch is refused here all the same.)
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class BatchNorm<T extends BatchNorm<T>> extends NormBase<T>
        permits BatchNorm1d, BatchNorm2d, BatchNorm3d {
    public static final Sym N = new Sym("N", "batch size");
    public static final Sym C = new Sym("C", "channels (num_features)");
    /** The shape {@code (C)} of the weight, bias and running statistics. */
    private static final TensorDims PER_CHANNEL = TensorDims.of(C);
    public static final Sym R = new Sym("R", "values per channel: N·S");

    /**
     * Symbols and formulas by the number of spatial dimensions of the input, 0 to 3: they depend on nothing else,
     * so they are written once, when the class is loaded.
     */
    private static final Formulas[] FORMULAS = {new Formulas(0), new Formulas(1), new Formulas(2), new Formulas(3)};
    private static final Expr BATCH_STATISTICS_TOTAL = batchStatisticsTotal(true);
    private static final Expr BATCH_STATISTICS_TOTAL_WITHOUT_AFFINE = batchStatisticsTotal(false);

    /** The symbols and formulas of an input with {@code spatialDims} spatial dimensions. */
    private static final class Formulas {
        final Sym[] spatial;
        /** {@code N·C·S}: every element of the input. */
        final Expr elements;
        /** {@code N·S}: the values of one channel. */
        final Expr valuesPerChannel;
        /** The exact operations with running statistics, {@code 2·N·C·S + 6·C}. */
        final Formula foldedTotal;
        /** {@link #elements}, compiled: the folded statistics' terms evaluate it on every analysis. */
        final Formula elementsFormula;
        /** The folded statistics' note and terms. */
        final Moments.Folded folded;
        /** The order a batched input binds N, C and the spatial sizes in. */
        final Bindings.Order order;

        Formulas(int spatialDims) {
            spatial = new Sym[spatialDims];
            for (int i = 0; i < spatialDims; i++) {
                spatial[i] = new Sym(Axes.axis(spatialDims, i), "input " + Axes.word(spatialDims, i));
            }
            List<Expr> perElement = new ArrayList<>(List.of(N, C));
            perElement.addAll(List.of(spatial));
            elements = mul(perElement);
            List<Expr> values = new ArrayList<>(List.of(N));
            values.addAll(List.of(spatial));
            valuesPerChannel = mul(values);
            foldedTotal = Formula.of(add(Moments.times(num(2), elements), mul(num(6), C)));
            elementsFormula = Formula.of(elements);
            folded = new Moments.Folded(C, elementsFormula, "channel");
            List<Sym> bound = new ArrayList<>(List.of(N, C));
            bound.addAll(List.of(spatial));
            order = Bindings.Order.of(bound.toArray(new Sym[0]));
        }
    }

    private static Expr batchStatisticsTotal(boolean affine) {
        return mul(C, add(mul(num(affine ? 7 : 5), R), num(3)));
    }

    /** The weight, bias and running statistics, kept from the first analysis ({@link ArgumentTensors}). */
    private Worksheet.Tensors tensors;

    BatchNorm(int dims, long numFeatures, double eps, OptionalDouble momentum, boolean affine,
              boolean trackRunningStats) {
        super("BatchNorm", dims, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** torch's {@code _NormBase} tensors over C features. */
    private static final ArgumentTensors<BatchNorm<?>> TENSORS = new ArgumentTensors<>() {
        @Override
        void bindArguments(BatchNorm<?> b, Worksheet w) {
            w.given(C, b.numFeatures);
        }

        @Override
        void declare(BatchNorm<?> b, Worksheet w) {
            b.tensors(w, PER_CHANNEL);
        }
    };

    private static boolean oneValuePerChannel(Shape x) {
        return x.dim(0) == 1 && Forward.onesFrom(x, 2);
    }

    private String layout() {
        String c = "C=" + numFeatures;
        return dims == 1 ? "(N, " + c + ") or (N, " + c + ", L)" : Axes.layout(dims, c, true);
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Shape x = Forward.single(type, inputs);
        boolean rankOk = dims == 1 ? x.rank() == 2 || x.rank() == 3 : x.rank() == dims + 2;
        if (!rankOk) {
            throw new InvalidShapeException("input", type + " expects input " + layout() + ", got " + x
                    + "; torch: expected " + (dims == 1 ? "2D or 3D" : (dims + 2) + "D") + " input (got " + x.rank()
                    + "D input)");
        }
        if (x.dim(1) != numFeatures) {
            throw new InvalidShapeException("input", type + " expects input " + layout() + ", got " + x + ": "
                    + x.dim(1) + " channels, not " + numFeatures);
        }
        int spatialDims = x.rank() - 2;
        if (!trackRunningStats && oneValuePerChannel(x)) {
            throw new InvalidShapeException("input", type + ": with track_running_stats=False torch normalises with"
                    + " the batch's own statistics, even in eval mode, and needs more than 1 value per channel, got"
                    + " input " + x + "; torch: Expected more than 1 value per channel when training");
        }

        Formulas f = FORMULAS[spatialDims];
        Worksheet w = new Worksheet(type, f.order);
        w.given(N, x.dim(0));
        w.given(C, numFeatures);
        for (int i = 0; i < spatialDims; i++) {
            w.given(f.spatial[i], x.dim(2 + i));
        }
        w.note(Stage.SHAPE, () -> "the output has the input's shape " + x);
        tensors = TENSORS.record(this, w, tensors);

        if (trackRunningStats) {
            Moments.folded(w, f.folded, affine);
            w.show(Stage.SUMMARY, "exact operations in closed form", f.foldedTotal);
        } else {
            w.note(Stage.PER_OUTPUT, "track_running_stats=False: torch normalises with this batch's own statistics"
                    + " even in eval mode, per channel over R = N·S values");
            w.define(Stage.PER_OUTPUT, "values per channel", R, f.valuesPerChannel);
            Moments.twoPass(w, C, R, "channel");
            Moments.affine(w, f.elements, affine, affine, "channel");
            w.show(Stage.SUMMARY, "exact operations in closed form",
                    affine ? BATCH_STATISTICS_TOTAL : BATCH_STATISTICS_TOTAL_WITHOUT_AFFINE);
        }
        return Analysis.leaf(this, inputs, x, w);
    }
}
