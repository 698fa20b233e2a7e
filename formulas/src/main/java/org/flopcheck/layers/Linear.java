package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.terms.TermKind;
import org.flopcheck.terms.TermTable;

/**
 * A fully connected layer, mirroring {@code torch.nn.Linear(in_features, out_features, bias=True)}: every output
 * feature is a dot product of the input features with one row of the weight, plus a bias.
 *
 * <p><b>Shapes.</b> Input {@code (*, H_in)} with any number of leading dimensions (none included); weight
 * {@code (H_out, H_in)}; bias {@code (H_out)}; output {@code (*, H_out)}. The leading dimensions multiply into
 * {@code M}, the number of rows the layer is applied to: {@code M = N} for {@code (N, H_in)},
 * {@code M = N·L} for a sequence {@code (N, L, H_in)}.
 *
 * <p><b>Parameters.</b> {@code H_out·H_in + H_out} with bias, {@code H_out·H_in} without.
 *
 * <p><b>Operations.</b>
 * <ul>
 *   <li>weight multiplications {@code M·H_out·H_in} (the MACs);</li>
 *   <li>additions within dot products {@code M·H_out·(H_in − 1)};</li>
 *   <li>bias additions {@code M·H_out}, with bias.</li>
 * </ul>
 * Exact operations: {@code M·H_out·(2·H_in − 1)} without bias, {@code 2·M·H_out·H_in} with bias.
 *
 * <p><b>Worked example.</b> {@code Linear(512, 1000)} (an ImageNet classifier head) on {@code (1, 512)}: 513,000
 * parameters (a figure often misprinted as 51,300); 512,000 weight multiplications; 1,024,000 exact operations.
 */
public final class Linear implements Layer {
    public static final Sym M = new Sym("M", "rows: the product of all input dimensions but the last");
    public static final Sym H_IN = new Sym("H_in", "input features");
    public static final Sym H_OUT = new Sym("H_out", "output features");

    // the formulas, over the symbols above: they depend on nothing else, so they are written once
    private static final Expr[] WEIGHT = {H_OUT, H_IN};
    private static final Expr WEIGHT_MULTIPLICATIONS = mul(M, H_OUT, H_IN);
    private static final Expr DOT_PRODUCT_ADDITIONS = mul(M, H_OUT, sub(H_IN, num(1)));
    private static final Expr BIAS_ADDITIONS = mul(M, H_OUT);
    private static final Expr EXACT_WITH_BIAS = mul(num(2), M, H_OUT, H_IN);
    private static final Expr EXACT_WITHOUT_BIAS = mul(M, H_OUT, sub(mul(num(2), H_IN), num(1)));
    // evaluated on every analysis: compiled, and their terms written once
    private static final Formula WEIGHT_MULTIPLICATIONS_COUNT = Formula.of(WEIGHT_MULTIPLICATIONS);
    private static final Formula DOT_PRODUCT_ADDITIONS_COUNT = Formula.of(DOT_PRODUCT_ADDITIONS);
    private static final Formula BIAS_ADDITIONS_COUNT = Formula.of(BIAS_ADDITIONS);
    private static final TermKind WEIGHT_MULTIPLICATIONS_TERM = TermKind.mac("weight multiplications",
            WEIGHT_MULTIPLICATIONS, "each of the M·H_out outputs is a dot product of H_in products");
    private static final TermKind DOT_PRODUCT_ADDITIONS_TERM = TermKind.of("additions within dot products",
            Op.ADDITION, DOT_PRODUCT_ADDITIONS, "H_in products are summed with H_in − 1 additions");
    private static final TermKind BIAS_ADDITIONS_TERM = TermKind.of("bias additions", Op.ADDITION, BIAS_ADDITIONS,
            "one bias addition per output");
    private static final TermTable.Order TERMS = TermTable.Order.of(WEIGHT_MULTIPLICATIONS_TERM,
            DOT_PRODUCT_ADDITIONS_TERM, BIAS_ADDITIONS_TERM);

    private final long inFeatures;
    private final long outFeatures;
    private final boolean bias;
    /** The weight and bias, kept from the first analysis ({@link ArgumentTensors}); null until then. */
    private Worksheet.Tensors tensors;

    private Linear(long inFeatures, long outFeatures, boolean bias) {
        this.inFeatures = Args.positive("Linear", "in_features", inFeatures);
        this.outFeatures = Args.positive("Linear", "out_features", outFeatures);
        this.bias = bias;
    }

    /** torch's weight {@code (H_out, H_in)} and, with a bias, its bias {@code (H_out)}. */
    private static final ArgumentTensors<Linear> TENSORS = new ArgumentTensors<>() {
        @Override
        void bindArguments(Linear l, Worksheet w) {
            w.given(H_IN, l.inFeatures);
            w.given(H_OUT, l.outFeatures);
        }

        @Override
        void declare(Linear l, Worksheet w) {
            w.parameter("weight", WEIGHT);
            if (l.bias) {
                w.parameter("bias", H_OUT);
            }
        }
    };

    /** {@code Linear(in_features, out_features)} with a bias, torch's default. */
    public static Linear of(long inFeatures, long outFeatures) {
        return new Linear(inFeatures, outFeatures, true);
    }

    /** Whether the layer adds a learnable bias; torch's default is true. */
    public Linear bias(boolean bias) {
        return new Linear(inFeatures, outFeatures, bias);
    }

    public long inFeatures() {
        return inFeatures;
    }

    public long outFeatures() {
        return outFeatures;
    }

    public boolean bias() {
        return bias;
    }

    @Override
    public String type() {
        return "Linear";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        if (x.rank() < 1 || x.dim(-1) != inFeatures) {
            throw Forward.expected(type(), "(*, H_in=" + inFeatures + ")", x);
        }
        Worksheet w = new Worksheet(type());
        Shape leading = x.slice(0, x.rank() - 1);
        // the rows multiplied through the worksheet: leading dimensions too large for a long name the quantity
        long rows = w.elements(() -> "rows (the leading dimensions " + leading + " multiplied)", leading);
        w.given(M, rows);
        if (leading.rank() > 1) {
            w.note(Stage.SHAPE, () -> "the leading dimensions " + leading + " make M = " + rows + " rows");
        }
        w.given(H_IN, inFeatures);
        w.given(H_OUT, outFeatures);

        tensors = TENSORS.record(this, w, tensors);
        w.show(Stage.PER_OUTPUT, "products per output feature", H_IN);
        w.expectTerms(TERMS);   // without a bias, the last is not recorded
        w.term(WEIGHT_MULTIPLICATIONS_TERM, WEIGHT_MULTIPLICATIONS_COUNT);
        w.term(DOT_PRODUCT_ADDITIONS_TERM, DOT_PRODUCT_ADDITIONS_COUNT);
        if (bias) {
            w.term(BIAS_ADDITIONS_TERM, BIAS_ADDITIONS_COUNT);
        }
        w.summary("exact operations in closed form", bias ? EXACT_WITH_BIAS : EXACT_WITHOUT_BIAS);
        return Analysis.leaf(this, inputs, x.with(-1, outFeatures), w);
    }

    /** torch's repr: {@code Linear(in_features=512, out_features=1000, bias=True)}. */
    @Override
    public String toString() {
        return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Args.py(bias) + ")";
    }
}
