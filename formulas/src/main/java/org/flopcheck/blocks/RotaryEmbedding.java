package org.flopcheck.blocks;

import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.num;

import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.shape.Shape;

/**
 * The rotary position embedding's tables, mirroring Hugging Face's {@code LlamaRotaryEmbedding(dim)} as
 * transformers 4.38 calls it from {@code LlamaAttention}: {@code cos, sin = self.rotary_emb(value_states,
 * position_ids)}. It holds the inverse frequencies {@code inv_freq = 1/base^(2i/dim)} and turns positions into the
 * {@code cos} and {@code sin} of the angles {@code position·inv_freq}, each repeated for both halves of a head.
 * Applying them to queries and keys is {@link SelfAttention}'s work, not this module's.
 *
 * <p><b>Shapes.</b> Two inputs: {@code x} (the value states, {@code (N, h_kv, L, dim)}; only its dtype and device
 * matter) and {@code position_ids} {@code (B, L)}. Outputs: {@code cos} and {@code sin}, {@code (B, L, dim)} each.
 *
 * <p><b>Parameters.</b> None. Buffer {@code inv_freq} {@code (dim/2)} (non-persistent). transformers 4.38 also keeps
 * the tables {@code _cos_cached} and {@code _sin_cached} of {@code max_position_embeddings} rows for backward
 * compatibility; the forward does not use them and they are not listed.
 *
 * <p><b>Operations: none counted.</b> The angles ({@code B·L·dim/2} products of positions and frequencies) and
 * their {@code cos} and {@code sin} ({@code B·L·dim} evaluations each) are computed from positions, which are
 * indices, not from the data; and the library has no operation kind for trigonometric functions. They are stated
 * here and left out of every count.
 *
 * <p><b>Worked example.</b> {@code RotaryEmbedding(128)} (Llama-2's heads) on value states {@code (1, 32, 128, 128)}
 * and positions {@code (1, 128)}: {@code cos} and {@code sin} of {@code (1, 128, 128)}; buffer {@code inv_freq}
 * of 64 elements; 0 operations.
 */
public final class RotaryEmbedding implements Layer {
    public static final Sym DIM = new Sym("dim", "features per head rotated: head_dim");
    private static final Expr INV_FREQ = div(DIM, num(2));

    private static final String TYPE = "RotaryEmbedding";

    private final long dim;

    private RotaryEmbedding(long dim) {
        this.dim = Checks.positive(TYPE, "dim", dim);
        if (dim % 2 != 0) {
            throw new InvalidArgumentException("dim", TYPE + ": dim (" + dim + ") must be even: rotate_half splits"
                    + " each head's features into two halves");
        }
    }

    /** The tables for heads of {@code dim} features; {@code dim} must be even. */
    public static RotaryEmbedding of(long dim) {
        return new RotaryEmbedding(dim);
    }

    public long dim() {
        return dim;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        if (inputs.size() != 2) {
            throw new InvalidShapeException("input", TYPE + " takes 2 inputs (x, position_ids), got " + inputs.size()
                    + " " + inputs);
        }
        Shape positions = inputs.get(1);
        if (positions.rank() != 2) {
            throw new InvalidShapeException("input", TYPE + " expects position_ids (B, L), got " + positions);
        }
        Worksheet w = new Worksheet(TYPE);
        w.given(DIM, dim);
        w.buffer("inv_freq", INV_FREQ);
        Shape table = positions.concat(Shape.of(dim));
        w.note(Stage.SHAPE, () -> "position_ids " + positions + " → cos and sin " + table);
        w.note(Stage.TOTALS, "not counted: the angles position·inv_freq and their cos and sin are computed from"
                + " positions (indices), not from the data");
        return Analysis.leaf(this, inputs, List.of(table, table), w);
    }

    /** {@code RotaryEmbedding(dim=128)}. */
    @Override
    public String toString() {
        return TYPE + "(dim=" + dim + ")";
    }
}
