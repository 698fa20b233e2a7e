package org.flopcheck.oracle;

/**
 * The embedding sums of BERT and GPT-2 executed by plain loops: look up rows (copies), then add them element by
 * element; BERT's sum then goes through a LayerNorm run by {@link NormOracle}. Nothing here uses the library's
 * formulas.
 */
public final class EmbeddingsOracle {
    private EmbeddingsOracle() {
    }

    public record Run(long[] out, OpCounter ops) {
    }

    /** {@code BertEmbeddings} on ids {@code (n, l)}: word + token type, + position, then LayerNorm and dropout. */
    public static Run bert(long n, long l, long e, long vocab, long positions, long types) {
        Tensor words = Tensor.random(1, vocab, e);
        Tensor typeTable = Tensor.random(2, types, e);
        Tensor positionTable = Tensor.random(3, positions, e);
        OpCounter c = new OpCounter();
        for (long b = 0; b < n; b++) {
            for (long p = 0; p < l; p++) {
                long id = (b * 7 + p * 3) % vocab;   // any token: a lookup copies a row
                for (long f = 0; f < e; f++) {
                    double v = words.get(id, f);
                    v = c.add(v, typeTable.get(0, f));   // token_type_ids: the all-zero buffer
                    c.add(v, positionTable.get(p, f));
                }
            }
        }
        NormOracle.Run norm = NormOracle.layerNorm(new NormOracle.LayerNormArgs(new long[] {n, l}, new long[] {e},
                true, true));
        norm.ops().counts().forEach((op, count) -> {
            for (long i = 0; i < count; i++) {
                replay(c, op);
            }
        });
        return new Run(new long[] {n, l, e}, c);
    }

    /** GPT-2's {@code inputs_embeds + wpe(position_ids)} on {@code (n, l, e)}. */
    public static Run positions(long n, long l, long e, long table) {
        Tensor x = Tensor.random(1, n, l, e);
        Tensor wpe = Tensor.random(2, table, e);
        OpCounter c = new OpCounter();
        for (long b = 0; b < n; b++) {
            for (long p = 0; p < l; p++) {
                for (long f = 0; f < e; f++) {
                    c.add(x.get(b, p, f), wpe.get(p, f));
                }
            }
        }
        return new Run(new long[] {n, l, e}, c);
    }

    /** Counts one more operation of kind {@code op} in {@code c}: the LayerNorm's work merged into this run. */
    private static void replay(OpCounter c, org.flopcheck.terms.Op op) {
        switch (op) {
            case MULTIPLICATION -> c.mul(1, 1);
            case ADDITION -> c.add(1, 1);
            case DIVISION -> c.div(1, 1);
            case SQUARE_ROOT -> c.sqrt(1);
            case COMPARISON -> c.max(1, 1);
            default -> throw new IllegalStateException("LayerNorm does not use " + op);
        }
    }
}
