package org.flopcheck.blocks;

import static org.flopcheck.expr.Exprs.mul;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Dropout;
import org.flopcheck.layers.Embedding;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * BERT's input embeddings, mirroring Hugging Face's {@code BertEmbeddings(config)} (transformers 4.x, absolute
 * positions) with {@code BertConfig}'s argument names: the word, token-type and position embeddings of every token
 * summed, then layer-normalised; {@code BertModel} called with {@code input_ids} only, so the token types are the
 * all-zero buffer and the positions {@code 0 … L − 1}.
 *
 * <p><b>Shapes.</b> Input: token ids {@code (N, L)}, {@code L ≤ max_position_embeddings}; output {@code (N, L, E)}
 * with {@code E = hidden_size}.
 *
 * <p><b>Rows</b> (torch's call order): {@code word_embeddings} {@code Embedding(vocab_size, E,
 * padding_idx=pad_token_id)} on the ids; {@code token_type_embeddings} {@code Embedding(type_vocab_size, E)} on the
 * token types {@code (N, L)}; {@code position_embeddings} {@code Embedding(max_position_embeddings, E)} on the
 * positions {@code (1, L)}; {@code LayerNorm} {@code LayerNorm(E, eps=layer_norm_eps)}; {@code dropout}
 * {@code Dropout(hidden_dropout_prob)}.
 *
 * <p><b>Parameters.</b> The rows': {@code (vocab_size + max_position_embeddings + type_vocab_size)·E} in the tables
 * and {@code 2·E} in the LayerNorm. Buffers of its own: {@code position_ids (1, max_position_embeddings)} and
 * {@code token_type_ids (1, max_position_embeddings)} (the latter non-persistent).
 *
 * <p><b>Operations.</b> The lookups do no arithmetic. The block's own: token-type additions {@code N·L·E}
 * ({@code inputs_embeds + token_type_embeddings}) and position additions {@code N·L·E} (the {@code (1, L, E)}
 * position embeddings broadcast over the batch): 2 additions per element. Then the LayerNorm's {@code N·L·(7·E + 3)}
 * and nothing for dropout in eval mode.
 *
 * <p><b>Worked example.</b> bert-base-uncased's {@code BertEmbeddings} ({@code vocab_size=30522, hidden_size=768})
 * on {@code (1, 128)}: {@code (30522 + 512 + 2)·768 + 2·768 = 23,837,184} parameters; 196,608 embedding additions;
 * the LayerNorm's {@code 128·(7·768 + 3) = 688,512}: 885,120 exact operations, no MACs.
 */
public final class BertEmbeddings implements Layer {
    public static final Sym N = new Sym("N", "batch size");
    public static final Sym L = new Sym("L", "sequence length");
    public static final Sym E = new Sym("E", "hidden_size: features per token");
    public static final Sym P = new Sym("P", "max_position_embeddings");

    private static final String TYPE = "BertEmbeddings";

    private final long vocabSize;
    private final long hiddenSize;
    private final long maxPositionEmbeddings;
    private final long typeVocabSize;
    private final double layerNormEps;
    private final double hiddenDropoutProb;
    private final long padTokenId;
    // the submodules, built once from the arguments above
    private final Embedding words;
    private final Embedding positions;
    private final Embedding tokenTypes;
    private final LayerNorm norm;
    private final Dropout dropout;

    private BertEmbeddings(long vocabSize, long hiddenSize, long maxPositionEmbeddings, long typeVocabSize,
                           double layerNormEps, double hiddenDropoutProb, long padTokenId) {
        this.vocabSize = Checks.positive(TYPE, "vocab_size", vocabSize);
        this.hiddenSize = Checks.positive(TYPE, "hidden_size", hiddenSize);
        this.maxPositionEmbeddings = Checks.positive(TYPE, "max_position_embeddings", maxPositionEmbeddings);
        this.typeVocabSize = Checks.positive(TYPE, "type_vocab_size", typeVocabSize);
        this.layerNormEps = layerNormEps;
        this.hiddenDropoutProb = Checks.probability(TYPE, "hidden_dropout_prob", hiddenDropoutProb);
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new InvalidArgumentException("pad_token_id", TYPE + ": pad_token_id (" + padTokenId + ") must be"
                    + " a row of the word embeddings, from 0 to vocab_size − 1 (" + (vocabSize - 1) + ")");
        }
        this.padTokenId = padTokenId;
        this.words = Embedding.of(vocabSize, hiddenSize).paddingIdx(padTokenId);
        this.positions = Embedding.of(maxPositionEmbeddings, hiddenSize);
        this.tokenTypes = Embedding.of(typeVocabSize, hiddenSize);
        this.norm = LayerNorm.of(hiddenSize).eps(layerNormEps);
        this.dropout = Dropout.of(hiddenDropoutProb);
    }

    /**
     * {@code BertEmbeddings} for {@code vocab_size} tokens of {@code hidden_size} features, with BertConfig's
     * defaults: max_position_embeddings 512, type_vocab_size 2, layer_norm_eps 1e-12, hidden_dropout_prob 0.1,
     * pad_token_id 0.
     */
    public static BertEmbeddings of(long vocabSize, long hiddenSize) {
        return new BertEmbeddings(vocabSize, hiddenSize, 512, 2, 1e-12, 0.1, 0);
    }

    /** Rows of the position table, the longest sequence; BertConfig's default is 512. */
    public BertEmbeddings maxPositionEmbeddings(long maxPositionEmbeddings) {
        return new BertEmbeddings(vocabSize, hiddenSize, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                hiddenDropoutProb, padTokenId);
    }

    /** Rows of the token-type table; BertConfig's default is 2. */
    public BertEmbeddings typeVocabSize(long typeVocabSize) {
        return new BertEmbeddings(vocabSize, hiddenSize, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                hiddenDropoutProb, padTokenId);
    }

    /** The LayerNorm's eps; BertConfig's default is 1e-12. Counts do not change. */
    public BertEmbeddings layerNormEps(double layerNormEps) {
        return new BertEmbeddings(vocabSize, hiddenSize, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                hiddenDropoutProb, padTokenId);
    }

    /** The dropout probability after the LayerNorm; BertConfig's default is 0.1. Nothing in eval mode. */
    public BertEmbeddings hiddenDropoutProb(double hiddenDropoutProb) {
        return new BertEmbeddings(vocabSize, hiddenSize, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                hiddenDropoutProb, padTokenId);
    }

    /** The word-embedding row kept at zero in training; BertConfig's default is 0. Counts do not change. */
    public BertEmbeddings padTokenId(long padTokenId) {
        return new BertEmbeddings(vocabSize, hiddenSize, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                hiddenDropoutProb, padTokenId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape ids = Checks.single(TYPE, inputs);
        if (ids.rank() != 2) {
            throw new InvalidShapeException("input", TYPE + " expects token ids (N, L), got " + ids);
        }
        long n = ids.dim(0);
        long l = ids.dim(1);
        if (l > maxPositionEmbeddings) {
            throw new InvalidShapeException("input", TYPE + ": sequence length " + l + " exceeds"
                    + " max_position_embeddings (" + maxPositionEmbeddings + "); torch: The size of tensor a (" + l
                    + ") must match the size of tensor b (" + maxPositionEmbeddings + ") at non-singleton dimension 1");
        }
        List<Analysis> rows = new ArrayList<>();
        Analysis wordEmbeddings = Checks.row("word_embeddings", words, Inputs.of(ids));
        rows.add(wordEmbeddings);
        rows.add(Checks.row("token_type_embeddings", tokenTypes, Inputs.of(Shape.of(n, l))));
        rows.add(Checks.row("position_embeddings", positions, Inputs.of(Shape.of(1, l))));
        Shape embedded = wordEmbeddings.output();
        rows.add(Checks.row("LayerNorm", norm, Inputs.of(embedded)));
        rows.add(Checks.row("dropout", dropout, Inputs.of(embedded)));

        Worksheet w = new Worksheet(TYPE);
        w.given(N, n);
        w.given(L, l);
        w.given(E, hiddenSize);
        w.given(P, maxPositionEmbeddings);
        w.buffer("position_ids", org.flopcheck.expr.Exprs.num(1), P);
        w.buffer("token_type_ids", org.flopcheck.expr.Exprs.num(1), P);
        w.note(Stage.SHAPE, () -> "token ids " + ids + " → word embeddings " + embedded + "; token types: the all-zero"
                + " buffer expanded to (N, L); positions: position_ids[:, :L], (1, L)");
        w.term("token-type additions", Op.ADDITION, mul(N, L, E), "inputs_embeds + token_type_embeddings,"
                + " one addition per element");
        w.term("position additions", Op.ADDITION, mul(N, L, E), "embeddings += position_embeddings, the (1, L, E)"
                + " positions broadcast over the batch: one addition per element");
        return Analysis.composite(this, inputs, embedded, w, rows);
    }

    /** Hugging Face's repr, rows in registration order: word, position, token-type embeddings, LayerNorm, dropout. */
    @Override
    public String toString() {
        return TYPE + "(" + Checks.childRow("word_embeddings", words)
                + Checks.childRow("position_embeddings", positions)
                + Checks.childRow("token_type_embeddings", tokenTypes)
                + Checks.childRow("LayerNorm", norm)
                + Checks.childRow("dropout", dropout) + "\n)";
    }
}
