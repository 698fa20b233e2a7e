package org.flopcheck.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.oracle.AttentionOracle;
import org.flopcheck.shape.Shape;

/**
 * A generated attention call: the layer, its three inputs (with which of them are the same tensor), the same
 * arguments in (batch, position, feature) terms for the oracle, and the regimes it exercises.
 */
public record AttentionCase(MultiheadAttention layer, Aliasing aliasing, boolean batched, AttentionOracle.Args args,
                            Set<String> regimes) {

    /** Which of query, key and value are the same tensor. */
    public enum Aliasing { DISTINCT, SELF_ATTENTION, KEY_IS_VALUE }

    public Inputs inputs() {
        return inputs(args.n(), args.l(), args.s(), aliasing);
    }

    /**
     * Inputs in this case's layout (batch_first or not, batched or not) with other sizes: batch {@code n} (ignored
     * when unbatched), query length {@code l}, key and value length {@code s}.
     */
    public Inputs inputs(long n, long l, long s, Aliasing how) {
        Inputs in = Inputs.of(shape(n, l, args.e()), shape(n, s, args.kdim()), shape(n, s, args.vdim()));
        return switch (how) {
            case DISTINCT -> in;
            case SELF_ATTENTION -> in.withSame(1, 0).withSame(2, 0);
            case KEY_IS_VALUE -> in.withSame(2, 1);
        };
    }

    private Shape shape(long n, long length, long features) {
        if (!batched) {
            return Shape.of(length, features);
        }
        return layer.batchFirst() ? Shape.of(n, length, features) : Shape.of(length, n, features);
    }

    /** The oracle's outputs in torch's layout: attn_output, then attn_weights when returned. */
    public List<Shape> expectedOutputs(AttentionOracle.Run run) {
        long[] o = run.outputShape();   // (N, L, E)
        List<Shape> outputs = new ArrayList<>();
        if (!batched) {
            outputs.add(Shape.of(o[1], o[2]));
        } else {
            outputs.add(layer.batchFirst() ? Shape.of(o[0], o[1], o[2]) : Shape.of(o[1], o[0], o[2]));
        }
        long[] w = run.weightsShape();
        if (w.length > 0) {
            long[] dims = batched ? w : java.util.Arrays.copyOfRange(w, 1, w.length);
            outputs.add(Shape.of(dims));
        }
        return outputs;
    }

    @Override
    public String toString() {
        return "MultiheadAttention(" + args.e() + ", " + args.h() + ") " + args + " on " + inputs() + " " + regimes;
    }
}
