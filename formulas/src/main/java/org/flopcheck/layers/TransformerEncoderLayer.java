package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * One Transformer encoder layer, self-attention then a two-layer feed-forward block, each wrapped in a residual
 * connection and a layer norm, mirroring {@code torch.nn.TransformerEncoderLayer(d_model, nhead,
 * dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05, batch_first=False,
 * norm_first=False)} as torch 1.13's Python forward computes it.
 *
 * <p><b>Shapes.</b> Input {@code src} {@code (S, N, E)}, with {@code batch_first} {@code (N, S, E)}, unbatched
 * {@code (S, E)}, where {@code E = d_model}; the output has the input's shape.
 *
 * <p><b>Submodules</b>, in torch's registration order (its repr): {@code self_attn}
 * ({@code MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first)}), {@code linear1}
 * ({@code Linear(d_model, dim_feedforward)}), {@code dropout}, {@code linear2}
 * ({@code Linear(dim_feedforward, d_model)}), {@code norm1}, {@code norm2}
 * ({@code LayerNorm(d_model, eps=layer_norm_eps)}), {@code dropout1}, {@code dropout2}.
 *
 * <p><b>Calls</b>, the children of the analysis in the order the forward makes them ({@code _sa_block} calls
 * {@code self_attn(x, x, x, need_weights=False)} then {@code dropout1}; {@code _ff_block} calls {@code linear1},
 * the activation, {@code dropout}, {@code linear2}, {@code dropout2}):
 * <ul>
 *   <li>{@code norm_first=False}: {@code self_attn, dropout1}, (residual add), {@code norm1, linear1},
 *       (activation), {@code dropout, linear2, dropout2}, (residual add), {@code norm2};</li>
 *   <li>{@code norm_first=True}: {@code norm1, self_attn, dropout1}, (residual add), {@code norm2, linear1},
 *       (activation), {@code dropout, linear2, dropout2}, (residual add).</li>
 * </ul>
 * {@code self_attn} is called on one tensor three times over (self-attention) and returns no weights.
 *
 * <p><b>Parameters</b> are the submodules': {@code 4·E² + 4·E} in {@code self_attn}, {@code E·F + F} in
 * {@code linear1}, {@code F·E + E} in {@code linear2}, {@code 2·E} in each norm, with {@code F = dim_feedforward}:
 * {@code 4·E² + 2·E·F + 9·E + F} in all.
 *
 * <p><b>Own operations</b>, the work torch does in this module's forward rather than in a submodule
 * ({@code N} is 1 for an unbatched input):
 * <ul>
 *   <li>the activation, a function in torch 1.13 ({@code F.relu} or {@code F.gelu}, not a submodule), on the
 *       {@code S·N·F} outputs of {@code linear1}, counted as {@link ReLU} and {@link GELU} count it: per element one
 *       comparison ({@code F.relu}), or 3 multiplications, 1 addition and 1 erf evaluation ({@code F.gelu});</li>
 *   <li>self-attention residual additions {@code S·N·E} ({@code x + _sa_block(...)});</li>
 *   <li>feed-forward residual additions {@code S·N·E} ({@code x + _ff_block(...)}).</li>
 * </ul>
 * Dropout does nothing in eval mode.
 *
 * <p><b>Fast path.</b> In eval mode torch 1.13 replaces all of this by one native call,
 * {@code torch._transformer_encoder_layer_fwd}, when the input is batched, {@code batch_first} is set,
 * {@code nhead} is even and gradients are disabled (see {@link #whyNotFastPath}); then no submodule's forward runs,
 * so tools that hook submodules see nothing below this layer. The counts here follow the Python path, which is
 * the same arithmetic. On the Python path {@code self_attn} never takes MultiheadAttention's own fast path in
 * eval mode: whatever keeps this layer off its fast path (an unbatched input, sequence-first layout, an odd
 * {@code nhead}, gradients) keeps {@code self_attn} off its own.
 *
 * <p><b>Worked examples.</b> {@code TransformerEncoderLayer(512, 8)} (dim_feedforward 2048) has
 * {@code 1,050,624 + 1,050,624 + 1,049,088 + 2·1,024 = 3,152,384} parameters.
 * {@code TransformerEncoderLayer(16, 4, 32)} on {@code (5, 2, 16)}: 2,224 parameters; 22,080 MACs
 * ({@code self_attn} 11,840, {@code linear1} 5,120, {@code linear2} 5,120); 47,860 exact operations
 * ({@code self_attn} 24,440, each linear 10,240, each norm 1,150, 320 ReLU comparisons, 2·160 residual additions).
 */
public final class TransformerEncoderLayer implements Layer {
    public static final Sym N = new Sym("N", "batch size");
    public static final Sym S = new Sym("S", "sequence length");
    public static final Sym E = new Sym("E", "d_model: features of the input and output");
    public static final Sym F = new Sym("F", "dim_feedforward: hidden features of the feed-forward block");

    private static final String TYPE = "TransformerEncoderLayer";

    private final long dModel;
    private final long nhead;
    private final long dimFeedforward;
    private final double dropout;
    private final String activation;
    private final double layerNormEps;
    private final boolean batchFirst;
    private final boolean normFirst;

    private TransformerEncoderLayer(long dModel, long nhead, long dimFeedforward, double dropout, String activation,
                                    double layerNormEps, boolean batchFirst, boolean normFirst) {
        this.dModel = Args.positive(TYPE, "d_model", dModel);
        this.nhead = Args.positive(TYPE, "nhead", nhead);
        Args.divisible(TYPE, "d_model", dModel, "nhead", nhead);
        this.dimFeedforward = Args.positive(TYPE, "dim_feedforward", dimFeedforward);
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new InvalidArgumentException("dropout", TYPE + ": dropout (" + PyRepr.floatRepr(dropout)
                    + ") must be between 0 and 1; torch: dropout probability has to be between 0 and 1");
        }
        this.dropout = dropout;
        if (!activation.equals("relu") && !activation.equals("gelu")) {
            throw new InvalidArgumentException("activation", TYPE + ": activation '" + activation + "' is not one of"
                    + " 'relu', 'gelu'; torch: activation should be relu/gelu, not " + activation);
        }
        this.activation = activation;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
    }

    /** {@code TransformerEncoderLayer(d_model, nhead)} with torch's defaults for the rest. */
    public static TransformerEncoderLayer of(long dModel, long nhead) {
        return new TransformerEncoderLayer(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false);
    }

    /** {@code TransformerEncoderLayer(d_model, nhead, dim_feedforward)}. */
    public static TransformerEncoderLayer of(long dModel, long nhead, long dimFeedforward) {
        return of(dModel, nhead).dimFeedforward(dimFeedforward);
    }

    /** Hidden features of the feed-forward block; torch's default is 2048. */
    public TransformerEncoderLayer dimFeedforward(long dimFeedforward) {
        return new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps,
                batchFirst, normFirst);
    }

    /** Dropout probability of every dropout and of the attention weights; torch's default is 0.1. */
    public TransformerEncoderLayer dropout(double dropout) {
        return new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps,
                batchFirst, normFirst);
    }

    /** {@code 'relu'} (torch's default, {@code F.relu}) or {@code 'gelu'} ({@code F.gelu}). */
    public TransformerEncoderLayer activation(String activation) {
        return new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps,
                batchFirst, normFirst);
    }

    /** The eps of both layer norms; torch's default is 1e-05. Counts do not change. */
    public TransformerEncoderLayer layerNormEps(double layerNormEps) {
        return new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps,
                batchFirst, normFirst);
    }

    /**
     * Whether batched input and output are {@code (N, S, E)} rather than {@code (S, N, E)}; torch's default is
     * false.
     */
    public TransformerEncoderLayer batchFirst(boolean batchFirst) {
        return new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps,
                batchFirst, normFirst);
    }

    /** Whether each block normalises its input (pre-norm) rather than the residual sum; torch's default is false. */
    public TransformerEncoderLayer normFirst(boolean normFirst) {
        return new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps,
                batchFirst, normFirst);
    }

    public long dModel() {
        return dModel;
    }

    public long nhead() {
        return nhead;
    }

    public long dimFeedforward() {
        return dimFeedforward;
    }

    public double dropout() {
        return dropout;
    }

    public String activation() {
        return activation;
    }

    public double layerNormEps() {
        return layerNormEps;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public boolean normFirst() {
        return normFirst;
    }

    /** {@code self_attn}, as this layer calls it: on one tensor, {@code need_weights=False}. */
    public MultiheadAttention selfAttn() {
        return MultiheadAttention.of(dModel, nhead).dropout(dropout).batchFirst(batchFirst).needWeights(false);
    }

    public Linear linear1() {
        return Linear.of(dModel, dimFeedforward);
    }

    public Linear linear2() {
        return Linear.of(dimFeedforward, dModel);
    }

    /** {@code norm1} and {@code norm2} are alike. */
    public LayerNorm norm() {
        return LayerNorm.of(dModel).eps(layerNormEps);
    }

    /** {@code dropout}, {@code dropout1} and {@code dropout2} are alike. */
    public Dropout dropoutModule() {
        return Dropout.of(dropout);
    }

    /** The activation's term-writing form: {@link ReLU} or {@link GELU} ({@code approximate='none'}). */
    private Activation activationFunction() {
        return activation.equals("relu") ? ReLU.of() : GELU.of();
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Checks {@code src} as torch does; returns whether it is batched. */
    private boolean checkInput(Shape x) {
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != dModel) {
            throw new InvalidShapeException("input", TYPE + " expects input " + (batchFirst ? "(N, S, E=" : "(S, N, E=")
                    + dModel + ") or unbatched (S, E=" + dModel + "), got " + x);
        }
        return x.rank() == 3;
    }

    /**
     * Why torch 1.13's {@code TransformerEncoderLayer.forward} would not take its fast path
     * ({@code torch._transformer_encoder_layer_fwd}) for {@code src} of this shape in eval mode, in torch's own
     * words; empty when it would take it. torch checks, in this order: a batched (3-D) input
     * ({@code "input not batched; expected src.dim() of 3 but got 2"}); {@code batch_first}
     * ({@code "self_attn.batch_first was not True"}); an even {@code nhead} ({@code "num_head is odd"}); then
     * gradients ({@link MultiheadAttention#GRAD_REQUIRED}: the parameters require grad). Its other checks always pass
     * for a layer built from a spec in eval mode on a float32 CPU tensor without masks: the packed in-projection,
     * activation relu or gelu, equal eps of both norms, no nested tensor, no autocast. On the fast path no submodule
     * forward runs.
     *
     * @param gradEnabled whether gradients are enabled during the call ({@code torch.is_grad_enabled()}): false under
     *                    {@code torch.no_grad()}, as torchinfo and thop run, true as ptflops runs
     * @throws InvalidShapeException when torch would reject the input
     */
    public Optional<String> whyNotFastPath(Shape input, boolean gradEnabled) {
        if (!checkInput(input)) {
            return Optional.of("input not batched; expected src.dim() of 3 but got " + input.rank());
        }
        if (!batchFirst) {
            return Optional.of("self_attn.batch_first was not True");
        }
        if (nhead % 2 == 1) {
            return Optional.of("num_head is odd");
        }
        if (gradEnabled) {
            return Optional.of(MultiheadAttention.GRAD_REQUIRED);
        }
        return Optional.empty();
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(TYPE, inputs);
        boolean batched = checkInput(x);
        Worksheet w = new Worksheet(TYPE);
        w.given(batched ? N : Forward.UNBATCHED_N, batched ? x.dim(batchFirst ? 0 : 1) : 1);
        w.given(S, x.dim(batched && batchFirst ? 1 : 0));
        w.given(E, dModel);
        w.given(F, dimFeedforward);
        if (!batched) {
            w.note(Stage.SHAPE, "unbatched input (S, E): N = 1");
        }
        w.note(Stage.SHAPE, () -> "the output has the input's shape " + x + "; linear1 widens each of the S·N positions"
                + " to F features and linear2 narrows them back to E");
        w.note(Stage.SHAPE, normFirst
                ? "norm_first=True: x = x + _sa_block(norm1(x)); x = x + _ff_block(norm2(x))"
                : "norm_first=False: x = norm1(x + _sa_block(x)); x = norm2(x + _ff_block(x))");
        w.note(Stage.SHAPE, "torch 1.13 takes the Python path counted here unless it takes its fast path"
                + " (torch._transformer_encoder_layer_fwd: batched, batch_first, even nhead, no grad); the arithmetic"
                + " is the same");

        ForwardCalls calls = new ForwardCalls();
        Shape h = x;
        // _sa_block
        Shape attnIn = normFirst ? calls.call("norm1", norm(), h) : h;
        Shape attn = calls.call("self_attn", selfAttn(),
                Inputs.of(attnIn, attnIn, attnIn).withSame(1, 0).withSame(2, 0)).output();
        attn = calls.call("dropout1", dropoutModule(), attn);
        w.term("self-attention residual additions", Op.ADDITION, mul(S, N, E),
                "x + _sa_block(…): one addition per element");
        h = normFirst ? attn : calls.call("norm1", norm(), attn);
        // _ff_block
        Shape ffIn = normFirst ? calls.call("norm2", norm(), h) : h;
        Shape hidden = calls.call("linear1", linear1(), ffIn);
        String call = "F." + activation;
        w.note(Stage.TOTALS, () -> "the activation is the function " + call + " (not a submodule), applied to the S·N·F"
                + " outputs of linear1: counted here, as " + activationFunction().type() + " counts it");
        activationFunction().functionalTerms(w, mul(S, N, F), call);
        hidden = calls.call("dropout", dropoutModule(), hidden);
        Shape ff = calls.call("linear2", linear2(), hidden);
        ff = calls.call("dropout2", dropoutModule(), ff);
        w.term("feed-forward residual additions", Op.ADDITION, mul(S, N, E),
                "x + _ff_block(…): one addition per element");
        Shape out = normFirst ? ff : calls.call("norm2", norm(), ff);
        w.show(Stage.SUMMARY, "parameters in closed form (all in submodules)", add(mul(num(4), E, E),
                mul(num(2), E, F), mul(num(9), E), F));
        return Analysis.composite(this, inputs, out, w, calls.children());
    }

    /** torch's repr: the submodules in registration order, {@code self_attn} to {@code dropout2}. */
    @Override
    public String toString() {
        Map<String, Object> submodules = new LinkedHashMap<>();
        submodules.put("self_attn", selfAttn());
        submodules.put("linear1", linear1());
        submodules.put("dropout", dropoutModule());
        submodules.put("linear2", linear2());
        submodules.put("norm1", norm());
        submodules.put("norm2", norm());
        submodules.put("dropout1", dropoutModule());
        submodules.put("dropout2", dropoutModule());
        return ModuleRepr.of(TYPE, submodules);
    }
}
