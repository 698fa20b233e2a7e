package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.PlainText;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * Softmax along one dimension, mirroring {@code torch.nn.Softmax(dim=None)}: every row of length {@code D} along
 * {@code dim} becomes {@code exp(x − max)/Σ exp(x − max)}.
 *
 * <p><b>Shapes.</b> Any input; the output has the input's shape. {@code dim} may be negative (counted from the
 * end). With {@code dim=None} torch applies its legacy implicit rule ({@code _get_softmax_dim}, deprecated with a
 * warning): dimension 0 for inputs of rank 0, 1 or 3, else dimension 1. A rank-0 input is one row of one element.
 *
 * <p><b>Operations.</b> Per row of {@code D} values, as torch's CPU kernels compute them: {@code D − 1} comparisons
 * finding the maximum (for numerical stability), {@code D} subtractions {@code x − max}, {@code D} exp
 * evaluations, {@code D − 1} additions summing them, then the normalisation, which depends on the kernel:
 * <ul>
 *   <li>along the last dimension torch takes one reciprocal {@code 1/sum} (a division) and multiplies the
 *       {@code D} values by it;</li>
 *   <li>along any other dimension it divides each of the {@code D} values by the sum.</li>
 * </ul>
 * With {@code R} rows (the elements divided by {@code D}) each term is {@code R} times its per-row count.
 *
 * <p><b>Worked example.</b> {@code Softmax(dim=-1)} on {@code (1, 1000)} (a classifier's scores): one row,
 * 999 comparisons, 1,000 subtractions, 1,000 exp evaluations, 999 additions, 1 division and 1,000 multiplications.
 */
public final class Softmax implements Layer {
    public static final Sym D = new Sym("D", "size of the softmax dimension");
    public static final Sym R = new Sym("R", "rows: the number of elements divided by D");
    private static final RowTerms ALONG_LAST = new RowTerms("", R, D, true);
    private static final RowTerms ALONG_OTHER = new RowTerms("", R, D, false);

    private final Integer dim;   // null: None

    private Softmax(Integer dim) {
        this.dim = dim;
    }

    /** {@code Softmax(dim=None)}: torch's implicit choice of dimension, deprecated. */
    public static Softmax of() {
        return new Softmax(null);
    }

    /** {@code Softmax(dim)}; a negative dimension counts from the end. */
    public static Softmax of(int dim) {
        return new Softmax(dim);
    }

    /** The dimension given, or empty for None. */
    public java.util.OptionalInt dim() {
        return dim == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(dim);
    }

    @Override
    public String type() {
        return "Softmax";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(type(), inputs);
        int rank = x.rank();
        int chosen = dim != null ? dim : (rank == 0 || rank == 1 || rank == 3) ? 0 : 1;
        int range = Math.max(rank, 1);   // a scalar takes dim 0 or -1, as torch wraps it
        if (chosen < -range || chosen >= range) {
            throw new InvalidShapeException("dim", "Softmax: dim (" + chosen + ") is out of range for input " + x
                    + " of rank " + rank + "; torch: Dimension out of range (expected to be in range of [" + -range
                    + ", " + (range - 1) + "], but got " + chosen + ")");
        }
        int d = chosen < 0 ? chosen + range : chosen;
        Worksheet w = new Worksheet(type());
        if (dim == null) {
            w.note(Stage.SHAPE, () -> "dim=None: torch's legacy implicit rule picks dimension " + d + " for an input of"
                    + " rank " + rank + " (0 for rank 0, 1 or 3, else 1) and warns that this is deprecated");
        }
        w.given(D, rank == 0 ? 1 : x.dim(d));
        List<Expr> others = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (i != d) {
                others.add(num(x.dim(i)));
            }
        }
        w.given(R, w.evaluate("rows", others.isEmpty() ? num(1) : mul(others)));
        w.note(Stage.SHAPE, () -> "softmax over dimension " + d + " of " + x + ": rows of D = " + w.value(D)
                + " values; the other dimensions " + (rank <= 1 ? "(none)" : x.removed(d))
                + " make R = " + PlainText.grouped(w.value(R)) + " rows");
        boolean last = rank == 0 || d == rank - 1;
        w.note(Stage.PER_OUTPUT, last ? "softmax along the last dimension: torch's kernel takes the reciprocal of"
                + " each row sum once and multiplies the row by it" : "softmax along a dimension other than the"
                + " last: torch's kernel divides every element by its row sum");
        (last ? ALONG_LAST : ALONG_OTHER).write(w);
        return Analysis.leaf(this, inputs, x, w);
    }

    /**
     * The terms of a numerically stable softmax over {@code rows} rows of {@code length} values, as torch's CPU
     * kernels compute it: the row maximum ({@code length − 1} comparisons), {@code x − max} and {@code exp} per
     * value, the row sum ({@code length − 1} additions), then along the last dimension one reciprocal per row and
     * a multiplication per value, along any other dimension a division per value. The one place this rule is
     * written: attention layers call it for their scores, with a name prefix such as {@code "softmax: "}.
     */
    public static void rowTerms(Worksheet w, String prefix, Expr rows, Expr length, boolean lastDimension) {
        new RowTerms(prefix, rows, length, lastDimension).write(w);
    }

    /**
     * The terms of {@link #rowTerms} for one prefix, row count and row length, written once: a layer whose rows and
     * length are formulas of its own symbols keeps one as a constant and writes it into each analysis.
     */
    public static final class RowTerms {
        /** One term: its name, operation, formula and note. */
        private record Row(String name, Op op, Expr count, String note) {
        }

        private final List<Row> rows;

        public RowTerms(String prefix, Expr rows, Expr length, boolean lastDimension) {
            List<Row> all = new java.util.ArrayList<>();
            all.add(new Row(prefix + "comparisons finding each row's maximum", Op.COMPARISON,
                    mul(rows, sub(length, num(1))), "the max of a row takes one comparison fewer than its length; it"
                            + " is subtracted for numerical stability"));
            all.add(new Row(prefix + "subtractions x − max", Op.ADDITION, mul(rows, length), "one per element"));
            all.add(new Row(prefix + "exp evaluations", Op.EXP, mul(rows, length), "one per element"));
            all.add(new Row(prefix + "additions summing each row", Op.ADDITION, mul(rows, sub(length, num(1))),
                    "a row's values summed with one addition fewer than its length"));
            if (lastDimension) {
                all.add(new Row(prefix + "reciprocals 1/sum", Op.DIVISION, rows, "one per row: torch's kernel along"
                        + " the last dimension"));
                all.add(new Row(prefix + "multiplications by the reciprocal", Op.MULTIPLICATION, mul(rows, length),
                        "one per element"));
            } else {
                all.add(new Row(prefix + "divisions by the row sum", Op.DIVISION, mul(rows, length),
                        "one per element"));
            }
            this.rows = List.copyOf(all);
        }

        /** Records the terms, in order, in {@code w}. */
        public void write(Worksheet w) {
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                w.term(r.name(), r.op(), r.count(), r.note());
            }
        }
    }

    /** torch's repr: {@code Softmax(dim=1)} or {@code Softmax(dim=None)}. */
    @Override
    public String toString() {
        return "Softmax(dim=" + (dim == null ? "None" : String.valueOf(dim)) + ")";
    }
}
