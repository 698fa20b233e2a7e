package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.num;

import java.util.OptionalLong;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;

/**
 * A lookup table, mirroring {@code torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None,
 * max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False)}: every index of the input selects one row
 * of the weight.
 *
 * <p><b>Shapes.</b> Input: a tensor of indices of any shape {@code (*)}, a scalar included; the shape given is the
 * shape of that index tensor. Weight {@code (V, D)}; output {@code (*, D)}.
 *
 * <p><b>Parameters.</b> {@code V·D}. No buffers. {@code padding_idx} marks a row that stays zero in training; it is
 * still a parameter.
 *
 * <p><b>Operations.</b> None: a lookup copies {@code M} rows of {@code D} values ({@code M} the number of indices)
 * and does no arithmetic, so there is no operation term and every convention counts 0. {@code padding_idx},
 * {@code scale_grad_by_freq} and {@code sparse} only change the backward pass.
 *
 * <p><b>Not counted.</b> With {@code max_norm}, torch renormalises, in place, every looked-up row whose norm exceeds
 * {@code max_norm}; which rows those are depends on the indices that occur and on the weight's values, so those
 * operations cannot be counted from shapes. The analysis still gives shapes and parameters, and the exact
 * conventions report that they cannot count the model rather than a number that leaves the renormalisation out.
 *
 * <p><b>Worked example.</b> torch's own example {@code Embedding(10, 3)} on indices {@code (2, 4)}: output
 * {@code (2, 4, 3)}; 30 parameters; 0 operations.
 */
public final class Embedding implements Layer {
    public static final Sym V = new Sym("V", "rows of the table (num_embeddings)");
    public static final Sym D = new Sym("D", "values per row (embedding_dim)");
    private static final Expr[] WEIGHT = {V, D};
    private static final Expr NONE = num(0);
    public static final Sym M = new Sym("M", "indices looked up: the number of elements of the input");

    private final long numEmbeddings;
    private final long embeddingDim;
    private final OptionalLong paddingIdx;
    private final java.util.OptionalDouble maxNorm;
    private final double normType;
    private final boolean scaleGradByFreq;
    private final boolean sparse;

    private Embedding(long numEmbeddings, long embeddingDim, OptionalLong paddingIdx, java.util.OptionalDouble maxNorm,
                      double normType,
                      boolean scaleGradByFreq, boolean sparse) {
        this.numEmbeddings = Args.positive("Embedding", "num_embeddings", numEmbeddings);
        this.embeddingDim = Args.positive("Embedding", "embedding_dim", embeddingDim);
        this.paddingIdx = paddingIdx;
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.scaleGradByFreq = scaleGradByFreq;
        this.sparse = sparse;
    }

    /** {@code Embedding(num_embeddings, embedding_dim)} with torch's defaults. */
    public static Embedding of(long numEmbeddings, long embeddingDim) {
        return new Embedding(numEmbeddings, embeddingDim, OptionalLong.empty(), java.util.OptionalDouble.empty(), 2.0, false,
                false);
    }

    /**
     * The row that stays zero in training, from {@code −num_embeddings} to {@code num_embeddings − 1}; a negative
     * value counts from the end and is stored as {@code num_embeddings + padding_idx}, as torch does. Default none.
     */
    public Embedding paddingIdx(long paddingIdx) {
        if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
            throw new InvalidArgumentException("padding_idx", "Embedding: padding_idx (" + paddingIdx
                    + ") must be within num_embeddings (" + numEmbeddings + "): from " + -numEmbeddings + " to "
                    + (numEmbeddings - 1) + "; torch: Padding_idx must be within num_embeddings");
        }
        long stored = paddingIdx < 0 ? numEmbeddings + paddingIdx : paddingIdx;
        return new Embedding(numEmbeddings, embeddingDim, OptionalLong.of(stored), maxNorm, normType, scaleGradByFreq,
                sparse);
    }

    /**
     * Renormalise each looked-up row whose norm exceeds {@code max_norm}; torch's default is None (never). Which
     * rows that touches depends on the data, so exact conventions refuse to count a model with it.
     */
    public Embedding maxNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new InvalidArgumentException("max_norm", "Embedding: max_norm (" + PyRepr.floatRepr(maxNorm)
                    + ") must be positive");
        }
        return new Embedding(numEmbeddings, embeddingDim, paddingIdx, java.util.OptionalDouble.of(maxNorm), normType,
                scaleGradByFreq, sparse);
    }

    /** The renormalisation bound, if any. */
    public java.util.OptionalDouble maxNorm() {
        return maxNorm;
    }

    /** The p of the p-norm compared with {@code max_norm}; torch's default is 2.0. Without max_norm it is unused. */
    public Embedding normType(double normType) {
        return new Embedding(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse);
    }

    /** Whether gradients are scaled by the inverse frequency of the indices; default false. Counts do not change. */
    public Embedding scaleGradByFreq(boolean scaleGradByFreq) {
        return new Embedding(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse);
    }

    /** Whether the weight's gradient is a sparse tensor; default false. Counts do not change. */
    public Embedding sparse(boolean sparse) {
        return new Embedding(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse);
    }

    public long numEmbeddings() {
        return numEmbeddings;
    }

    public long embeddingDim() {
        return embeddingDim;
    }

    /** The padding row as torch stores it (never negative), or empty for {@code padding_idx=None}. */
    public OptionalLong paddingIdx() {
        return paddingIdx;
    }

    public double normType() {
        return normType;
    }

    public boolean scaleGradByFreq() {
        return scaleGradByFreq;
    }

    public boolean sparse() {
        return sparse;
    }

    @Override
    public String type() {
        return "Embedding";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape indices = Forward.single(type(), inputs);
        Worksheet w = new Worksheet(type());
        w.given(V, numEmbeddings);
        w.given(D, embeddingDim);
        w.given(M, w.elements("indices", indices));
        Shape out = indices.concat(Shape.of(embeddingDim));
        w.note(Stage.SHAPE, () -> "the indices " + indices + " each select a row of D = " + embeddingDim
                + " values: output " + out);
        w.parameter("weight", WEIGHT);
        w.note(Stage.PER_OUTPUT, () -> "a lookup copies M = " + w.value(M) + " rows of D values and does no arithmetic:"
                + " there is no operation to count");
        if (maxNorm.isPresent()) {
            w.dataDependent("max_norm=" + PyRepr.floatRepr(maxNorm.getAsDouble()) + " renormalises, in place, each"
                    + " looked-up row whose " + PyRepr.floatRepr(normType) + "-norm exceeds it; which rows those are"
                    + " depends on the indices that occur and on the weight's values");
        }
        w.show(Stage.SUMMARY, "exact operations", NONE);
        return Analysis.leaf(this, inputs, out, w);
    }

    /** torch's repr: {@code Embedding(10, 3)}, then only the arguments that differ from their defaults. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Embedding(").append(numEmbeddings).append(", ").append(embeddingDim);
        paddingIdx.ifPresent(p -> sb.append(", padding_idx=").append(p));
        maxNorm.ifPresent(m -> sb.append(", max_norm=").append(PyRepr.floatRepr(m)));
        if (normType != 2.0) {
            sb.append(", norm_type=").append(PyRepr.floatRepr(normType));
        }
        if (scaleGradByFreq) {
            sb.append(", scale_grad_by_freq=True");
        }
        if (sparse) {
            sb.append(", sparse=True");
        }
        return sb.append(')').toString();
    }
}
