package org.flopcheck.oracle;

import org.flopcheck.shape.Shape;

/**
 * A Transformer encoder layer executed by its parts' loops, in the order torch 1.13's Python forward runs them:
 * self-attention head by head ({@link AttentionOracle}, query, key and value one tensor, no weights returned), the
 * residual sum element by element, layer norms row by row ({@link NormOracle}), the feed-forward linears dot product
 * by dot product ({@link LinearOracle}) with the activation element by element between them
 * ({@link ElementwiseOracle}), then the second residual sum. Dropout does nothing in eval mode. The sizes each part
 * runs on come from the tensors the previous part produced, in (batch, position, feature) terms; nothing here uses
 * the library's formulas.
 */
public final class TransformerOracle {
    private TransformerOracle() {
    }

    /** One layer: {@code d_model = e}, {@code h} heads, {@code f} feed-forward features, {@code n} sequences of s. */
    public record Args(long e, long h, long f, long n, long s, boolean gelu, boolean normFirst) {
    }

    /** What the layer produced, in (batch, position, feature) order, and what it counted. */
    public record Run(long[] output, OpCounter ops) {
    }

    public static Run encoderLayer(Args a) {
        OpCounter c = new OpCounter();
        long[] x = {a.n(), a.s(), a.e()};
        // _sa_block, on norm1(x) with norm_first
        if (a.normFirst()) {
            x = layerNorm(c, x);
        }
        AttentionOracle.Run attention = AttentionOracle.run(new AttentionOracle.Args(x[2], a.h(), x[2], x[2], x[0],
                x[1], x[1], true, false, false, false, true));
        c.absorb(attention.ops());
        long[] attended = attention.outputShape();
        residual(c, attended);
        x = attended;
        if (!a.normFirst()) {
            x = layerNorm(c, x);
        }
        // _ff_block, on norm2(x) with norm_first
        long[] ffIn = a.normFirst() ? layerNorm(c, x) : x;
        long[] hidden = linear(c, ffIn, a.f());
        OracleRun act = ElementwiseOracle.activation(a.gelu() ? ElementwiseOracle.Kind.GELU
                : ElementwiseOracle.Kind.RELU, hidden, 0, 0);
        c.absorb(act.ops());
        long[] ff = linear(c, hidden, x[2]);
        residual(c, ff);
        x = ff;
        if (!a.normFirst()) {
            x = layerNorm(c, x);
        }
        return new Run(x, c);
    }

    private static long[] layerNorm(OpCounter c, long[] x) {
        NormOracle.Run run = NormOracle.layerNorm(new NormOracle.LayerNormArgs(new long[] {x[0], x[1]},
                new long[] {x[2]}, true, true));
        c.absorb(run.ops());
        return run.out();
    }

    private static long[] linear(OpCounter c, long[] x, long out) {
        LinearOracle.Run run = LinearOracle.run(Shape.of(x), out, true);
        c.absorb(run.ops());
        return run.output().dims().stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code x + block(x)}: one addition per element. */
    private static void residual(OpCounter c, long[] shape) {
        Tensor x = Tensor.random(20, shape);
        Tensor y = Tensor.random(21, shape);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = c.add(x.data[i], y.data[i]);
        }
    }
}
