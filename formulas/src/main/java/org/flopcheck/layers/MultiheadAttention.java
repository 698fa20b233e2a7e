package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * Multi-head scaled dot-product attention, mirroring {@code torch.nn.MultiheadAttention(embed_dim, num_heads,
 * dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False)} as
 * torch 1.13 computes it in {@code F.multi_head_attention_forward}: project query, key and value, split the
 * {@code E} features into {@code h} heads of {@code d = E/h}, let every query position of every head attend to
 * every key position with {@code softmax(q·kᵀ/√d)·v}, then project the concatenated heads back to {@code E}.
 *
 * <p><b>Shapes.</b> Three inputs: query {@code (L, N, E)}, key {@code (S, N, E_k)}, value {@code (S, N, E_v)};
 * with {@code batch_first} {@code (N, L, E)}, {@code (N, S, E_k)}, {@code (N, S, E_v)}; unbatched {@code (L, E)},
 * {@code (S, E_k)}, {@code (S, E_v)} (all three must agree, and torch ignores {@code batch_first} for them).
 * {@code E_k = kdim} and {@code E_v = vdim} default to {@code E}. Outputs: {@code attn_output} {@code (L, N, E)}
 * ({@code (N, L, E)} with {@code batch_first}, {@code (L, E)} unbatched) and, when {@code need_weights},
 * {@code attn_weights} {@code (N, L, S')} averaged over heads or {@code (N, h, L, S')} per head, always batch first
 * ({@code (L, S')}, {@code (h, L, S')} unbatched). {@code S' = S}, plus one row for {@code add_bias_kv} and one for
 * {@code add_zero_attn}.
 *
 * <p><b>Parameters</b> (torch's names and order). {@code in_proj_weight (3E, E)} when {@code E_k = E_v = E},
 * otherwise {@code q_proj_weight (E, E)}, {@code k_proj_weight (E, E_k)}, {@code v_proj_weight (E, E_v)};
 * {@code in_proj_bias (3E)} with bias; {@code bias_k (1, 1, E)} and {@code bias_v (1, 1, E)} with
 * {@code add_bias_kv}; {@code out_proj.weight (E, E)}, {@code out_proj.bias (E)} with bias. With
 * {@code E_k = E_v = E} that is {@code 4·E² + 4·E} with bias. {@code out_proj} is a submodule in torch's repr but
 * its forward is never called ({@code F.linear} reads its tensors), so its work is counted here, as this layer's.
 *
 * <p><b>Operations</b> ({@code N} is 1 for unbatched inputs).
 * <ul>
 *   <li>query projection: {@code L·N·E·E} multiplications (MACs), {@code L·N·E·(E − 1)} additions within dot
 *       products, {@code L·N·E} bias additions with bias;</li>
 *   <li>key projection: {@code S·N·E·E_k} (MACs), {@code S·N·E·(E_k − 1)}, {@code S·N·E} with bias;</li>
 *   <li>value projection: {@code S·N·E·E_v} (MACs), {@code S·N·E·(E_v − 1)}, {@code S·N·E} with bias;</li>
 *   <li>{@code add_bias_kv} and {@code add_zero_attn} only append rows to k and v: no arithmetic;</li>
 *   <li>query scaling: {@code N·L·E} divisions by {@code √d} (torch 1.13 writes {@code q / math.sqrt(d)}; the
 *       square root is a Python constant, not a tensor operation, and is not counted);</li>
 *   <li>scores {@code q·kᵀ}: {@code N·h·L·S'·d} multiplications (MACs), {@code N·h·L·S'·(d − 1)} additions;</li>
 *   <li>softmax over {@code S'} in each of {@code N·h·L} rows: {@code S' − 1} comparisons for the maximum,
 *       {@code S'} subtractions of it, {@code S'} exp evaluations, {@code S' − 1} additions for the sum, one
 *       reciprocal {@code 1/sum} and {@code S'} multiplications by it (torch's CPU softmax along the last dimension,
 *       as {@link Softmax} counts it);</li>
 *   <li>dropout: nothing in eval mode;</li>
 *   <li>weights·v: {@code N·h·L·d·S'} multiplications (MACs), {@code N·h·L·d·(S' − 1)} additions;</li>
 *   <li>output projection: {@code L·N·E·E} multiplications (MACs), {@code L·N·E·(E − 1)} additions,
 *       {@code L·N·E} bias additions with bias;</li>
 *   <li>with {@code need_weights} and {@code average_attn_weights}: the head average
 *       {@code attn_weights.sum(dim=1) / num_heads}, {@code N·L·S'·(h − 1)} additions and {@code N·L·S'}
 *       divisions.</li>
 * </ul>
 * MACs: {@code N·(2·L·E·E + S·E·(E_k + E_v) + 2·h·L·S'·d)}.
 *
 * <p>Identity of the inputs changes how torch packs the in-projection, not what it computes: {@code x, x, x}
 * (self-attention) is one {@code linear} with {@code 3E} outputs chunked into q, k, v; key and value the same
 * tensor project the query with the first {@code E} rows of {@code in_proj_weight} and key and value with the
 * other {@code 2E}; three distinct tensors use the three chunks separately. The counts are the same; the derivation
 * notes the path. Not modelled: {@code key_padding_mask} and {@code attn_mask} (out of scope). The counts follow
 * the Python path; whether torch 1.13 instead takes its native fast path ({@code torch._native_multi_head_attention},
 * batch-first self-attention without gradients, among other conditions) is answered by {@link #whyNotFastPath},
 * and how that path fails without bias by {@link #fastPathFailure()}: tools that run under {@code torch.no_grad()}
 * see the fast path.
 *
 * <p>{@code need_weights} (default true) and {@code average_attn_weights} (default true) are arguments of torch's
 * {@code forward()}, not of its constructor; here they are settings of the layer, with the same defaults.
 *
 * <p><b>Worked examples.</b> {@code MultiheadAttention(512, 8)} has {@code 3·512·512 + 3·512 + 512·512 + 512 =
 * 1,050,624} parameters. {@code MultiheadAttention(4, 2)} ({@code d = 2}) on query {@code (3, 1, 4)} and key and
 * value {@code (5, 1, 4)}: 80 parameters; 376 MACs ({@code 48 + 80 + 80} projections, {@code 60} scores,
 * {@code 60} weights·v, {@code 48} output projection); 30 more multiplications by the softmax reciprocals; 403
 * additions, 33 divisions, 24 comparisons, 30 exp evaluations; 896 exact operations.
 */
public final class MultiheadAttention implements Layer {
    public static final Sym N = new Sym("N", "batch size");
    public static final Sym L = new Sym("L", "target (query) sequence length");
    public static final Sym S = new Sym("S", "source (key and value) sequence length");
    public static final Sym E = new Sym("E", "embed_dim: query and output features");
    public static final Sym E_K = new Sym("E_k", "kdim: key features");
    public static final Sym E_V = new Sym("E_v", "vdim: value features");
    public static final Sym H = new Sym("h", "num_heads");
    public static final Sym D = new Sym("d", "head_dim: features per head");
    public static final Sym S_KV = new Sym("S'", "key and value rows attended to: S plus the appended rows");

    private static final String TYPE = "MultiheadAttention";

    /**
     * torch 1.13's reason for leaving a fast path when gradients are enabled (MultiheadAttention's and
     * TransformerEncoderLayer's share the wording): the parameters always require grad.
     */
    public static final String GRAD_REQUIRED = "grad is enabled and at least one of query or the input/output"
            + " projection weights or biases requires_grad";

    private final long embedDim;
    private final long numHeads;
    private final double dropout;
    private final boolean bias;
    private final boolean addBiasKv;
    private final boolean addZeroAttn;
    private final long kdim;
    private final long vdim;
    private final boolean batchFirst;
    private final boolean needWeights;
    private final boolean averageAttnWeights;

    private MultiheadAttention(long embedDim, long numHeads, double dropout, boolean bias, boolean addBiasKv,
                               boolean addZeroAttn, long kdim, long vdim, boolean batchFirst, boolean needWeights,
                               boolean averageAttnWeights) {
        this.embedDim = Args.positive(TYPE, "embed_dim", embedDim);
        this.numHeads = Args.positive(TYPE, "num_heads", numHeads);
        if (embedDim % numHeads != 0) {
            throw new InvalidArgumentException("embed_dim", TYPE + ": embed_dim must be divisible by num_heads, got"
                    + " embed_dim (" + embedDim + ") and num_heads (" + numHeads + ")");
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new InvalidArgumentException("dropout", TYPE + ": dropout (" + dropout
                    + ") must be a probability between 0 and 1");
        }
        this.dropout = dropout;
        this.bias = bias;
        this.addBiasKv = addBiasKv;
        this.addZeroAttn = addZeroAttn;
        this.kdim = Args.positive(TYPE, "kdim", kdim);
        this.vdim = Args.positive(TYPE, "vdim", vdim);
        this.batchFirst = batchFirst;
        this.needWeights = needWeights;
        this.averageAttnWeights = averageAttnWeights;
    }

    /** {@code MultiheadAttention(embed_dim, num_heads)} with torch's defaults for the rest. */
    public static MultiheadAttention of(long embedDim, long numHeads) {
        return new MultiheadAttention(embedDim, numHeads, 0.0, true, false, false, embedDim, embedDim, false, true,
                true);
    }

    /** Dropout probability on the attention weights, in [0, 1]; torch's default is 0.0. Nothing in eval mode. */
    public MultiheadAttention dropout(double dropout) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    /** Whether the in- and output projections add biases; torch's default is true. */
    public MultiheadAttention bias(boolean bias) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    /** Whether learnable rows {@code bias_k}, {@code bias_v} are appended to key and value; torch's default is false. */
    public MultiheadAttention addBiasKv(boolean addBiasKv) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    /** Whether a row of zeros is appended to every head's key and value; torch's default is false. */
    public MultiheadAttention addZeroAttn(boolean addZeroAttn) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    /** Key features; torch's default ({@code None}) is {@code embed_dim}. */
    public MultiheadAttention kdim(long kdim) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    /** Value features; torch's default ({@code None}) is {@code embed_dim}. */
    public MultiheadAttention vdim(long vdim) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    /** Whether batched inputs and the output are {@code (N, L, E)} rather than {@code (L, N, E)}; torch's default is false. */
    public MultiheadAttention batchFirst(boolean batchFirst) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    /**
     * Whether the attention weights are returned (and, with {@code average_attn_weights}, averaged over heads); an
     * argument of torch's {@code forward()}, whose default is true.
     */
    public MultiheadAttention needWeights(boolean needWeights) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    /**
     * Whether returned weights are averaged over heads rather than returned per head; an argument of torch's
     * {@code forward()}, whose default is true. Without {@code need_weights} it changes nothing.
     */
    public MultiheadAttention averageAttnWeights(boolean averageAttnWeights) {
        return new MultiheadAttention(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim,
                batchFirst, needWeights, averageAttnWeights);
    }

    public long embedDim() {
        return embedDim;
    }

    public long numHeads() {
        return numHeads;
    }

    /** {@code embed_dim / num_heads}, torch's {@code head_dim}. */
    public long headDim() {
        return embedDim / numHeads;
    }

    public double dropout() {
        return dropout;
    }

    public boolean bias() {
        return bias;
    }

    public boolean addBiasKv() {
        return addBiasKv;
    }

    public boolean addZeroAttn() {
        return addZeroAttn;
    }

    /** Key features, {@code embed_dim} unless given, as torch's {@code self.kdim}. */
    public long kdim() {
        return kdim;
    }

    /** Value features, {@code embed_dim} unless given, as torch's {@code self.vdim}. */
    public long vdim() {
        return vdim;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public boolean needWeights() {
        return needWeights;
    }

    public boolean averageAttnWeights() {
        return averageAttnWeights;
    }

    /** True when query, key and value share one packed {@code in_proj_weight}: {@code kdim = vdim = embed_dim}. */
    public boolean qkvSameEmbedDim() {
        return kdim == embedDim && vdim == embedDim;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The layout of one input in torch's order, for messages: {@code (S, N, E_k=4)}. */
    private String layout(boolean batched, String length, String features) {
        if (!batched) {
            return "(" + length + ", " + features + ")";
        }
        return batchFirst ? "(N, " + length + ", " + features + ")" : "(" + length + ", N, " + features + ")";
    }

    private String layouts(String name, String length, String features) {
        return name + " " + layout(true, length, features) + " or unbatched " + layout(false, length, features);
    }

    /**
     * Why torch 1.13's {@code MultiheadAttention.forward} would not take its native fast path
     * ({@code torch._native_multi_head_attention}) for a call on these inputs in eval mode, in torch's own words
     * ({@code "batch_first was not True"}, {@code "num_heads is odd"}, ...); empty when it would take it. torch
     * checks, in this order: a batched (3-D) query; query, key and value the same tensor (self-attention);
     * {@code batch_first}; no {@code bias_k}/{@code bias_v}; dropout 0; no {@code add_zero_attn}; one packed
     * in-projection ({@code kdim = vdim = embed_dim}); an even number of heads; then gradients: with gradients
     * enabled the parameters require grad, so the fast path needs {@code torch.no_grad()} (under which torchinfo and
     * thop run their forward pass, while ptflops does not). Checks on things flopcheck does not model are passed as
     * torch passes them for a plain float32 CPU call: eval mode, no masks, no nested tensors, no autocast.
     *
     * <p>On the fast path torch calls no Python-level submodule, and {@code need_weights} is passed on unchanged.
     * Without bias the fast path is still chosen and then fails: see {@link #fastPathFailure()}.
     *
     * @param gradEnabled whether gradients are enabled during the call ({@code torch.is_grad_enabled()})
     * @throws InvalidShapeException when torch would reject the inputs
     */
    public Optional<String> whyNotFastPath(Inputs inputs, boolean gradEnabled) {
        boolean batched = checkInputs(inputs);
        if (!batched) {
            return Optional.of("input not batched; expected query.dim() of 3 but got "
                    + inputs.get(0).rank());
        }
        if (!(inputs.same(0, 1) && inputs.same(1, 2))) {
            return Optional.of("non-self attention was used (query, key, and value are not the same Tensor)");
        }
        if (!batchFirst) {
            return Optional.of("batch_first was not True");
        }
        if (addBiasKv) {
            return Optional.of("self.bias_k was not None");
        }
        if (dropout != 0) {
            return Optional.of("dropout was " + PyRepr.floatRepr(dropout) + ", required zero");
        }
        if (addZeroAttn) {
            return Optional.of("add_zero_attn was enabled");
        }
        if (!qkvSameEmbedDim()) {
            return Optional.of("_qkv_same_embed_dim was not True");
        }
        if (numHeads % 2 == 1) {
            return Optional.of("num_heads is odd");
        }
        if (gradEnabled) {
            return Optional.of(GRAD_REQUIRED);
        }
        return Optional.empty();
    }

    /**
     * What goes wrong when torch takes the fast path ({@link #whyNotFastPath} empty): without bias,
     * {@code in_proj_bias} is None and torch 1.13 passes it on, so {@code torch._native_multi_head_attention}
     * raises {@code TypeError: _native_multi_head_attention(): argument 'qkv_bias' (position 7) must be Tensor, not
     * NoneType}; the forward pass fails. Empty with bias, where the fast path runs.
     */
    public Optional<String> fastPathFailure() {
        return bias ? Optional.empty() : Optional.of("TypeError: _native_multi_head_attention():"
                + " argument 'qkv_bias' (position 7) must be Tensor, not NoneType");
    }

    /** Checks the three inputs as torch does; returns whether they are batched. */
    private boolean checkInputs(Inputs inputs) {
        if (inputs.size() != 3) {
            throw new InvalidShapeException("input", TYPE + " takes 3 inputs (query, key, value), got "
                    + inputs.size() + " " + inputs);
        }
        Shape query = inputs.get(0);
        Shape key = inputs.get(1);
        Shape value = inputs.get(2);
        String queryLayout = layouts("query", "L", "E=" + embedDim);
        if (query.rank() != 2 && query.rank() != 3) {
            throw new InvalidShapeException("query", TYPE + " expects " + queryLayout + ", got " + query
                    + ": query should be unbatched 2-D or batched 3-D");
        }
        boolean batched = query.rank() == 3;
        if (key.rank() != query.rank() || value.rank() != query.rank()) {
            throw new InvalidShapeException(key.rank() != query.rank() ? "key" : "value", TYPE + ": for "
                    + (batched ? "batched (3-D)" : "unbatched (2-D)") + " query " + query + ", key and value must be "
                    + query.rank() + "-D too, got key " + key + " and value " + value);
        }
        if (query.dim(-1) != embedDim) {
            throw new InvalidShapeException("query", TYPE + " expects " + queryLayout + ", got " + query + ": "
                    + query.dim(-1) + " features, not embed_dim " + embedDim);
        }
        int seq = batched && batchFirst ? 1 : 0;
        int batch = batched ? (batchFirst ? 0 : 1) : -1;
        if (key.dim(seq) != value.dim(seq)) {
            throw new InvalidShapeException("value", TYPE + ": key and value must have the same length S, got key "
                    + key + " (S=" + key.dim(seq) + ") and value " + value + " (S=" + value.dim(seq) + ")");
        }
        if (batched && (key.dim(batch) != query.dim(batch) || value.dim(batch) != query.dim(batch))) {
            throw new InvalidShapeException(key.dim(batch) != query.dim(batch) ? "key" : "value", TYPE
                    + ": query, key and value must have the same batch size, got query " + query + " (N="
                    + query.dim(batch) + "), key " + key + " (N=" + key.dim(batch) + ") and value " + value + " (N="
                    + value.dim(batch) + ")");
        }
        if (key.dim(-1) != kdim) {
            throw new InvalidShapeException("key", TYPE + " expects " + layouts("key", "S", "E_k=" + kdim) + ", got "
                    + key + ": " + key.dim(-1) + " features, not kdim " + kdim);
        }
        if (value.dim(-1) != vdim) {
            throw new InvalidShapeException("value", TYPE + " expects " + layouts("value", "S", "E_v=" + vdim)
                    + ", got " + value + ": " + value.dim(-1) + " features, not vdim " + vdim);
        }
        return batched;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        boolean batched = checkInputs(inputs);
        Shape query = inputs.get(0);
        Shape key = inputs.get(1);
        int seq = batched && batchFirst ? 1 : 0;
        int batch = batched ? (batchFirst ? 0 : 1) : -1;

        Worksheet w = new Worksheet(TYPE);
        long n = batched ? query.dim(batch) : 1;
        w.given(batched ? N : Forward.UNBATCHED_N, n);
        w.given(L, query.dim(seq));
        w.given(S, key.dim(seq));
        w.given(E, embedDim);
        w.given(H, numHeads);
        w.given(E_K, kdim);
        w.given(E_V, vdim);
        if (batched && batchFirst) {
            w.note(Stage.SHAPE, "batch_first: torch transposes the inputs to (L, N, E) and the output back, keeping"
                    + " which of them are the same tensor");
        }
        if (!batched) {
            w.note(Stage.SHAPE, "unbatched inputs are computed as a batch of one (N = 1) and squeezed back");
        }
        w.define(Stage.SHAPE, "head dimension", D, div(E, H));
        List<Expr> appended = new ArrayList<>(List.of(S));
        if (addBiasKv) {
            appended.add(num(1));
            w.note(Stage.SHAPE, "add_bias_kv appends the rows bias_k and bias_v to k and v (one row each, no"
                    + " arithmetic)");
        }
        if (addZeroAttn) {
            appended.add(num(1));
            w.note(Stage.SHAPE, "add_zero_attn appends a row of zeros to every head's k and v (no arithmetic)");
        }
        w.define(Stage.SHAPE, "key and value rows attended to", S_KV, add(appended));

        // parameters, in torch's registration order
        if (qkvSameEmbedDim()) {
            w.parameter("in_proj_weight", mul(num(3), E), E);
        } else {
            w.parameter("q_proj_weight", E, E);
            w.parameter("k_proj_weight", E, E_K);
            w.parameter("v_proj_weight", E, E_V);
        }
        if (bias) {
            w.parameter("in_proj_bias", mul(num(3), E));
        }
        if (addBiasKv) {
            w.parameter("bias_k", num(1), num(1), E);
            w.parameter("bias_v", num(1), num(1), E);
        }
        w.idleSubmodule("out_proj", "NonDynamicallyQuantizableLinear");
        w.parameter("out_proj.weight", E, E);
        if (bias) {
            w.parameter("out_proj.bias", E);
        }

        w.note(Stage.PER_OUTPUT, () -> projectionPath(inputs));
        w.show(Stage.PER_OUTPUT, "products per query-key score", D);
        w.show(Stage.PER_OUTPUT, "products per weighted value feature", S_KV);
        w.show(Stage.PER_OUTPUT, "softmax rows", mul(N, H, L));

        projection(w, "query", L, E);
        projection(w, "key", S, E_K);
        projection(w, "value", S, E_V);
        w.term("query scaling divisions", Op.DIVISION, mul(N, L, E),
                "torch 1.13 divides q by √d; √d is a Python constant, not counted");
        w.macTerm("query-key multiplications", mul(N, H, L, S_KV, D),
                "each of the N·h·L·S' scores is a dot product of d products");
        w.term("additions within query-key dot products", Op.ADDITION, mul(N, H, L, S_KV, sub(D, num(1))),
                "d products are summed with d − 1 additions");
        Softmax.rowTerms(w, "softmax: ", mul(N, H, L), S_KV, true);
        if (dropout > 0) {
            w.note(Stage.TOTALS, "dropout on the attention weights does nothing in eval mode");
        }
        w.macTerm("weight-value multiplications", mul(N, H, L, D, S_KV),
                "each of the N·h·L·d attended features is a dot product of S' weight-value products");
        w.term("additions within weight-value dot products", Op.ADDITION, mul(N, H, L, D, sub(S_KV, num(1))),
                "S' products are summed with S' − 1 additions");
        w.macTerm("output projection multiplications", mul(L, N, E, E),
                "each of the L·N·E outputs is a dot product of E products with out_proj.weight");
        w.term("additions within output projection dot products", Op.ADDITION, mul(L, N, E, sub(E, num(1))),
                "E products are summed with E − 1 additions");
        if (bias) {
            w.term("output projection bias additions", Op.ADDITION, mul(L, N, E), "one out_proj.bias addition per"
                    + " output");
        }
        List<Shape> outputs = new ArrayList<>();
        outputs.add(batched ? (batchFirst ? Shape.of(n, query.dim(seq), embedDim)
                : Shape.of(query.dim(seq), n, embedDim)) : Shape.of(query.dim(seq), embedDim));
        long rows = w.value(S_KV);
        if (needWeights && averageAttnWeights) {
            w.term("head-average additions", Op.ADDITION, mul(N, L, S_KV, sub(H, num(1))),
                    "attn_weights.sum(dim=1) adds the h heads' weights with h − 1 additions");
            w.term("head-average divisions", Op.DIVISION, mul(N, L, S_KV),
                    "the sum over heads is divided by num_heads");
            outputs.add(batched ? Shape.of(n, query.dim(seq), rows) : Shape.of(query.dim(seq), rows));
        } else if (needWeights) {
            w.note(Stage.TOTALS, "average_attn_weights=False: the weights are returned per head, no arithmetic");
            outputs.add(batched ? Shape.of(n, numHeads, query.dim(seq), rows)
                    : Shape.of(numHeads, query.dim(seq), rows));
        } else {
            w.note(Stage.TOTALS, "need_weights=False: torch 1.13 still computes the weights but returns None and"
                    + " does not average them");
        }
        w.show(Stage.SUMMARY, "multiply-accumulates in closed form", mul(N, add(mul(num(2), L, E, E),
                mul(S, E, add(E_K, E_V)), mul(num(2), H, L, S_KV, D))));
        return Analysis.leaf(this, inputs, outputs, w);
    }

    /** The in-projection of one input: its dot products and bias additions. */
    private void projection(Worksheet w, String name, Sym length, Sym features) {
        w.macTerm(name + " projection multiplications", mul(length, N, E, features),
                "each of the " + length.name() + "·N·E projected " + name + " features is a dot product of "
                        + features.name() + " products");
        w.term("additions within " + name + " projection dot products", Op.ADDITION,
                mul(length, N, E, sub(features, num(1))),
                features.name() + " products are summed with " + features.name() + " − 1 additions");
        if (bias) {
            w.term(name + " projection bias additions", Op.ADDITION, mul(length, N, E),
                    "one in_proj_bias addition per projected feature");
        }
    }

    /** Which way torch 1.13 packs the in-projection for these inputs. */
    private String projectionPath(Inputs inputs) {
        if (!qkvSameEmbedDim()) {
            return "kdim or vdim differs from embed_dim: torch projects query, key and value separately with"
                    + " q_proj_weight, k_proj_weight and v_proj_weight (use_separate_proj_weight)";
        }
        if (inputs.same(0, 1) && inputs.same(1, 2)) {
            return "self-attention (query, key and value are the same tensor): torch projects it once with"
                    + " in_proj_weight (3E outputs) and chunks the result into q, k, v; the counts equal three"
                    + " separate projections";
        }
        if (inputs.same(1, 2)) {
            return "key and value are the same tensor: torch projects the query with the first E rows of"
                    + " in_proj_weight and key and value together with the other 2E rows; the counts equal three"
                    + " separate projections";
        }
        return "query, key and value are distinct tensors: torch projects each with its E-row chunk of"
                + " in_proj_weight";
    }

    /**
     * torch's repr, which shows only the {@code out_proj} submodule:
     * {@code MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=512, out_features=512,
     * bias=True)\n)}.
     */
    @Override
    public String toString() {
        return "MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=" + embedDim
                + ", out_features=" + embedDim + ", bias=" + Args.py(bias) + ")\n)";
    }
}
