package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;

/**
 * Layer normalisation, mirroring {@code torch.nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True,
 * bias=True)}: every row of the input, its trailing dimensions given by {@code normalized_shape}, is normalised
 * with its own mean and variance, {@code y = (x − mean)/√(var + eps)·weight + bias}, in training and eval alike.
 *
 * <p><b>Shapes.</b> Input {@code (*, normalized_shape)}: its trailing dimensions must equal
 * {@code normalized_shape}, with any number of leading dimensions (none included); output the same shape.
 * {@code D} is the product of {@code normalized_shape} (the values per row) and {@code R} the product of the
 * leading dimensions (the rows; 1 when there are none).
 *
 * <p><b>Parameters.</b> With {@code elementwise_affine}: {@code weight} of shape {@code normalized_shape} and,
 * with {@code bias} (torch ≥ 2.1), {@code bias} of the same shape: {@code 2·D}, or {@code D} without bias. No
 * buffers.
 *
 * <p><b>Operations</b>, per row over {@code D} values, by the textbook two-pass algorithm:
 * <ul>
 *   <li>mean additions {@code R·(D − 1)}, mean divisions {@code R};</li>
 *   <li>centring subtractions {@code R·D}, squarings of centred values {@code R·D};</li>
 *   <li>variance additions {@code R·(D − 1)}, variance divisions {@code R} (the biased variance);</li>
 *   <li>eps additions {@code R}, square roots {@code R}, reciprocal divisions {@code R};</li>
 *   <li>normalising multiplications {@code R·D};</li>
 *   <li>affine weight multiplications {@code R·D} with elementwise affine, affine bias additions {@code R·D} with
 *       elementwise affine and bias.</li>
 * </ul>
 * Exact operations: {@code R·(5·D + 3)} without elementwise affine, {@code R·(6·D + 3)} with weight only,
 * {@code R·(7·D + 3)} with weight and bias. (torch's CPU kernel computes the moments in one pass and folds them into
 * a scale and shift per row; the count here is the two-pass algorithm, the reference every normalisation layer of
 * this library is counted by.)
 *
 * <p><b>Worked example.</b> torch's NLP example {@code LayerNorm(10)} on {@code (20, 5, 10)} (batch 20, sentence
 * length 5, embedding 10): 20 parameters; {@code R = 100} rows of {@code D = 10} values, 73 operations each (29
 * additions from the statistics and 10 bias additions, 30 multiplications, 3 divisions, 1 square root): 7,300
 * exact operations, no MACs.
 */
public final class LayerNorm implements Layer {
    public static final Sym R = new Sym("R", "rows: the product of the dimensions before normalized_shape");
    public static final Sym D = new Sym("D", "values per row: the product of normalized_shape");

    private final Dims normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;
    private final boolean bias;

    private LayerNorm(Dims normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        this.normalizedShape = Args.positiveEach("LayerNorm", "normalized_shape", normalizedShape);
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        this.bias = bias;
    }

    /** {@code LayerNorm(normalized_shape)}, one integer or a tuple, with torch's defaults. */
    public static LayerNorm of(long... normalizedShape) {
        if (normalizedShape.length == 0) {
            throw new InvalidArgumentException("normalized_shape",
                    "LayerNorm: normalized_shape must have at least one dimension");
        }
        return of(Dims.of(normalizedShape));
    }

    /** {@code LayerNorm(normalized_shape)} with torch's defaults: eps 1e-5, elementwise affine, bias. */
    public static LayerNorm of(Dims normalizedShape) {
        return new LayerNorm(normalizedShape, 1e-5, true, true);
    }

    /** The value added to the variance before its square root; torch's default is 1e-5. Counts do not change. */
    public LayerNorm eps(double eps) {
        return new LayerNorm(normalizedShape, eps, elementwiseAffine, bias);
    }

    /** Whether the layer has a learnable weight (and bias) of shape {@code normalized_shape}; default true. */
    public LayerNorm elementwiseAffine(boolean elementwiseAffine) {
        return new LayerNorm(normalizedShape, eps, elementwiseAffine, bias);
    }

    /**
     * Whether the elementwise affine transform adds a bias (torch ≥ 2.1); default true. Without elementwise affine
     * there is no bias either way.
     */
    public LayerNorm bias(boolean bias) {
        return new LayerNorm(normalizedShape, eps, elementwiseAffine, bias);
    }

    public Dims normalizedShape() {
        return normalizedShape;
    }

    public double eps() {
        return eps;
    }

    public boolean elementwiseAffine() {
        return elementwiseAffine;
    }

    public boolean bias() {
        return bias;
    }

    @Override
    public String type() {
        return "LayerNorm";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        int k = normalizedShape.size();
        if (x.rank() < k || !Forward.endsWith(x, normalizedShape)) {
            Shape ns = new Shape(normalizedShape.values());
            String expected = "(*" + ns.dims().stream().map(d -> ", " + d).reduce("", String::concat) + ")";
            throw new InvalidShapeException("input", "LayerNorm expects input " + expected + ", got " + x
                    + "; torch: Given normalized_shape=" + listOf(ns) + ", expected input with shape [*"
                    + ns.dims().stream().map(d -> ", " + d).reduce("", String::concat) + "], but got input of size"
                    + listOf(x));
        }
        Shape leading = x.slice(0, x.rank() - k);
        Worksheet w = new Worksheet(type());
        w.given(R, w.elements("rows", leading));
        Sym[] shape = normalizedShapeSymbols(w);
        w.note(Stage.SHAPE, () -> "the output has the input's shape " + x + "; the leading dimensions " + leading
                + " make R = " + w.value(R) + " rows of normalized_shape " + normalizedShape + ", D = " + w.value(D)
                + " values each");

        boolean withBias = elementwiseAffine && bias;
        if (elementwiseAffine) {
            w.parameter("weight", shape);
            if (withBias) {
                w.parameter("bias", shape);
            }
        }
        Moments.twoPass(w, R, D, "row");
        Moments.affine(w, mul(R, D), elementwiseAffine, withBias, "position in normalized_shape");
        int perValue = 5 + (elementwiseAffine ? 1 : 0) + (withBias ? 1 : 0);
        w.show(Stage.SUMMARY, "exact operations in closed form", mul(R, add(mul(num(perValue), D), num(3))));
        return Analysis.leaf(this, inputs, x, w);
    }

    /**
     * Binds {@code D}: given for one normalised dimension; for more, {@code D_1, D_2, …} are given and
     * {@code D = D_1·D_2·…} is defined. Returns the symbols of the parameters' shape.
     */
    private Sym[] normalizedShapeSymbols(Worksheet w) {
        int k = normalizedShape.size();
        if (k == 1) {
            w.given(D, normalizedShape.get(0));
            return new Sym[] {D};
        }
        Sym[] syms = new Sym[k];
        for (int i = 0; i < k; i++) {
            syms[i] = w.given(new Sym("D_" + (i + 1), "normalized_shape[" + i + "]"), normalizedShape.get(i));
        }
        w.define(Stage.SHAPE, "values per row", D, mul(syms));
        return syms;
    }

    /** torch's C++ spelling of sizes in messages: {@code [20, 5, 10]}. */
    private static String listOf(Shape s) {
        return s.dims().toString();
    }

    /** torch's repr: {@code LayerNorm((10,), eps=1e-05, elementwise_affine=True)}; torch does not show bias. */
    @Override
    public String toString() {
        return "LayerNorm(" + normalizedShape + ", eps=" + PyRepr.floatRepr(eps) + ", elementwise_affine="
                + Args.py(elementwiseAffine) + ")";
    }
}
