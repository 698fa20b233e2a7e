package org.flopcheck.blocks;

import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.PlainText;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * Branches applied to the same input and joined into one output: {@code torch.cat([b(x) for b in branches], dim)}
 * (Inception's and DenseNet's concatenation), their sum (multi-branch blocks) or their product (gated units, such
 * as the SwiGLU MLP of Llama, {@code down(silu(gate(x)) · up(x))}). torch has no module for it; this block is the
 * library's own, written so that a spec can say it.
 *
 * <p><b>Shapes.</b> Every branch receives the same inputs; {@code k} branches, at least one. The join uses each
 * branch's main output:
 * <ul>
 *   <li>{@code join='concat'}: the outputs must have one rank and agree in every dimension but {@code dim}
 *       (negative counts from the end, default 1); the output's {@code dim} is the sum of theirs;</li>
 *   <li>{@code join='add'} and {@code join='mul'}: the outputs must have exactly the same shape (no broadcasting),
 *       which is the output's.</li>
 * </ul>
 * Mismatches are refused naming the branches and their shapes, for example {@code Parallel: branches 0 (1, 8, 4, 4)
 * and 1 (1, 8, 2, 2) must agree outside dim 1 to be concatenated}.
 *
 * <p><b>Parameters.</b> None of its own: the branches'.
 *
 * <p><b>Operations.</b> The branches', plus the join, the block's own term over {@code E}, the elements of the
 * output:
 * <ul>
 *   <li>concat: none (copies);</li>
 *   <li>add: branch additions {@code (k − 1)·E};</li>
 *   <li>mul: branch multiplications {@code (k − 1)·E} (elementwise products, not MACs).</li>
 * </ul>
 *
 * <p><b>Rows.</b> {@code 0}, {@code 1}, ... in order, or the names given; a mistake inside a branch is reported
 * with the row path.
 *
 * <p><b>Worked examples.</b> {@code Parallel(join='concat', dim=1)} of {@code Conv2d(3, 8, 1)} and
 * {@code Conv2d(3, 4, 3, padding=1)} on {@code (1, 3, 8, 8)}: output {@code (1, 12, 8, 8)}; 32 + 112 = 144
 * parameters; 1,536 + 6,912 = 8,448 MACs; no join operations. A SwiGLU gate {@code Parallel(join='mul')} of
 * {@code Sequential(Linear(4, 6, bias=False), SiLU())} and {@code Linear(4, 6, bias=False)} on {@code (1, 3, 4)}:
 * 48 parameters, 144 MACs, 18 branch multiplications.
 */
public final class Parallel implements Layer {
    public static final Sym K = new Sym("k", "branches joined");
    public static final Sym E = new Sym("E", "elements of the joined output");
    /** {@code (k − 1)·E}: the joins of {@code k} outputs of {@code E} elements. */
    private static final org.flopcheck.expr.Expr JOINS = mul(sub(K, num(1)), E);

    private static final String TYPE = "Parallel";

    private final Map<String, Layer> branches;
    private final String join;
    private final Integer dim;   // null: not given (1 for concat)

    private Parallel(Map<String, Layer> branches, String join, Integer dim) {
        if (branches.isEmpty()) {
            throw new InvalidArgumentException("branches", TYPE + ": branches must list at least one layer");
        }
        this.branches = branches;
        if (!List.of("concat", "add", "mul").contains(join)) {
            throw new InvalidArgumentException("join", TYPE + ": join '" + join + "' is not one of 'concat', 'add',"
                    + " 'mul'");
        }
        this.join = join;
        if (dim != null && !join.equals("concat")) {
            throw new InvalidArgumentException("dim", TYPE + ": dim (" + dim + ") applies only to join 'concat', not"
                    + " '" + join + "'");
        }
        this.dim = dim;
    }

    /** Branches with rows {@code "0"}, {@code "1"}, ..., joined by {@code 'concat'}, {@code 'add'} or {@code 'mul'}. */
    public static Parallel of(String join, Layer... branches) {
        Map<String, Layer> named = new LinkedHashMap<>();
        for (int i = 0; i < branches.length; i++) {
            named.put(String.valueOf(i), branches[i]);
        }
        return new Parallel(named, join, null);
    }

    /** Branches with the given row names, in the map's order. */
    public static Parallel of(String join, Map<String, Layer> branches) {
        return new Parallel(new LinkedHashMap<>(branches), join, null);
    }

    /** The concatenation dimension, negative counting from the end; default 1. Only for {@code join='concat'}. */
    public Parallel dim(int dim) {
        return new Parallel(branches, join, dim);
    }

    public Map<String, Layer> branches() {
        return Collections.unmodifiableMap(branches);
    }

    public String join() {
        return join;
    }

    /** The concatenation dimension as given, 1 when not given. */
    public int dim() {
        return dim == null ? 1 : dim;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        List<Analysis> rows = new ArrayList<>();
        for (Map.Entry<String, Layer> b : branches.entrySet()) {
            rows.add(Checks.row(b.getKey(), b.getValue(), inputs));
        }
        Shape out = join.equals("concat") ? concatenated(rows) : sameShape(rows);
        Worksheet w = new Worksheet(TYPE);
        w.given(K, rows.size());
        w.given(E, w.elements("elements", out));
        w.note(Stage.SHAPE, () -> "the " + rows.size() + " branch outputs are joined by " + join + " into " + out
                + ", E = " + PlainText.grouped(w.value(E)) + " elements");
        switch (join) {
            case "add" -> w.term("branch additions", Op.ADDITION, JOINS,
                    "the k branch outputs are summed element by element with k − 1 additions each");
            case "mul" -> w.term("branch multiplications", Op.MULTIPLICATION, JOINS,
                    "the k branch outputs are multiplied element by element with k − 1 multiplications each");
            default -> w.note(Stage.TOTALS, "torch.cat copies the branch outputs: no arithmetic");
        }
        return Analysis.composite(this, inputs, out, w, rows);
    }

    private Shape sameShape(List<Analysis> rows) {
        Analysis first = rows.get(0);
        for (Analysis r : rows.subList(1, rows.size())) {
            if (!r.output().equals(first.output())) {
                throw new InvalidShapeException(null, TYPE + ": branches " + first.name() + " " + first.output()
                        + " and " + r.name() + " " + r.output() + " must have the same shape to be "
                        + (join.equals("add") ? "added" : "multiplied"));
            }
        }
        return first.output();
    }

    private Shape concatenated(List<Analysis> rows) {
        Analysis first = rows.get(0);
        int rank = first.output().rank();
        int d = dim();
        if (rank == 0 || d < -rank || d >= rank) {
            throw new InvalidShapeException(null, TYPE + ": dim (" + d + ") is out of range for branch "
                    + first.name() + " output " + first.output() + " of rank " + rank);
        }
        int axis = d < 0 ? d + rank : d;
        long total = 0;
        for (Analysis r : rows) {
            Shape s = r.output();
            if (s.rank() != rank || !s.with(axis, 1).equals(first.output().with(axis, 1))) {
                throw new InvalidShapeException(null, TYPE + ": branches " + first.name() + " " + first.output()
                        + " and " + r.name() + " " + s + " must agree outside dim " + d + " to be concatenated");
            }
            total = Math.addExact(total, s.dim(axis));
        }
        return first.output().with(axis, total);
    }

    /** {@code Parallel(\n  join='concat', dim=1\n  (0): Conv2d(...)\n  (1): ...\n)}, torch's layout of extra repr and rows. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(TYPE + "(\n  join='" + join + "'");
        if (join.equals("concat")) {
            sb.append(", dim=").append(dim());
        }
        branches.forEach((name, layer) -> sb.append(Checks.childRow(name, layer)));
        return sb.append("\n)").toString();
    }
}
