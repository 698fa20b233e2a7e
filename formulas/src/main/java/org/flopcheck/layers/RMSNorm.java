package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.OptionalDouble;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * Root-mean-square normalisation, mirroring {@code torch.nn.RMSNorm(normalized_shape, eps=None,
 * elementwise_affine=True)} (torch ≥ 2.4): every row of the input, its trailing dimensions given by
 * {@code normalized_shape}, is divided by its root mean square, {@code y = x·rsqrt(mean(x²) + eps)·weight}, with no
 * centring and no bias. Hugging Face's {@code LlamaRMSNorm} computes the same expression (in float32), so the same
 * counts apply to it.
 *
 * <p><b>Shapes.</b> Input {@code (*, normalized_shape)}: its trailing dimensions must equal
 * {@code normalized_shape}, with any number of leading dimensions (none included); output the same shape.
 * {@code D} is the product of {@code normalized_shape} (the values per row) and {@code R} the product of the
 * leading dimensions (the rows; 1 when there are none).
 *
 * <p><b>Parameters.</b> With {@code elementwise_affine}: {@code weight} of shape {@code normalized_shape}, {@code D}
 * elements. No bias, no buffers.
 *
 * <p><b>Operations</b>, per row over {@code D} values, as torch's composite {@code rms_norm} computes
 * {@code x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)} and then {@code * weight}:
 * <ul>
 *   <li>squarings {@code R·D} ({@code x.pow(2)}, one multiplication each);</li>
 *   <li>mean additions {@code R·(D − 1)} and mean divisions {@code R};</li>
 *   <li>eps additions {@code R} ({@code eps=None} adds the dtype's machine epsilon: still one addition);</li>
 *   <li>square roots {@code R} and reciprocal divisions {@code R} (the reciprocal square root, counted as a square
 *       root and a reciprocal like every normalisation of this library);</li>
 *   <li>normalising multiplications {@code R·D};</li>
 *   <li>affine weight multiplications {@code R·D}, with elementwise affine.</li>
 * </ul>
 * Exact operations: {@code R·(4·D + 3)} with elementwise affine, {@code R·(3·D + 3)} without. No MACs.
 *
 * <p><b>Worked example.</b> Llama-2-7B's {@code RMSNorm(4096, eps=1e-05)} on {@code (1, 128, 4096)}: 4,096
 * parameters; {@code R = 128} rows of {@code D = 4096} values, {@code 4·4096 + 3 = 16,387} operations each:
 * 2,097,536 exact operations (524,288 squarings, 524,160 mean additions, 128 mean divisions, 128 eps additions, 128
 * square roots, 128 reciprocal divisions, 524,288 normalising and 524,288 weight multiplications), no MACs.
 */
public final class RMSNorm implements Layer {
    public static final Sym R = new Sym("R", "rows: the product of the dimensions before normalized_shape");
    public static final Sym D = new Sym("D", "values per row: the product of normalized_shape");

    private static final String TYPE = "RMSNorm";

    // the formulas and notes, over the symbols above: they depend on nothing else, so they are written once
    private static final Expr VALUES = mul(R, D);
    private static final Expr MEAN_ADDITIONS = mul(R, sub(D, num(1)));
    private static final Expr PER_ROW_AFFINE = perRow(true);
    private static final Expr PER_ROW = perRow(false);
    private static final Expr EXACT_AFFINE = mul(R, perRow(true));
    private static final Expr EXACT = mul(R, perRow(false));
    private static final String EPS_NOTE = "mean(x²) + eps, once per row";
    private static final String EPS_NONE_NOTE = EPS_NOTE + "; eps=None adds the dtype's machine epsilon";

    private final Dims normalizedShape;
    private final OptionalDouble eps;
    private final boolean elementwiseAffine;
    /** {@code D} for one normalised dimension; {@code D_1, D_2, …} for more. */
    private final Sym[] shape;

    private RMSNorm(Dims normalizedShape, OptionalDouble eps, boolean elementwiseAffine) {
        this.normalizedShape = Args.positiveEach(TYPE, "normalized_shape", normalizedShape);
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        int k = normalizedShape.size();
        this.shape = new Sym[k];
        if (k == 1) {
            shape[0] = D;
        } else {
            for (int i = 0; i < k; i++) {
                shape[i] = new Sym("D_" + (i + 1), "normalized_shape[" + i + "]");
            }
        }
    }

    /** Operations per row: {@code 4·D + 3} with the affine weight, {@code 3·D + 3} without. */
    private static Expr perRow(boolean affine) {
        return add(mul(num(affine ? 4 : 3), D), num(3));
    }

    /** {@code RMSNorm(normalized_shape)}, one integer or a tuple, with torch's defaults. */
    public static RMSNorm of(long... normalizedShape) {
        if (normalizedShape.length == 0) {
            throw new InvalidArgumentException("normalized_shape",
                    TYPE + ": normalized_shape must have at least one dimension");
        }
        return of(Dims.of(normalizedShape));
    }

    /** {@code RMSNorm(normalized_shape)} with torch's defaults: eps None, elementwise affine. */
    public static RMSNorm of(Dims normalizedShape) {
        return new RMSNorm(normalizedShape, OptionalDouble.empty(), true);
    }

    /**
     * The value added to the mean square before its root; torch's default is None, which adds
     * {@code torch.finfo(x.dtype).eps}. Counts do not change.
     */
    public RMSNorm eps(double eps) {
        return new RMSNorm(normalizedShape, OptionalDouble.of(eps), elementwiseAffine);
    }

    /** Whether the layer has a learnable weight of shape {@code normalized_shape}; torch's default is true. */
    public RMSNorm elementwiseAffine(boolean elementwiseAffine) {
        return new RMSNorm(normalizedShape, eps, elementwiseAffine);
    }

    public Dims normalizedShape() {
        return normalizedShape;
    }

    /** The eps given, or empty for None. */
    public OptionalDouble eps() {
        return eps;
    }

    public boolean elementwiseAffine() {
        return elementwiseAffine;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(TYPE, inputs);
        int k = normalizedShape.size();
        if (x.rank() < k || !Forward.endsWith(x, normalizedShape)) {
            Shape ns = new Shape(normalizedShape.values());
            String trailing = ns.dims().stream().map(d -> ", " + d).reduce("", String::concat);
            throw new InvalidShapeException("input", TYPE + " expects input (*" + trailing + "), got " + x
                    + "; torch: Given normalized_shape=" + ns.dims() + ", expected input with shape [*" + trailing
                    + "], but got input of size" + x.dims());
        }
        Shape leading = x.slice(0, x.rank() - k);
        Worksheet w = new Worksheet(TYPE);
        w.given(R, w.elements("rows", leading));
        if (k == 1) {
            w.given(D, normalizedShape.get(0));
        } else {
            for (int i = 0; i < k; i++) {
                w.given(shape[i], normalizedShape.get(i));
            }
            w.define(Stage.SHAPE, "values per row", D, mul(shape));
        }
        w.note(Stage.SHAPE, () -> "the output has the input's shape " + x + "; the leading dimensions " + leading
                + " make R = " + w.value(R) + " rows of normalized_shape " + normalizedShape + ", D = " + w.value(D)
                + " values each");
        if (elementwiseAffine) {
            w.parameter("weight", shape);
        }
        w.show(Stage.PER_OUTPUT, "operations for one row", elementwiseAffine ? PER_ROW_AFFINE : PER_ROW);
        w.term("squarings", Op.MULTIPLICATION, VALUES, "x.pow(2): one multiplication per value");
        w.term("mean additions", Op.ADDITION, MEAN_ADDITIONS,
                "each row's D squares are summed with D − 1 additions");
        w.term("mean divisions", Op.DIVISION, R, "each row's sum of squares is divided by D");
        w.term("eps additions", Op.ADDITION, R, eps.isPresent() ? EPS_NOTE : EPS_NONE_NOTE);
        w.term("square roots", Op.SQUARE_ROOT, R, "√(mean(x²) + eps), once per row (torch.rsqrt)");
        w.term("reciprocal divisions", Op.DIVISION, R, "1/√(mean(x²) + eps), once per row (torch.rsqrt)");
        w.term("normalising multiplications", Op.MULTIPLICATION, VALUES, "every value times its row's rsqrt");
        if (elementwiseAffine) {
            w.term("affine weight multiplications", Op.MULTIPLICATION, VALUES,
                    "every normalised value times its weight (one per position in normalized_shape)");
        }
        w.show(Stage.SUMMARY, "exact operations in closed form", elementwiseAffine ? EXACT_AFFINE : EXACT);
        return Analysis.leaf(this, inputs, x, w);
    }

    /** torch's repr: {@code RMSNorm((4096,), eps=1e-05, elementwise_affine=True)}; eps None prints {@code None}. */
    @Override
    public String toString() {
        return TYPE + "(" + normalizedShape + ", eps=" + PyRepr.optionalFloat(eps) + ", elementwise_affine="
                + Args.py(elementwiseAffine) + ")";
    }
}
