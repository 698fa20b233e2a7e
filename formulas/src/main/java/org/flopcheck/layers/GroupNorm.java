package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;

/**
 * Group normalisation, mirroring {@code torch.nn.GroupNorm(num_groups, num_channels, eps=1e-05, affine=True)}: the
 * channels of every sample are split into {@code G} groups of {@code C/G} channels, each group normalised with its
 * own mean and variance, then every channel scaled and shifted by its own weight and bias, in training and eval
 * alike. {@code G = 1} normalises each sample as a whole (like {@link LayerNorm} over {@code (C, *)}, but with
 * per-channel affine); {@code G = C} normalises each channel of each sample (like {@link InstanceNorm} with
 * instance statistics).
 *
 * <p><b>Shapes.</b> Input {@code (N, C, *)} with {@code C = num_channels} and any number of spatial dimensions
 * (none included); output the same shape. {@code S} is the product of the spatial sizes (1 when there are none)
 * and {@code D = C/G·S} the values per group. torch refuses an input where {@code N·C/G·S = 1}.
 *
 * <p><b>Parameters.</b> {@code weight (C)} and {@code bias (C)} with affine: {@code 2·C}. No buffers.
 *
 * <p><b>Operations</b>, per sample and group ({@code N·G} sets of {@code D} values), by the textbook two-pass
 * algorithm: mean additions {@code N·G·(D − 1)}, mean divisions {@code N·G}, centring subtractions
 * {@code N·G·D}, squarings of centred values {@code N·G·D}, variance additions {@code N·G·(D − 1)}, variance
 * divisions {@code N·G} (the biased variance), eps additions {@code N·G}, square roots {@code N·G}, reciprocal
 * divisions {@code N·G}, normalising multiplications {@code N·G·D}; with affine, affine weight multiplications
 * {@code N·C·S} and affine bias additions {@code N·C·S}. Exact operations: {@code N·G·(5·D + 3)} without affine,
 * {@code N·G·(5·D + 3) + 2·N·C·S} with. (torch's CPU kernel computes each group's moments in one Welford-style
 * pass and fuses normalisation and affine into one scale and shift per sample and channel; the count here is the
 * textbook two-pass algorithm, the reference every normalisation layer of this library is counted by.)
 *
 * <p><b>Worked example.</b> torch's own example {@code GroupNorm(3, 6)} on {@code (20, 6, 10, 10)}: 12 parameters;
 * {@code N·G = 60} groups of {@code D = 2·100 = 200} values, {@code 5·200 + 3 = 1,003} operations each (60,180),
 * plus 12,000 affine weight multiplications and 12,000 affine bias additions: 84,180 exact operations.
 */
public final class GroupNorm implements Layer {
    public static final Sym N = new Sym("N", "batch size");
    public static final Sym G = new Sym("G", "groups (num_groups)");
    public static final Sym C = new Sym("C", "channels (num_channels)");
    public static final Sym S = new Sym("S", "spatial values per channel: the product of the dimensions after C");
    public static final Sym D = new Sym("D", "values per group: C/G·S");

    private final long numGroups;
    private final long numChannels;
    private final double eps;
    private final boolean affine;

    private GroupNorm(long numGroups, long numChannels, double eps, boolean affine) {
        this.numGroups = Args.positive("GroupNorm", "num_groups", numGroups);
        this.numChannels = Args.positive("GroupNorm", "num_channels", numChannels);
        Args.divisible("GroupNorm", "num_channels", numChannels, "num_groups", numGroups);
        this.eps = eps;
        this.affine = affine;
    }

    /** {@code GroupNorm(num_groups, num_channels)} with torch's defaults: eps 1e-5, affine. */
    public static GroupNorm of(long numGroups, long numChannels) {
        return new GroupNorm(numGroups, numChannels, 1e-5, true);
    }

    /** The value added to the variance before its square root; torch's default is 1e-5. Counts do not change. */
    public GroupNorm eps(double eps) {
        return new GroupNorm(numGroups, numChannels, eps, affine);
    }

    /** Whether the layer has a learnable per-channel weight and bias; torch's default is true. */
    public GroupNorm affine(boolean affine) {
        return new GroupNorm(numGroups, numChannels, eps, affine);
    }

    public long numGroups() {
        return numGroups;
    }

    public long numChannels() {
        return numChannels;
    }

    public double eps() {
        return eps;
    }

    public boolean affine() {
        return affine;
    }

    @Override
    public String type() {
        return "GroupNorm";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        if (x.rank() < 2) {
            throw new InvalidShapeException("input", "GroupNorm expects input " + layout() + ", got " + x
                    + "; torch: Expected at least 2 dimensions for input tensor but received " + x.rank());
        }
        if (x.dim(1) != numChannels) {
            throw new InvalidShapeException("input", "GroupNorm expects input " + layout() + ", got " + x + ": "
                    + x.dim(1) + " channels, not " + numChannels);
        }
        if (x.dim(0) == 1 && numChannels == numGroups && Forward.onesFrom(x, 2)) {
            throw new InvalidShapeException("input", "GroupNorm: each group of input " + x + " holds a single value"
                    + " (N·C/G·S = 1); torch: Expected more than 1 value per channel when training");
        }

        Worksheet w = new Worksheet(type());
        w.given(N, x.dim(0));
        w.given(G, numGroups);
        w.given(C, numChannels);
        List<Expr> spatial = new ArrayList<>(x.rank() - 2);
        for (int i = 2; i < x.rank(); i++) {
            spatial.add(num(x.dim(i)));
        }
        w.given(S, w.evaluate("spatial values per channel", spatial.isEmpty() ? num(1) : mul(spatial)));
        w.note(Stage.SHAPE, () -> "the output has the input's shape " + x);
        if (affine) {
            w.parameter("weight", C);
            w.parameter("bias", C);
        }
        w.define(Stage.PER_OUTPUT, "values per group", D, mul(div(C, G), S));
        Moments.twoPass(w, mul(N, G), D, "group");
        Moments.affine(w, mul(N, C, S), affine, affine, "channel");
        Expr statistics = mul(N, G, add(mul(num(5), D), num(3)));
        w.show(Stage.SUMMARY, "exact operations in closed form",
                affine ? add(statistics, mul(num(2), N, C, S)) : statistics);
        return Analysis.leaf(this, inputs, x, w);
    }

    /** The input layout, for messages: {@code (N, C=6, *)}. */
    private String layout() {
        return "(N, C=" + numChannels + ", *)";
    }

    /** torch's repr: {@code GroupNorm(3, 6, eps=1e-05, affine=True)}. */
    @Override
    public String toString() {
        return "GroupNorm(" + numGroups + ", " + numChannels + ", eps=" + PyRepr.floatRepr(eps) + ", affine="
                + Args.py(affine) + ")";
    }
}
