package org.flopcheck.blocks;

import static org.flopcheck.expr.Exprs.mul;

import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * A learned position embedding added to a sequence: {@code y[n, l] = x[n, l] + weight[l]}, as GPT-2 does it
 * (Hugging Face's {@code GPT2Model}: {@code hidden_states = inputs_embeds + self.wpe(position_ids)} with
 * {@code position_ids = 0 … L − 1}). The table is torch's {@code nn.Embedding(num_embeddings, embedding_dim)}
 * ({@code wpe}); the addition is {@code GPT2Model}'s own work in torch, counted here, in the row that owns the
 * table.
 *
 * <p><b>Shapes.</b> Input: the token embeddings {@code (N, L, D)} or unbatched {@code (L, D)}, with
 * {@code D = embedding_dim} and {@code L ≤ num_embeddings} (positions beyond the table are an index error in torch);
 * output the same shape.
 *
 * <p><b>Parameters.</b> {@code weight (P, D)} with {@code P = num_embeddings}: {@code P·D}.
 *
 * <p><b>Operations.</b> The lookup of the {@code L} positions is a copy; position additions {@code N·L·D}, the
 * {@code (1, L, D)} positions broadcast over the batch.
 *
 * <p><b>Worked example.</b> GPT-2's {@code PositionEmbedding(1024, 768)} on {@code (1, 128, 768)}: 786,432
 * parameters; 98,304 additions.
 */
public final class PositionEmbedding implements Layer {
    public static final Sym N = new Sym("N", "batch size (1 unbatched)");
    public static final Sym L = new Sym("L", "sequence length");
    public static final Sym P = new Sym("P", "num_embeddings: positions in the table");
    public static final Sym D = new Sym("D", "embedding_dim: features per position");

    private static final String TYPE = "PositionEmbedding";

    private final long numEmbeddings;
    private final long embeddingDim;

    private PositionEmbedding(long numEmbeddings, long embeddingDim) {
        this.numEmbeddings = Checks.positive(TYPE, "num_embeddings", numEmbeddings);
        this.embeddingDim = Checks.positive(TYPE, "embedding_dim", embeddingDim);
    }

    /** A table of {@code num_embeddings} positions of {@code embedding_dim} features. */
    public static PositionEmbedding of(long numEmbeddings, long embeddingDim) {
        return new PositionEmbedding(numEmbeddings, embeddingDim);
    }

    public long numEmbeddings() {
        return numEmbeddings;
    }

    public long embeddingDim() {
        return embeddingDim;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Checks.single(TYPE, inputs);
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != embeddingDim) {
            throw new InvalidShapeException("input", TYPE + " expects input (N, L, D=" + embeddingDim
                    + ") or unbatched (L, D=" + embeddingDim + "), got " + x);
        }
        long l = x.dim(-2);
        if (l > numEmbeddings) {
            throw new InvalidShapeException("input", TYPE + ": sequence length " + l + " exceeds num_embeddings ("
                    + numEmbeddings + "); torch: index out of range in self");
        }
        Worksheet w = new Worksheet(TYPE);
        w.given(N, x.rank() == 3 ? x.dim(0) : 1);
        w.given(L, l);
        w.given(P, numEmbeddings);
        w.given(D, embeddingDim);
        w.parameter("weight", P, D);
        w.note(Stage.SHAPE, () -> "positions 0 … " + (l - 1) + " look up (1, L, D) rows of the table, added to every"
                + " sequence of " + x);
        w.term("position additions", Op.ADDITION, mul(N, L, D), "one addition per element: x + weight[position]");
        return Analysis.leaf(this, inputs, x, w);
    }

    /** {@code PositionEmbedding(1024, 768)}, as torch prints the Embedding that holds the table. */
    @Override
    public String toString() {
        return TYPE + "(" + numEmbeddings + ", " + embeddingDim + ")";
    }
}
