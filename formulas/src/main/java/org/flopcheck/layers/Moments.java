package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Product;
import org.flopcheck.expr.Sym;
import org.flopcheck.terms.Op;
import org.flopcheck.terms.TermKind;
import org.flopcheck.terms.TermTable;

/**
 * The terms every normalisation layer writes: statistics computed from the input by the textbook two-pass
 * algorithm, statistics folded from running estimates into one scale and shift, and the elementwise affine
 * transform. Term names are the same in every layer, so a convention or a page can find them by name.
 */
final class Moments {
    private Moments() {
    }

    /**
     * Statistics of {@code sets} independent sets of {@code r} values each, then every value normalised: per set the
     * mean ({@code r − 1} additions, one division), the centred values ({@code r} subtractions), their squares
     * ({@code r} multiplications), the biased variance ({@code r − 1} additions, one division by {@code r}), then
     * {@code + eps}, a square root and its reciprocal (one each), and every centred value times the reciprocal
     * ({@code r} multiplications): {@code 5·r + 3} operations per set.
     *
     * @param set what one set is, for the notes: {@code channel}, {@code row}, {@code group}
     */
    static void twoPass(Worksheet w, Expr sets, Sym r, String set) {
        String n = r.name();
        w.show(Stage.PER_OUTPUT, "operations for one " + set + "'s statistics and normalisation",
                add(mul(num(5), r), num(3)));
        w.term("mean additions", Op.ADDITION, times(sets, sub(r, num(1))),
                "each " + set + "'s " + n + " values are summed with " + n + " − 1 additions");
        w.term("mean divisions", Op.DIVISION, sets, "each " + set + "'s sum is divided by " + n);
        w.term("centring subtractions", Op.ADDITION, times(sets, r),
                "x − mean for every value; the centred values are kept for the normalisation");
        w.term("squarings of centred values", Op.MULTIPLICATION, times(sets, r),
                "(x − mean)² for every value");
        w.term("variance additions", Op.ADDITION, times(sets, sub(r, num(1))),
                "each " + set + "'s " + n + " squares are summed with " + n + " − 1 additions");
        w.term("variance divisions", Op.DIVISION, sets,
                "the sum of squares is divided by " + n + ": the biased variance, as torch uses for normalising");
        w.term("eps additions", Op.ADDITION, sets, "var + eps, once per " + set);
        w.term("square roots", Op.SQUARE_ROOT, sets, "√(var + eps), once per " + set);
        w.term("reciprocal divisions", Op.DIVISION, sets, "1/√(var + eps), once per " + set);
        w.term("normalising multiplications", Op.MULTIPLICATION, times(sets, r),
                "every centred value times the reciprocal");
    }

    /**
     * Running statistics folded into a scale {@code a} and a shift {@code b} per set, then {@code y = x·a + b} for
     * every element, as torch's CPU inference kernel ({@code batch_norm_cpu_collect_linear_and_constant_terms})
     * computes them: per set {@code running_var + eps}, a square root, the reciprocal {@code 1/√(…)}, its product
     * with the weight ({@code a}), {@code running_mean·a}, and {@code b = bias − running_mean·a}; without affine the
     * kernel uses weight 1 and bias 0 and performs the same six operations. Per element one multiplication and one
     * addition.
     */
    static void folded(Worksheet w, Expr sets, Formula elements, boolean affine, String set) {
        folded(w, new Folded(sets, elements, set), affine);
    }

    /** {@link #folded(Worksheet, Expr, Formula, boolean, String)} with its terms written once. */
    static void folded(Worksheet w, Folded f, boolean affine) {
        w.note(Stage.PER_OUTPUT, affine ? f.note : f.noteWithoutAffine);
        w.expectTerms(affine ? f.withAffineOrder : f.withoutAffineOrder);
        TermKind[] kinds = affine ? f.withAffine : f.withoutAffine;
        for (int i = 0; i < PER_SET_TERMS; i++) {
            w.term(kinds[i]);
        }
        w.term(kinds[PER_SET_TERMS], f.elements);
        w.term(kinds[PER_SET_TERMS + 1], f.elements);
    }

    /** The terms of {@link #folded} per set, then per element. */
    private static final int PER_SET_TERMS = 6;

    /**
     * The note and terms {@link #folded} writes for sets counted by {@code sets}, called {@code set}
     * ({@code channel}), of {@code elements} elements: with affine and without, each composed once.
     */
    static final class Folded {
        final Formula elements;
        final String note;
        final String noteWithoutAffine;
        final TermKind[] withAffine;
        final TermKind[] withoutAffine;
        final TermTable.Order withAffineOrder;
        final TermTable.Order withoutAffineOrder;

        Folded(Expr sets, Formula elements, String set) {
            this.elements = elements;
            note = "torch folds the running statistics into y = x·a + b: per " + set + " a = weight/√(running_var +"
                    + " eps) and b = bias − running_mean·a";
            noteWithoutAffine = note + ", with weight 1 and bias 0 as torch's kernel uses them when there is no"
                    + " affine";
            withAffine = kinds(sets, elements.expr(), set, true);
            withoutAffine = kinds(sets, elements.expr(), set, false);
            withAffineOrder = TermTable.Order.of(withAffine);
            withoutAffineOrder = TermTable.Order.of(withoutAffine);
        }

        private static TermKind[] kinds(Expr sets, Expr elements, String set, boolean affine) {
            String scale = "a = weight·(1/√(…)), once per " + set;
            String shift = "the shift b = bias − running_mean·a, once per " + set;
            return new TermKind[] {
                TermKind.of("eps additions", Op.ADDITION, sets, "running_var + eps, once per " + set),
                TermKind.of("square roots", Op.SQUARE_ROOT, sets, "√(running_var + eps), once per " + set),
                TermKind.of("reciprocal divisions", Op.DIVISION, sets, "1/√(running_var + eps), once per " + set),
                TermKind.of("scale multiplications by the weight", Op.MULTIPLICATION, sets,
                        affine ? scale : scale + "; torch multiplies by 1 without affine"),
                TermKind.of("mean-by-scale multiplications", Op.MULTIPLICATION, sets,
                        "running_mean·a, once per " + set),
                TermKind.of("shift subtractions", Op.ADDITION, sets,
                        affine ? shift : shift + "; torch subtracts from 0 without affine"),
                TermKind.of("scale multiplications", Op.MULTIPLICATION, elements, "x·a for every element"),
                TermKind.of("shift additions", Op.ADDITION, elements, "x·a + b for every element")};
        }
    }

    /** The elementwise affine transform after normalising: {@code ·weight} and {@code + bias} per element. */
    static void affine(Worksheet w, Expr elements, boolean weight, boolean bias, String shape) {
        if (weight) {
            w.term("affine weight multiplications", Op.MULTIPLICATION, elements,
                    "every normalised value times its weight (γ, one per " + shape + ")");
        }
        if (bias) {
            w.term("affine bias additions", Op.ADDITION, elements,
                    "every scaled value plus its bias (β, one per " + shape + ")");
        }
    }

    /** {@code a·b}, with the factors of a product {@code a} spliced in so it prints as one product. */
    static Expr times(Expr a, Expr... more) {
        List<Expr> factors = new ArrayList<>();
        if (a instanceof Product p) {
            factors.addAll(p.factors());
        } else {
            factors.add(a);
        }
        for (Expr m : more) {
            if (m instanceof Product p) {
                factors.addAll(p.factors());
            } else {
                factors.add(m);
            }
        }
        return mul(factors);
    }
}
