package org.flopcheck.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * A residual connection, {@code y = body(x) + shortcut(x)}: the pattern of torchvision's ResNet blocks
 * ({@code out += identity}) and of every transformer sublayer ({@code hidden_states = residual + hidden_states}).
 * The shortcut is the identity unless one is given (a 1×1 convolution that downsamples, for instance). torch has no
 * module for it; this block is the library's own, written so that a spec can say it.
 *
 * <p><b>Shapes.</b> Body and shortcut receive the same inputs; their main outputs must have exactly the same shape
 * (the block does not broadcast), which is the block's output. With the identity shortcut the body's output must
 * have the shape of the (single) input. A mismatch is refused naming both shapes, for example
 * {@code Residual: body output (1, 64, 28, 28) and shortcut output (1, 64, 56, 56) must have the same shape to be
 * added}.
 *
 * <p><b>Parameters.</b> None of its own: the body's and the shortcut's.
 *
 * <p><b>Operations.</b> The body's and the shortcut's, plus the join, the block's own term: residual additions
 * {@code E}, one per element of the output ({@code E} its number of elements).
 *
 * <p><b>Rows.</b> {@code body} and {@code shortcut} (when given), or the names given; a mistake inside either is
 * reported with the row path, such as {@code layer body.1 (Linear): Linear expects input (*, H_in=8), got (2, 4)}.
 *
 * <p><b>Worked example.</b> {@code Residual(Linear(4, 4))} on {@code (2, 4)}: 20 parameters; the body's 32 weight
 * multiplications (MACs), 24 additions within dot products and 8 bias additions, and 8 residual additions: 72
 * exact operations.
 */
public final class Residual implements Layer {
    public static final Sym E = new Sym("E", "elements of the output: one residual addition each");

    private static final String TYPE = "Residual";

    private final String bodyName;
    private final Layer body;
    private final String shortcutName;
    private final Layer shortcut;   // null: the identity
    private final String additionsNote;

    private Residual(String bodyName, Layer body, String shortcutName, Layer shortcut) {
        this.bodyName = Objects.requireNonNull(bodyName, "bodyName");
        this.body = Objects.requireNonNull(body, "body");
        this.shortcutName = Objects.requireNonNull(shortcutName, "shortcutName");
        this.shortcut = shortcut;
        if (shortcut != null && bodyName.equals(shortcutName)) {
            throw new InvalidArgumentException("shortcut", TYPE + ": body and shortcut cannot share the row name '"
                    + bodyName + "'");
        }
        this.additionsNote = "one addition per element joins " + bodyName + " and "
                + (shortcut == null ? "the identity shortcut" : shortcutName);
    }

    /** {@code body(x) + x}: the body under the row name {@code body}, the identity shortcut. */
    public static Residual of(Layer body) {
        return of("body", body);
    }

    /** {@code body(x) + x} with the body under the given row name. */
    public static Residual of(String bodyName, Layer body) {
        return new Residual(bodyName, body, "shortcut", null);
    }

    /** {@code body(x) + shortcut(x)}, the shortcut under the row name {@code shortcut}; default the identity. */
    public Residual shortcut(Layer shortcut) {
        return shortcut("shortcut", shortcut);
    }

    /** {@code body(x) + shortcut(x)}, the shortcut under the given row name. */
    public Residual shortcut(String name, Layer shortcut) {
        return new Residual(bodyName, body, name, Objects.requireNonNull(shortcut, "shortcut"));
    }

    public Layer body() {
        return body;
    }

    /** The shortcut, or empty for the identity. */
    public Optional<Layer> shortcut() {
        return Optional.ofNullable(shortcut);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        if (shortcut == null && inputs.size() != 1) {
            throw new InvalidShapeException("input", TYPE + " with the identity shortcut takes 1 input, got "
                    + inputs.size() + " " + inputs);
        }
        List<Analysis> children = new ArrayList<>();
        Analysis b = Checks.row(bodyName, body, inputs);
        children.add(b);
        Shape other;
        String otherName;
        if (shortcut == null) {
            other = inputs.get(0);
            otherName = "input";
        } else {
            Analysis s = Checks.row(shortcutName, shortcut, inputs);
            children.add(s);
            other = s.output();
            otherName = shortcutName + " output";
        }
        Shape out = b.output();
        if (!out.equals(other)) {
            throw new InvalidShapeException(null, TYPE + ": " + bodyName + " output " + out + " and " + otherName
                    + " " + other + " must have the same shape to be added");
        }
        Worksheet w = new Worksheet(TYPE);
        w.given(E, w.elements("elements", out));
        w.note(Stage.SHAPE, () -> bodyName + " output " + out + " + " + (shortcut == null ? "the input itself (identity"
                + " shortcut)" : otherName + " " + other) + ": E = " + PlainText.grouped(w.value(E)) + " elements");
        w.term("residual additions", Op.ADDITION, E, additionsNote);
        return Analysis.composite(this, inputs, out, w, children);
    }

    /** {@code Residual(\n  (body): Linear(...)\n  (shortcut): Conv2d(...)\n)}; the identity shortcut has no row. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(TYPE + "(");
        sb.append(Checks.childRow(bodyName, body));
        if (shortcut != null) {
            sb.append(Checks.childRow(shortcutName, shortcut));
        }
        return sb.append("\n)").toString();
    }
}
