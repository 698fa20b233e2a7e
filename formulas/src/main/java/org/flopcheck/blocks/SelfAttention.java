package org.flopcheck.blocks;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.PyRepr;
import org.flopcheck.layers.Softmax;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * Multi-head self-attention as Hugging Face's eager attention computes it in the language models of the
 * catalogue, modelled on {@code LlamaAttention} of transformers 4.38 ({@code attn_implementation="eager"}): project
 * the input to queries ({@code h} heads) and keys and values ({@code h_kv} heads each, grouped-query attention when
 * {@code h_kv < h}), rotate queries and keys by their positions (rotary embedding, optional), let every query
 * attend to every key with {@code softmax(q·kᵀ/√d + mask)·v}, and project the concatenated heads back to
 * {@code E}. The same computation, with other options, is BERT's {@code BertSelfAttention} plus its output
 * {@code dense} and GPT-2's {@code GPT2Attention}; their module trees differ (see below), their counts do not.
 *
 * <p><b>Arguments.</b> {@code embed_dim} {@code E} and {@code num_heads} {@code h} ({@code E} divisible by
 * {@code h}; {@code d = E/h} per head); {@code num_kv_heads} {@code h_kv} (default {@code h}; must divide
 * {@code h}); {@code bias} on all four projections (default true); {@code causal} (default false); {@code mask},
 * how a mask is applied to the scores: {@code 'add'} (the default when causal: an additive mask of 0 and the
 * dtype's minimum, as Llama's and BERT's eager attention add it), {@code 'where'} (GPT-2's
 * {@code torch.where(causal_mask, scores, min)}, causal only) or {@code 'none'} (the default when not causal);
 * a non-causal {@code 'add'} is BERT's extended padding mask, added even when every token is real; {@code rotary}
 * (default false, needs an even {@code d}); {@code dropout} on the attention weights (default 0.0; nothing in eval
 * mode).
 *
 * <p><b>Shapes.</b> Input {@code (N, L, E)} (batch first, as Hugging Face's models) or unbatched {@code (L, E)};
 * output the same shape. Keys are the same {@code L} positions (no cache).
 *
 * <p><b>Rows</b> (torch's call order): {@code q_proj} {@code Linear(E, h·d)}, {@code k_proj} and {@code v_proj}
 * {@code Linear(E, h_kv·d)}, {@code rotary_emb} ({@link RotaryEmbedding}, with rotary), {@code o_proj}
 * {@code Linear(h·d, E)}. Parameters, theirs: {@code q_proj.weight (h·d, E)}, {@code k_proj.weight} and
 * {@code v_proj.weight (h_kv·d, E)}, {@code o_proj.weight (E, h·d)}: {@code E·(2·h·d + 2·h_kv·d)}; with bias also
 * {@code q_proj.bias (h·d)}, {@code k_proj.bias} and {@code v_proj.bias (h_kv·d)}, {@code o_proj.bias (E)}:
 * {@code h·d + 2·h_kv·d + E} more. BERT names these rows {@code self.query}, {@code self.key}, {@code self.value} and
 * {@code output.dense}; GPT-2 packs q, k and v into one {@code c_attn} (a {@code Conv1D} of {@code 3E} outputs) and
 * calls the output {@code c_proj}: the same products and sums, other module boundaries.
 *
 * <p><b>Operations</b> (the block's own; {@code N} is 1 unbatched), in the order torch performs them:
 * <ul>
 *   <li>with rotary, {@code q·cos + rotate_half(q)·sin} and the same for {@code k}: query rotary multiplications
 *       {@code 2·N·h·L·d} and additions {@code N·h·L·d}; key rotary multiplications {@code 2·N·h_kv·L·d} and
 *       additions {@code N·h_kv·L·d}. {@code rotate_half} negates half the features: a sign flip, not counted
 *       (as {@code SiLU}'s {@code −x}); the cos and sin tables are computed from positions and not counted
 *       ({@link RotaryEmbedding});</li>
 *   <li>{@code repeat_kv} copies each key and value head to {@code h/h_kv} query heads: no arithmetic;</li>
 *   <li>query-key multiplications {@code N·h·L·L·d} (MACs) and additions within them {@code N·h·L·L·(d − 1)};</li>
 *   <li>score scaling divisions {@code N·h·L·L}: transformers 4.38 divides the scores by {@code math.sqrt(d)}, a
 *       Python constant (newer versions multiply by {@code 1/√d}: the same number of operations, as
 *       multiplications);</li>
 *   <li>mask: {@code 'add'}, mask additions {@code N·h·L·L}; {@code 'where'}, mask selections {@code N·h·L·L},
 *       counted as comparisons (selections); building the mask itself, once per model forward, is not counted;</li>
 *   <li>softmax over the {@code L} keys in each of {@code N·h·L} rows, as {@code Softmax} counts the last
 *       dimension: {@code L − 1} comparisons, {@code L} subtractions, {@code L} exp evaluations, {@code L − 1}
 *       additions, one reciprocal {@code 1/sum} and {@code L} multiplications by it. The masked scores still go
 *       through exp (they become 0): eager attention is dense;</li>
 *   <li>dropout: nothing in eval mode;</li>
 *   <li>weight-value multiplications {@code N·h·L·d·L} (MACs) and additions {@code N·h·L·d·(L − 1)}.</li>
 * </ul>
 * MACs with the projections: {@code N·L·(2·E·h·d + 2·E·h_kv·d + 2·h·L·d)}.
 *
 * <p><b>Worked example.</b> {@code SelfAttention(embed_dim=8, num_heads=2, num_kv_heads=1, bias=False,
 * causal=True, rotary=True)} on {@code (1, 3, 8)} ({@code d = 4}): 192 parameters; 720 MACs (projections 192 + 96 +
 * 96 + 192, scores 72, weights·v 72); 72 rotary multiplications and 36 rotary additions; 18 scaling divisions, 18
 * mask additions; 1,554 exact operations.
 */
public final class SelfAttention implements org.flopcheck.layers.Layer {
    public static final Sym N = new Sym("N", "batch size (1 unbatched)");
    public static final Sym L = new Sym("L", "sequence length: query and key positions");
    public static final Sym E = new Sym("E", "embed_dim: features of the input and output");
    public static final Sym H = new Sym("h", "num_heads: query heads");
    public static final Sym H_KV = new Sym("h_kv", "num_kv_heads: key and value heads");
    public static final Sym D = new Sym("d", "head_dim: features per head");

    private static final String TYPE = "SelfAttention";

    // the formulas, over the symbols above: they depend on nothing else, so they are written once
    private static final Expr HEAD_DIM = div(E, H);
    private static final Expr QUERY_ROTARY_MULTIPLICATIONS = mul(num(2), N, H, L, D);
    private static final Expr QUERY_ROTARY_ADDITIONS = mul(N, H, L, D);
    private static final Expr KEY_ROTARY_MULTIPLICATIONS = mul(num(2), N, H_KV, L, D);
    private static final Expr KEY_ROTARY_ADDITIONS = mul(N, H_KV, L, D);
    private static final Expr QUERY_KEY_MULTIPLICATIONS = mul(N, H, L, L, D);
    private static final Expr QUERY_KEY_ADDITIONS = mul(N, H, L, L, sub(D, num(1)));
    private static final Expr SCORES = mul(N, H, L, L);
    private static final Softmax.RowTerms SOFTMAX = new Softmax.RowTerms("softmax: ", mul(N, H, L), L, true);
    private static final Expr WEIGHT_VALUE_MULTIPLICATIONS = mul(N, H, L, D, L);
    private static final Expr WEIGHT_VALUE_ADDITIONS = mul(N, H, L, D, sub(L, num(1)));
    private static final Expr MACS = mul(N, L, add(mul(num(2), E, H, D), mul(num(2), E, H_KV, D),
            mul(num(2), H, L, D)));

    private final long embedDim;
    private final long numHeads;
    private final long numKvHeads;
    private final boolean bias;
    private final boolean causal;
    private final String mask;   // null: the default for causal
    private final boolean rotary;
    private final double dropout;
    // the submodules, built once from the arguments above
    private final Linear qProj;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear oProj;
    private final RotaryEmbedding rotaryEmb;   // null without rotary

    private SelfAttention(long embedDim, long numHeads, long numKvHeads, boolean bias, boolean causal, String mask,
                          boolean rotary, double dropout) {
        this.embedDim = Checks.positive(TYPE, "embed_dim", embedDim);
        this.numHeads = Checks.positive(TYPE, "num_heads", numHeads);
        this.numKvHeads = Checks.positive(TYPE, "num_kv_heads", numKvHeads);
        if (embedDim % numHeads != 0) {
            throw new InvalidArgumentException("num_heads", TYPE + ": embed_dim (" + embedDim + ") must be divisible"
                    + " by num_heads (" + numHeads + ")");
        }
        if (numHeads % numKvHeads != 0) {
            throw new InvalidArgumentException("num_kv_heads", TYPE + ": num_heads (" + numHeads + ") must be"
                    + " divisible by num_kv_heads (" + numKvHeads + "): repeat_kv gives each key and value head"
                    + " num_heads/num_kv_heads query heads");
        }
        this.bias = bias;
        this.causal = causal;
        if (mask != null && !List.of("add", "where", "none").contains(mask)) {
            throw new InvalidArgumentException("mask", TYPE + ": mask '" + mask + "' is not one of 'add', 'where',"
                    + " 'none'");
        }
        if ("where".equals(mask) && !causal) {
            throw new InvalidArgumentException("mask", TYPE + ": mask 'where' selects scores by the causal mask and"
                    + " needs causal=True");
        }
        if ("none".equals(mask) && causal) {
            throw new InvalidArgumentException("mask", TYPE + ": causal attention needs a mask: 'add' (Llama's and"
                    + " BERT's eager attention) or 'where' (GPT-2's), not 'none'");
        }
        this.mask = mask;
        this.rotary = rotary;
        if (rotary && (embedDim / numHeads) % 2 != 0) {
            throw new InvalidArgumentException("rotary", TYPE + ": rotary needs an even head_dim, got embed_dim ("
                    + embedDim + ") / num_heads (" + numHeads + ") = " + embedDim / numHeads
                    + ": rotate_half splits each head's features into two halves");
        }
        this.dropout = Checks.probability(TYPE, "dropout", dropout);
        this.qProj = Linear.of(embedDim, numHeads * headDim()).bias(bias);
        this.kProj = kvProj();
        this.vProj = kvProj();
        this.oProj = Linear.of(numHeads * headDim(), embedDim).bias(bias);
        this.rotaryEmb = rotary ? RotaryEmbedding.of(headDim()) : null;
    }

    /** {@code SelfAttention(embed_dim, num_heads)}: as many key and value heads, biases, no mask, no rotary. */
    public static SelfAttention of(long embedDim, long numHeads) {
        return new SelfAttention(embedDim, numHeads, numHeads, true, false, null, false, 0.0);
    }

    /** Key and value heads; default {@code num_heads}. Fewer is grouped-query attention; it must divide num_heads. */
    public SelfAttention numKvHeads(long numKvHeads) {
        return new SelfAttention(embedDim, numHeads, numKvHeads, bias, causal, mask, rotary, dropout);
    }

    /** Whether the four projections add biases; default true (Llama: false). */
    public SelfAttention bias(boolean bias) {
        return new SelfAttention(embedDim, numHeads, numKvHeads, bias, causal, mask, rotary, dropout);
    }

    /** Whether each position attends only to itself and earlier positions; default false. */
    public SelfAttention causal(boolean causal) {
        return new SelfAttention(embedDim, numHeads, numKvHeads, bias, causal, mask, rotary, dropout);
    }

    /**
     * How a mask is applied to the scores: {@code 'add'}, {@code 'where'} (causal only) or {@code 'none'} (not
     * causal); default {@code 'add'} when causal, {@code 'none'} otherwise. Set {@link #causal} first.
     */
    public SelfAttention mask(String mask) {
        return new SelfAttention(embedDim, numHeads, numKvHeads, bias, causal, mask, rotary, dropout);
    }

    /** Whether queries and keys are rotated by their positions (RoPE); default false. */
    public SelfAttention rotary(boolean rotary) {
        return new SelfAttention(embedDim, numHeads, numKvHeads, bias, causal, mask, rotary, dropout);
    }

    /** Dropout probability on the attention weights, in [0, 1]; default 0.0. Nothing in eval mode. */
    public SelfAttention dropout(double dropout) {
        return new SelfAttention(embedDim, numHeads, numKvHeads, bias, causal, mask, rotary, dropout);
    }

    public long embedDim() {
        return embedDim;
    }

    public long numHeads() {
        return numHeads;
    }

    public long numKvHeads() {
        return numKvHeads;
    }

    /** {@code embed_dim / num_heads}. */
    public long headDim() {
        return embedDim / numHeads;
    }

    public boolean bias() {
        return bias;
    }

    public boolean causal() {
        return causal;
    }

    /** The mask in effect: as given, else {@code 'add'} when causal and {@code 'none'} otherwise. */
    public String mask() {
        return mask != null ? mask : causal ? "add" : "none";
    }

    public boolean rotary() {
        return rotary;
    }

    public double dropout() {
        return dropout;
    }

    @Override
    public String type() {
        return TYPE;
    }

    private Linear kvProj() {
        return Linear.of(embedDim, numKvHeads * headDim()).bias(bias);
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Checks.single(TYPE, inputs);
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != embedDim) {
            throw new InvalidShapeException("input", TYPE + " expects input (N, L, E=" + embedDim + ") or unbatched"
                    + " (L, E=" + embedDim + "), got " + x);
        }
        boolean batched = x.rank() == 3;
        long n = batched ? x.dim(0) : 1;
        long l = x.dim(-2);
        long d = headDim();

        List<Analysis> rows = new ArrayList<>();
        Inputs in = Inputs.of(x);
        rows.add(Checks.row("q_proj", qProj, in));
        rows.add(Checks.row("k_proj", kProj, in));
        rows.add(Checks.row("v_proj", vProj, in));
        if (rotary) {
            Shape valueStates = batched ? Shape.of(n, numKvHeads, l, d) : Shape.of(numKvHeads, l, d);
            rows.add(Checks.row("rotary_emb", rotaryEmb, Inputs.of(valueStates, Shape.of(1, l))));
        }
        Shape context = batched ? Shape.of(n, l, numHeads * d) : Shape.of(l, numHeads * d);
        Analysis out = Checks.row("o_proj", oProj, Inputs.of(context));

        Worksheet w = new Worksheet(TYPE);
        w.given(N, n);
        w.given(L, l);
        w.given(E, embedDim);
        w.given(H, numHeads);
        w.given(H_KV, numKvHeads);
        w.define(Stage.SHAPE, "features per head", D, HEAD_DIM);
        w.note(Stage.SHAPE, () -> (batched ? "" : "unbatched: N = 1; ") + "q_proj gives h = " + numHeads
                + " query heads, k_proj and v_proj h_kv = " + numKvHeads + " key and value heads of d = " + d
                + " features over L = " + l + " positions; o_proj maps the h·d = " + numHeads * d + " attended features"
                + " back to E: output " + x);
        if (rotary) {
            w.term("query rotary multiplications", Op.MULTIPLICATION, QUERY_ROTARY_MULTIPLICATIONS,
                    "q·cos and rotate_half(q)·sin for every query feature; the sign flip in rotate_half is not"
                            + " counted");
            w.term("query rotary additions", Op.ADDITION, QUERY_ROTARY_ADDITIONS, "q·cos + rotate_half(q)·sin");
            w.term("key rotary multiplications", Op.MULTIPLICATION, KEY_ROTARY_MULTIPLICATIONS,
                    "k·cos and rotate_half(k)·sin for every key feature, before repeat_kv");
            w.term("key rotary additions", Op.ADDITION, KEY_ROTARY_ADDITIONS, "k·cos + rotate_half(k)·sin");
        }
        if (numKvHeads < numHeads) {
            w.note(Stage.PER_OUTPUT, () -> "grouped-query attention: repeat_kv copies each of the h_kv = " + numKvHeads
                    + " key and value heads to h/h_kv = " + numHeads / numKvHeads + " query heads: no arithmetic");
        }
        w.macTerm("query-key multiplications", QUERY_KEY_MULTIPLICATIONS,
                "each of the N·h·L·L scores is a dot product of d products");
        w.term("additions within query-key dot products", Op.ADDITION, QUERY_KEY_ADDITIONS,
                "d products are summed with d − 1 additions");
        w.term("score scaling divisions", Op.DIVISION, SCORES,
                "every score divided by math.sqrt(d), a Python constant (transformers 4.38)");
        switch (mask()) {
            case "add" -> w.term(causal ? "causal mask additions" : "attention mask additions", Op.ADDITION,
                    SCORES, causal ? "the causal mask (0 or the dtype's minimum) is added to every score"
                            : "the extended attention mask (0 for every real token) is added to every score");
            case "where" -> w.term("causal mask selections", Op.COMPARISON, SCORES,
                    "torch.where(causal_mask, scores, min) selects every score: counted as a comparison");
            default -> w.note(Stage.TOTALS, "no mask: the scores go to the softmax as they are");
        }
        SOFTMAX.write(w);   // masked scores included
        if (dropout > 0) {
            w.note(Stage.TOTALS, "dropout on the attention weights does nothing in eval mode");
        }
        w.macTerm("weight-value multiplications", WEIGHT_VALUE_MULTIPLICATIONS,
                "each of the N·h·L·d attended features is a dot product of L weight-value products");
        w.term("additions within weight-value dot products", Op.ADDITION, WEIGHT_VALUE_ADDITIONS,
                "L products are summed with L − 1 additions");
        w.show(Stage.SUMMARY, "multiply-accumulates, projections included", MACS);
        rows.add(out);
        return Analysis.composite(this, inputs, out.output(), w, rows);
    }

    /**
     * {@code SelfAttention(\n  embed_dim=8, num_heads=2, num_kv_heads=1, causal=True, mask='add', rotary=True,
     * dropout=0.0\n  (q_proj): Linear(...)\n  ...\n)}, rows in registration order: q, k, v, o, rotary_emb.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(TYPE + "(\n  embed_dim=" + embedDim + ", num_heads=" + numHeads
                + ", num_kv_heads=" + numKvHeads + ", causal=" + Checks.py(causal) + ", mask='" + mask()
                + "', rotary=" + Checks.py(rotary) + ", dropout=" + PyRepr.floatRepr(dropout));
        sb.append(Checks.childRow("q_proj", qProj));
        sb.append(Checks.childRow("k_proj", kProj));
        sb.append(Checks.childRow("v_proj", vProj));
        sb.append(Checks.childRow("o_proj", oProj));
        if (rotary) {
            sb.append(Checks.childRow("rotary_emb", rotaryEmb));
        }
        return sb.append("\n)").toString();
    }
}
