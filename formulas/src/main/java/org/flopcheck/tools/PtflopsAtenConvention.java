package org.flopcheck.tools;

import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.flopcheck.CountOverflowException;
import org.flopcheck.blocks.Parallel;
import org.flopcheck.blocks.PositionEmbedding;
import org.flopcheck.blocks.Repeat;
import org.flopcheck.blocks.Residual;
import org.flopcheck.blocks.RotaryEmbedding;
import org.flopcheck.blocks.SelfAttention;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Count;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.Activation;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Convolution;
import org.flopcheck.layers.Dropout;
import org.flopcheck.layers.Flatten;
import org.flopcheck.layers.GRU;
import org.flopcheck.layers.GRUCell;
import org.flopcheck.layers.Identity;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.LSTMCell;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.RMSNorm;
import org.flopcheck.layers.Recurrent;
import org.flopcheck.layers.RecurrentCell;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.TransformerEncoder;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.layers.TransposedConvolution;
import org.flopcheck.shape.Shape;

/**
 * What ptflops 0.7.5 reports with {@code backend='aten'} (torch 1.13, CPU): the MACs of the few aten operators it
 * knows, summed over one forward pass, and the parameters that require grad.
 *
 * <p><b>How the tool counts.</b> {@code get_flops_aten} runs the model once in eval mode, gradients enabled, under a
 * {@code TorchDispatchMode} that sees every aten operator torch dispatches. Six are counted
 * ({@code aten_ops.py ATEN_OPS_MAPPING}), everything else is zero:
 * <ul>
 *   <li>{@code aten.convolution}: {@code N·∏(weight shape)·∏(output positions)}, for a transposed convolution
 *       the input positions, plus {@code N·C_out·∏(output positions)} when there is a bias;</li>
 *   <li>{@code aten.addmm(b, x, w)}: {@code M·K·N + M·N}: the bias is always counted;</li>
 *   <li>{@code aten.mm}: {@code M·K·N}; {@code aten.bmm}: {@code B·M·K·N}.</li>
 * </ul>
 * So the rules of this convention are mostly torch's: which of these a module dispatches, with which operand
 * shapes. {@code F.linear} takes {@code aten.addmm} (bias counted) only for a 2-D input, or a contiguous 3-D input,
 * with a bias; otherwise {@code matmul} and {@code aten.mm}, and the bias is an uncounted {@code aten.add}. Which
 * 3-D inputs are contiguous follows from the views torch makes: {@code batch_first} RNNs and attention transpose
 * their inputs, so their input projections lose the bias (see {@link Strided}). Recurrent networks run one linear
 * over the whole sequence and one per time step; attention multiplies its heads with {@code aten.bmm}; the
 * library's Hugging Face blocks are modelled with the same torch 1.13 rules, where their eager attention and
 * rotary tables dispatch {@code aten.bmm} too.
 *
 * <p><b>Worked example.</b> The keyword-spotting model {@code Sequential(Conv2d(1, 32, (4, 10), stride=(2, 8),
 * bias=False), BatchNorm2d(32), Hardtanh(0, 3.96875))} on {@code (1, 1, 130, 40)}: one {@code aten.convolution},
 * {@code 1·(32·1·4·10)·(64·4) = 327,680} MACs; batch norm and hardtanh count zero; 1,344 parameters (the conv's
 * 1,280 and the norm's 64 affine weights; its running statistics are buffers).
 */
public final class PtflopsAtenConvention implements Convention {
    public static final PtflopsAtenConvention INSTANCE = new PtflopsAtenConvention();

    private static final String ID = "ptflops-0.7.5-aten";

    private static Rule rule(String slug, String statement, String source) {
        return new Rule(ID + "/" + slug, statement, source);
    }

    /** aten.convolution's formula, bias included, input positions for a transposed convolution. */
    static final Rule CONVOLUTION = rule("convolution", "aten.convolution counts N·∏(weight shape)·∏(output"
                    + " positions), for a transposed convolution ∏(input positions) instead, plus N·C_out·∏(output"
                    + " positions) for a bias: every output position, reached by a product or not",
            "ptflops/aten_ops.py conv_flop, conv_flop_count");

    /** aten.addmm: the bias operand is always counted. */
    static final Rule ADDMM = rule("addmm", "aten.addmm(bias, x, w) with x (M, K) and w (K, N) counts M·K·N for the"
            + " product and M·N for the bias: one per output", "ptflops/aten_ops.py addmm_flop");

    /** aten.mm. */
    static final Rule MM = rule("mm", "aten.mm of (M, K) and (K, N) counts M·K·N", "ptflops/aten_ops.py matmul_flop");

    /** aten.bmm. */
    static final Rule BMM = rule("bmm", "aten.bmm of (B, M, K) and (B, K, N) counts B·M·K·N",
            "ptflops/aten_ops.py bmm_flop");

    /** Everything but the six mapped operators counts zero. */
    static final Rule OTHER_OPS_ZERO = rule("other-ops-zero", "only aten.convolution, aten._convolution, aten.mm,"
                    + " aten.matmul, aten.addmm and aten.bmm are counted: normalisation, activations, softmax,"
                    + " pooling, interpolation, embedding lookups, aten.baddbmm and element-wise arithmetic (a bias"
                    + " added by aten.add, residual sums, attention scaling) count zero",
            "ptflops/aten_ops.py ATEN_OPS_MAPPING; ptflops/aten_engine.py FlopCounterMode.__torch_dispatch__");

    /** The total is the Global sum. */
    static final Rule GLOBAL_TOTAL = rule("global-total", "the total is the 'Global' sum of every counted operator"
                    + " dispatched during one forward pass, whichever module dispatched it (per-module sums are kept"
                    + " only for direct children of the profiled module and do not change it)",
            "ptflops/aten_engine.py FlopCounterMode.__exit__");

    /** F.linear's choice between addmm and matmul. */
    static final Rule LINEAR_DISPATCH = rule("linear-bias-outside-addmm", "torch 1.13's F.linear dispatches"
                    + " aten.addmm (bias counted) for a 2-D input with bias and for a contiguous 3-D input with bias"
                    + " (viewed as 2-D); any other input (1-D, 4-D or more, a non-contiguous 3-D one, or no bias)"
                    + " goes through matmul, folded into aten.mm (aten.bmm for a 3-D input whose last dimension is not"
                    + " innermost), and the bias is added by aten.add, which counts zero",
            "torch 1.13 aten/src/ATen/native/Linear.cpp linear; LinearAlgebra.cpp matmul, should_fold");

    /** Layouts: which 3-D tensors are contiguous. */
    static final Rule VIEWS = rule("batch-first-views", "batch_first RNN/LSTM/GRU and MultiheadAttention transpose"
                    + " a batched input and their output as views, which are not contiguous unless one of the two"
                    + " swapped dimensions is 1: their input projections then lose the bias count, and so does a"
                    + " Linear applied to their output; activations, dropout and identity keep their input's layout,"
                    + " a residual sum its first operand's, every other module returns a contiguous tensor",
            "torch 1.13 aten/src/ATen/native/RNN.cpp (input.transpose(0, 1)); nn/modules/activation.py"
                    + " MultiheadAttention.forward (query.transpose(1, 0))");

    /** What RNNs dispatch on CPU. */
    static final Rule RNN_CPU = rule("rnn-cpu-linears", "RNN, LSTM and GRU on CPU run, per layer and direction, one"
                    + " linear over the whole sequence (L, N, I) for the input part, then per time step one linear of"
                    + " the 2-D hidden state (N, H_out), whose bias b_hh aten.addmm always counts, and with proj_size"
                    + " one aten.mm (N, H)·(H, P); RNNCell, LSTMCell and GRUCell run two 2-D linears",
            "torch 1.13 aten/src/ATen/native/RNN.cpp FullLayer, FullBidirectionalLayer, CellParams");

    /** What multi-head attention dispatches. */
    static final Rule MHA = rule("attention-bmm", "F.multi_head_attention_forward projects query, key and value"
                    + " with linear on (L, N, E) and (S, N, ·) tensors (packed as the inputs' identity allows, the"
                    + " same counts), multiplies q·kᵀ and weights·v with aten.bmm over N·h heads, the add_bias_kv and"
                    + " add_zero_attn rows included, and projects the output with linear on the 2-D (L·N, E)",
            "torch 1.13 nn/functional.py multi_head_attention_forward, _in_projection_packed,"
                    + " _scaled_dot_product_attention");

    /** Hugging Face's eager attention and rotary tables. */
    static final Rule EAGER_ATTENTION = rule("eager-attention-bmm", "Hugging Face's eager attention multiplies"
                    + " q·kᵀ and weights·v with torch.matmul of 4-D (N, h, L, d) tensors, which torch folds into"
                    + " aten.bmm over N·h; its rotary tables compute the angles inv_freq @ position_ids, a"
                    + " (B, dim/2, 1)·(B, 1, L) aten.bmm that ptflops counts as B·dim/2·L MACs although the angles"
                    + " come from positions, not data",
            "transformers 4.38 models/llama/modeling_llama.py LlamaAttention.forward, LlamaRotaryEmbedding.forward");

    /** Gradients stay enabled. */
    static final Rule PYTHON_PATHS = rule("no-fast-paths", "ptflops runs the forward pass in eval mode with"
                    + " gradients enabled, so the parameters require grad and torch never takes the native fast"
                    + " paths of MultiheadAttention and TransformerEncoderLayer: their Python paths dispatch the"
                    + " operators counted here",
            "ptflops/aten_engine.py get_flops_aten");

    /** Parameters that require grad. */
    static final Rule PARAMS = rule("params-requires-grad", "parameters: the elements of every parameter with"
                    + " requires_grad, each tensor once; buffers are not counted",
            "ptflops/pytorch_engine.py get_model_parameters_number");

    private static final List<Rule> RULES = List.of(CONVOLUTION, ADDMM, MM, BMM, OTHER_OPS_ZERO, GLOBAL_TOTAL,
            LINEAR_DISPATCH, VIEWS, RNN_CPU, MHA, EAGER_ATTENTION, PYTHON_PATHS, PARAMS);

    private PtflopsAtenConvention() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "ptflops 0.7.5, aten backend";
    }

    @Override
    public String description() {
        return "What ptflops 0.7.5 reports with backend='aten': over one forward pass, the MACs of the aten"
                + " operators convolution, addmm (bias included), mm and bmm as torch 1.13 dispatches them, nothing"
                + " else; parameters that require grad.";
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    /**
     * The counted operators of one forward pass and the parameters that require grad. The total is summed on a
     * fast path that makes only numbers; the contributions are written by the same pass when first read.
     */
    @Override
    public Outcome outcome(Analysis analysis) {
        return Convention.guarded(id(), analysis, () -> predict(analysis));
    }

    private Outcome predict(Analysis analysis) {
        Totals totals = new Totals();
        new Pass(totals, new IdentityHashMap<>()).run(analysis);
        if (totals.overflowed) {
            throw new CountOverflowException(ID + " total of " + analysis.layer().type() + " overflows long");
        }
        Count count = Count.lazy(ID, totals.total, () -> {
            Writer writer = new Writer();
            new Pass(writer, null).run(analysis);
            return writer.contributions;
        });
        return new Outcome.Counted(count, getModelParametersNumber(analysis));
    }

    /** {@code get_model_parameters_number}: the elements of the parameters that require grad. */
    private static long getModelParametersNumber(Analysis analysis) {
        return analysis.params().trainable();
    }

    /**
     * Receives each counted operator of the forward pass, and where in the module tree the pass is: the fast path
     * only adds numbers, the writer also needs the row paths.
     */
    private interface Sink {
        /** The pass enters the child module of this row name. */
        default void enter(String name) {
        }

        /** The pass leaves the module it entered last. */
        default void exit() {
        }

        /**
         * One operator of module {@code a}: {@code weight} units per operation of {@code formula} over
         * {@code values} (weight 0 for an operation the tool does not count), worth {@code value}, the pass's
         * {@code weight·formula(values)}.
         */
        void operator(Analysis a, String name, Expr formula, Bindings values, long weight, Rule rule, long value);
    }

    /**
     * {@code weight·formula(values)}, or a {@link CountOverflowException} naming the operator. A positive
     * {@code known} is the formula's value, found without evaluating it (see {@link Pass}); 0 means unknown.
     */
    private static long value(Analysis a, String name, Expr formula, Bindings values, long weight, long known) {
        try {
            return Math.multiplyExact(weight, known > 0 ? known : formula.eval(values));
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(ID + " " + a.layer().type() + " " + name + " overflows long: "
                    + formula.plain() + " with " + values);
        }
    }

    /**
     * The fast path: only the sum. Every operator's value is at least 0, so the sum overflows a long exactly when
     * some partial sum does, in whatever order and grouping the parts are added; the overflow is reported after the
     * pass, as the tool's total, unless an operator of its own overflows first.
     */
    private static final class Totals implements Sink {
        private long total;
        private boolean overflowed;

        @Override
        public void operator(Analysis a, String name, Expr formula, Bindings values, long weight, Rule rule,
                             long value) {
            add(value);
        }

        void add(long value) {
            long sum = total + value;
            if (((total ^ sum) & (value ^ sum)) < 0) {
                overflowed = true;
            } else {
                total = sum;
            }
        }
    }

    /**
     * The explanation: one contribution per operator, with its row path. It evaluates every formula it shows and
     * fails if the pass counted another value, so a value the fast path took from a layer's term (see
     * {@link Pass}) is always the value of the formula shown.
     */
    private static final class Writer implements Sink {
        private final List<Contribution> contributions = new ArrayList<>();
        /** The row names from below the profiled module down to the current module: its path, joined by dots. */
        private final List<String> names = new ArrayList<>();

        @Override
        public void enter(String name) {
            names.add(name);
        }

        @Override
        public void exit() {
            names.remove(names.size() - 1);
        }

        @Override
        public void operator(Analysis a, String name, Expr formula, Bindings values, long weight, Rule rule,
                             long value) {
            String path = String.join(".", names);
            long shown = value(a, name, formula, values, weight, 0);
            if (shown != value) {
                throw new IllegalStateException(ID + " " + path + " " + name + ": " + formula.plain() + " with "
                        + values + " is " + shown + ", but " + value + " was counted");
            }
            contributions.add(new Contribution(path, a.layer().type(), name, formula, values, weight, value, rule));
        }
    }

    /**
     * What a composite module counted, for the inputs' layouts it was run on, and the layout it returned: reused for
     * every named copy of the same analysis ({@link Analysis#origin()}) that receives equal layouts. Layouts as
     * {@link Pass} passes them: null for fresh tensors.
     */
    private record Shared(List<Strided> in, long sum, Strided out) {
    }

    /**
     * One forward pass under ptflops' FlopCounterMode: the counted operators, module by module.
     *
     * <p>What a module dispatches depends only on its analysis (layer, inputs, children and their names) and on its
     * inputs' layouts: never on its row path, on what ran before it, or on anything outside its subtree. So on the
     * fast path ({@code shared} given) a composite's sum and output layout are computed once per origin and layouts,
     * and reused for Repeat's copies and for the identical blocks of a torchvision stage. The writer walks every row,
     * since the rows' paths differ.
     *
     * <p><b>Fresh tensors are null.</b> Nearly every tensor of a forward pass is freshly allocated, laid out
     * row-major, and only its shape matters, which its reader knows: the module's own input shapes, or a module's
     * output shape. So the pass hands a module {@code null} for "every input is a fresh tensor", and a module returns
     * {@code null} for a fresh output; only views (a transposed input, an RNN's batch-first output) are
     * {@link Strided} objects, in lists. A fresh tensor of another shape than a module's input would be replaced by a
     * fresh one anyway, so null stands for "fresh, of the shape the reader expects" without changing any decision.
     *
     * <p><b>Values known from a layer's terms.</b> A convolution's and a linear layer's own terms hold the value of
     * the very product of symbols that ptflops' formula multiplies, in another order ({@code weight
     * multiplications}, and the bias additions at every output). A product of non-negative integers that is positive
     * and fits in a long fits in every order and is the same number, so the fast path takes the term's value instead
     * of evaluating the formula; a zero would be evaluated, since the formula's order might overflow before meeting
     * the zero factor (shapes have no empty dimension, so it does not arise today). The formula remains the one source of truth: the {@link Writer} evaluates each formula it shows
     * and fails if another value was counted.
     */
    private static final class Pass {
        private final Sink sink;
        private final Totals totals;
        private final Map<Analysis, Shared> shared;
        /**
         * The entry of {@code shared} found or made last, and its origin: copies usually come one after another
         * (Repeat's layers, a stage's blocks), so most of them are found without a map lookup.
         */
        private Analysis lastOrigin;
        private Shared last;

        /** A pass into {@code sink}; {@code shared} (on the fast path, whose sink is a {@link Totals}) or null. */
        Pass(Sink sink, Map<Analysis, Shared> shared) {
            this.sink = sink;
            this.totals = shared == null ? null : (Totals) sink;
            this.shared = shared;
        }

        /** The profiled module, on fresh inputs. */
        void run(Analysis analysis) {
            module(analysis, null);
        }

        /**
         * Runs one module on inputs of these layouts ({@code null}: fresh tensors); returns the layout of its main
         * output ({@code null}: a fresh tensor).
         */
        Strided module(Analysis a, List<Strided> in) {
            if (shared == null || a.isLeaf()) {
                return nullIfFresh(dispatch(a, in));
            }
            Analysis origin = a.origin();
            Shared known = origin == lastOrigin ? last : shared.get(origin);
            if (known != null && sameLayouts(known.in(), in)) {
                totals.add(known.sum());
                lastOrigin = origin;
                last = known;
                return known.out();
            }
            long before = totals.total;
            Strided out = nullIfFresh(dispatch(a, in));
            if (!totals.overflowed) {
                Shared made = new Shared(in, totals.total - before, out);
                shared.put(origin, made);
                lastOrigin = origin;
                last = made;
            }
            return out;
        }

        /** Runs a child module under its row name. */
        private Strided call(Analysis child, List<Strided> in) {
            sink.enter(child.name());
            Strided out = module(child, in);
            sink.exit();
            return out;
        }

        /** A layout as the pass passes it: null for a fresh tensor's (or a view's equal to it). */
        private static Strided nullIfFresh(Strided layout) {
            return layout == null || layout.isFresh() ? null : layout;
        }

        /** Input {@code i}'s layout: the given one, or a fresh tensor of the module's input shape. */
        private static Strided input(Analysis a, List<Strided> in, int i) {
            return in == null ? Strided.contiguous(a.inputs().get(i)) : in.get(i);
        }

        /** Equal layouts, element by element; a copy usually receives the very layout its twin returned. */
        private static boolean sameLayouts(List<Strided> a, List<Strided> b) {
            if (a == null || b == null) {
                return a == b;
            }
            int n = a.size();
            if (b.size() != n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!a.get(i).equals(b.get(i))) {
                    return false;
                }
            }
            return true;
        }

        private Strided dispatch(Analysis a, List<Strided> in) {
            Layer layer = a.layer();
            if (layer instanceof Linear l) {
                return linearModule(a, l, input(a, in, 0));
            }
            if (layer instanceof Convolution<?> c) {
                return convolution(a, c);
            }
            if (layer instanceof TransposedConvolution<?> t) {
                return transposedConvolution(a, t);
            }
            if (layer instanceof MultiheadAttention m) {
                return multiHeadAttentionForward(a, m, in);
            }
            if (layer instanceof Recurrent<?> r) {
                return rnn(a, r, input(a, in, 0));
            }
            if (layer instanceof RecurrentCell<?> c) {
                return rnnCell(a, c, input(a, in, 0));
            }
            if (layer instanceof Sequential || layer instanceof TransformerEncoder || layer instanceof Repeat) {
                return chain(a, in);
            }
            if (layer instanceof SelfAttention) {
                return selfAttention(a, in);
            }
            if (layer instanceof RotaryEmbedding) {
                return rotaryEmbedding(a);
            }
            if (layer instanceof Residual || layer instanceof Parallel) {
                return branches(a, in);
            }
            if (layer instanceof TransformerEncoderLayer t) {
                return transformerEncoderLayer(a, t, in == null ? null : in.get(0));
            }
            if (!a.isLeaf()) {
                return composite(a, in);
            }
            return layoutOnly(a, in);
        }

        // ---- the counted operators (ptflops/aten_ops.py) ----

        /** {@code conv_flop}: the products at output positions (input positions if transposed), and the bias. */
        void convFlop(Analysis a, Expr products, long knownProducts, Expr biasPositions, long knownBias) {
            emit(a, "weight multiplications", products, 1, CONVOLUTION, knownProducts);
            if (biasPositions != null) {
                emit(a, "bias additions", biasPositions, 1, CONVOLUTION, knownBias);
            }
        }

        /** {@code addmm_flop}: the product and, always, one bias addition per output. */
        void addmmFlop(Analysis a, String productName, Expr product, long knownProduct, String biasName, Expr bias,
                       long knownBias) {
            emit(a, productName, product, 1, ADDMM, knownProduct);
            emit(a, biasName, bias, 1, ADDMM, knownBias);
        }

        /** {@code matmul_flop}, registered for aten.mm. */
        void matmulFlop(Analysis a, String productName, Expr product, long knownProduct) {
            emit(a, productName, product, 1, MM, knownProduct);
        }

        /** {@code bmm_flop}. */
        void bmmFlop(Analysis a, String productName, Expr product, long knownProduct) {
            emit(a, productName, product, 1, BMM, knownProduct);
        }

        // ---- what torch 1.13 dispatches ----

        /**
         * {@code F.linear} on an input of this layout: aten.addmm for a 2-D or contiguous 3-D input with bias,
         * otherwise matmul (aten.mm, or aten.bmm where matmul does not fold) and an uncounted bias addition. The
         * known values are those of the layer's terms for the same products, or 0 (see {@link Pass}).
         */
        void linear(Analysis a, Strided x, boolean bias, String productName, Expr product, long knownProduct,
                    String biasName, Expr biasCount, long knownBias) {
            if (bias && (x.rank() == 2 || (x.rank() == 3 && x.isContiguous()))) {
                addmmFlop(a, productName, product, knownProduct, biasName, biasCount, knownBias);
                return;
            }
            if (x.rank() >= 3 && !x.foldsForMatmul()) {
                bmmFlop(a, productName, product, knownProduct);
            } else {
                matmulFlop(a, productName, product, knownProduct);
            }
            if (bias) {
                emit(a, biasName, biasCount, 0, x.rank() == 3 ? VIEWS : LINEAR_DISPATCH, knownBias);
            }
        }

        /** {@code nn.Linear}: {@code F.linear(x, weight, bias)}; its terms hold the values of both formulas. */
        Strided linearModule(Analysis a, Linear l, Strided x) {
            linear(a, x, l.bias(), WEIGHT_MULTIPLICATIONS, LINEAR_PRODUCTS, termValue(a, WEIGHT_MULTIPLICATIONS),
                    BIAS_ADDITIONS, LINEAR_BIAS, l.bias() ? termValue(a, BIAS_ADDITIONS) : 0);
            return null;
        }

        /**
         * {@code nn.Conv1d/2d/3d}: one aten.convolution, {@code N·(C_out·C_in/g·∏K)·∏L_out}, the products the
         * layer's term {@code weight multiplications} counts, and its bias additions.
         */
        Strided convolution(Analysis a, Convolution<?> c) {
            ConvolutionFormulas f = convolutionFormulas(a, c.kernelSize().size(), false);
            if (c.bias()) {
                convFlop(a, f.products(), termValue(a, WEIGHT_MULTIPLICATIONS), f.bias(),
                        termValue(a, BIAS_ADDITIONS));
            } else {
                convFlop(a, f.products(), termValue(a, WEIGHT_MULTIPLICATIONS), null, 0);
            }
            return null;
        }

        /**
         * {@code nn.ConvTranspose1d/2d/3d}: one aten.convolution with {@code transposed=True}, whose products ptflops
         * counts at the input positions, {@code N·(C_in·C_out/g·∏K)·∏L_in} (the layer's term {@code weight
         * multiplications}), and whose bias at every output position (unlike the layer's term, only at the positions
         * a product reaches).
         */
        Strided transposedConvolution(Analysis a, TransposedConvolution<?> t) {
            ConvolutionFormulas f = convolutionFormulas(a, t.kernelSize().size(), true);
            convFlop(a, f.products(), termValue(a, WEIGHT_MULTIPLICATIONS), t.bias() ? f.bias() : null, 0);
            return null;
        }

        /**
         * The convolution formulas over the symbols this layer bound: on the fast path those made for the first layer
         * of its kind and dimensions (see {@link ConvolutionFormulas#common}), in the contributions its own.
         */
        private ConvolutionFormulas convolutionFormulas(Analysis a, int dims, boolean transposed) {
            if (shared != null) {
                return ConvolutionFormulas.common(a, dims, transposed);
            }
            return ConvolutionFormulas.of(dims, transposed, name -> bound(a, name));
        }

        /**
         * {@code F.multi_head_attention_forward}: a batch-first batched call transposes query, key and value (views),
         * an unbatched one unsqueezes them; three in-projections by linear, two aten.bmm, the output projection by
         * linear on the 2-D {@code (L·N, E)}.
         */
        Strided multiHeadAttentionForward(Analysis a, MultiheadAttention m, List<Strided> in) {
            Strided q = input(a, in, 0);
            Strided k = input(a, in, 1);
            Strided v = input(a, in, 2);
            boolean batched = q.rank() == 3;
            if (batched && m.batchFirst()) {
                q = q.transpose(1, 0);
                k = k.transpose(1, 0);
                v = v.transpose(1, 0);
            } else if (!batched) {
                q = q.unsqueeze(1);
                k = k.unsqueeze(1);
                v = v.unsqueeze(1);
            }
            boolean bias = m.bias();
            linear(a, q, bias, "query projection multiplications", MHA_QUERY_PRODUCTS, 0,
                    "query projection bias additions", MHA_QUERY_BIAS, 0);
            linear(a, k, bias, "key projection multiplications", MHA_KEY_PRODUCTS, 0,
                    "key projection bias additions", MHA_SOURCE_BIAS, 0);
            linear(a, v, bias, "value projection multiplications", MHA_VALUE_PRODUCTS, 0,
                    "value projection bias additions", MHA_SOURCE_BIAS, 0);
            bmmFlop(a, "query-key multiplications", MHA_SCORES, 0);
            bmmFlop(a, "weight-value multiplications", MHA_WEIGHTED_VALUES, 0);
            long rows = q.size(0) * q.size(1);
            linear(a, Strided.contiguous(Shape.of(rows, m.embedDim())), bias, "output projection multiplications",
                    MHA_QUERY_PRODUCTS, 0, "output projection bias additions", MHA_QUERY_BIAS, 0);
            Strided out = Strided.contiguous(Shape.of(q.size(0), q.size(1), m.embedDim()));
            if (batched && m.batchFirst()) {
                return out.transpose(1, 0);
            }
            return batched ? out : out.squeeze(1);
        }

        /**
         * {@code nn.RNN/LSTM/GRU} on CPU: the input is unsqueezed if unbatched and transposed if batch first; per
         * layer and direction one linear over the sequence, then one 2-D linear of the hidden state per step (and
         * with {@code proj_size} one aten.mm per step); the output is transposed back if batch first.
         */
        Strided rnn(Analysis a, Recurrent<?> r, Strided input) {
            boolean batched = input.rank() == 3;
            Strided x = batched ? input : input.unsqueeze(r.batchFirst() ? 0 : 1);
            if (r.batchFirst()) {
                x = x.transpose(0, 1);
            }
            long length = x.size(0);
            long batch = x.size(1);
            long features = r.directions() * r.hiddenOutSize();
            RecurrentFormulas f = RecurrentFormulas.FOR_GATES[gates(r)];
            boolean bias = r.bias();
            linear(a, x, bias, "input-hidden weight multiplications, layer 0", f.firstInput(), 0, "bias additions",
                    f.firstInputBias(), 0);
            if (r.numLayers() > 1) {
                linear(a, Strided.contiguous(Shape.of(length, batch, features)), bias,
                        "input-hidden weight multiplications, layers above 0", f.aboveInput(), 0, "bias additions",
                        f.aboveInputBias(), 0);
            }
            Strided hidden = Strided.contiguous(Shape.of(batch, r.hiddenOutSize()));
            linear(a, hidden, bias, "hidden-hidden weight multiplications", f.hidden(), 0, "bias additions",
                    f.hiddenBias(), 0);
            if (r instanceof LSTM lstm && lstm.projSize() > 0) {
                matmulFlop(a, "projection multiplications", RecurrentFormulas.PROJECTION, 0);
            }
            Strided out = Strided.contiguous(Shape.of(length, batch, features));
            if (r.batchFirst()) {
                out = out.transpose(0, 1);
            }
            return batched ? out : out.squeeze(r.batchFirst() ? 0 : 1);
        }

        /** {@code nn.RNNCell/LSTMCell/GRUCell}: 2-D {@code linear(h, W_hh, b_hh)} and {@code linear(x, W_ih, b_ih)}. */
        Strided rnnCell(Analysis a, RecurrentCell<?> c, Strided input) {
            Strided x = input.rank() == 2 ? input : input.unsqueeze(0);
            Strided hidden = Strided.contiguous(Shape.of(x.size(0), c.hiddenSize()));
            CellFormulas f = CellFormulas.FOR_GATES[gates(c)];
            linear(a, hidden, c.bias(), "hidden-hidden weight multiplications", f.hidden(), 0, "bias additions",
                    f.bias(), 0);
            linear(a, x, c.bias(), "input-hidden weight multiplications", f.input(), 0, "bias additions", f.bias(),
                    0);
            return null;
        }

        /**
         * Hugging Face's eager self-attention ({@link SelfAttention}): {@code q_proj}, {@code k_proj} and
         * {@code v_proj} read the block's input; the scores and the attended values are {@code torch.matmul}s of 4-D
         * tensors, folded into aten.bmm; {@code o_proj} reads the heads made contiguous again.
         */
        Strided selfAttention(Analysis a, List<Strided> in) {
            for (Analysis child : a.children()) {
                String name = child.name();
                if (name.equals("o_proj")) {
                    bmmFlop(a, "query-key multiplications", SELF_ATTENTION_SCORES, 0);
                    bmmFlop(a, "weight-value multiplications", SELF_ATTENTION_WEIGHTED_VALUES, 0);
                }
                boolean projection = name.equals("q_proj") || name.equals("k_proj") || name.equals("v_proj");
                call(child, projection ? arriving(child, in) : null);
            }
            return null;
        }

        /**
         * The rotary tables: {@code inv_freq @ position_ids}, one aten.bmm {@code (B, dim/2, 1)·(B, 1, L)}, over the
         * layer's values and the shape of {@code position_ids}.
         */
        Strided rotaryEmbedding(Analysis a) {
            Shape positions = a.inputs().get(1);
            Bindings values = a.values().with(ROTARY_ROWS, positions.dim(0))
                    .with(ROTARY_POSITIONS, positions.dim(1));
            emit(a, "rotary angle multiplications", ROTARY_ANGLES, values, BMM);
            return null;
        }

        /**
         * {@link Residual} and {@link Parallel}: every row reads the block's own inputs; a sum or product takes the
         * first row's layout, a concatenation is a fresh tensor.
         */
        Strided branches(Analysis a, List<Strided> in) {
            List<Analysis> children = a.children();
            Strided first = null;
            for (int i = 0; i < children.size(); i++) {
                Analysis child = children.get(i);
                Strided out = call(child, arriving(child, in));
                if (i == 0) {
                    first = out;
                }
            }
            boolean concat = a.layer() instanceof Parallel p && p.join().equals("concat");
            boolean keeps = !concat && first != null && first.hasShape(a.output());
            return keeps ? first : null;
        }

        /** {@code Sequential}, {@code TransformerEncoder}, {@code Repeat}: each call takes the previous call's output. */
        Strided chain(Analysis a, List<Strided> in) {
            List<Strided> current = in;
            for (Analysis child : a.children()) {
                Strided out = call(child, arriving(child, current));
                current = out == null ? null : List.of(out);
            }
            return current == null ? null : current.get(0);
        }

        /**
         * {@code TransformerEncoderLayer} (Python path): {@code self_attn} reads the layer's input {@code x}, or
         * {@code norm1}'s contiguous output with {@code norm_first}; {@code linear1} and {@code linear2} read
         * contiguous outputs of a norm and of {@code linear1}. The result is {@code norm2}'s output, or with
         * {@code norm_first} a residual sum laid out like the input.
         */
        Strided transformerEncoderLayer(Analysis a, TransformerEncoderLayer t, Strided x) {
            for (Analysis child : a.children()) {
                boolean readsInput = child.name().equals("self_attn") && !t.normFirst();
                call(child, readsInput && x != null ? List.of(x, x, x) : null);
            }
            return t.normFirst() ? x : null;
        }

        /**
         * Any other composite (torchvision models and blocks, the BERT modules, the capture's wrappers): the first
         * call reads the module's own inputs, later calls read fresh tensors, and the result is the last call's
         * output.
         */
        Strided composite(Analysis a, List<Strided> in) {
            List<Analysis> children = a.children();
            Strided last = null;
            for (int i = 0; i < children.size(); i++) {
                Analysis child = children.get(i);
                last = call(child, i == 0 ? arriving(child, in) : null);
            }
            Analysis lastChild = children.get(children.size() - 1);
            return lastChild.output().equals(a.output()) ? last : null;
        }

        /** A module that dispatches no counted operator: only its output's layout matters. */
        private static Strided layoutOnly(Analysis a, List<Strided> in) {
            Layer layer = a.layer();
            if (in == null && !(layer instanceof Flatten) || in != null && in.isEmpty()) {
                return null;   // fresh inputs, or none: a fresh output (a flattened fresh input is asked below)
            }
            Strided x = input(a, in, 0);
            if (x.hasShape(a.output())
                    && (layer instanceof Activation || layer instanceof Dropout || layer instanceof Identity
                    || layer instanceof RMSNorm || layer instanceof PositionEmbedding)) {
                return x;
            }
            if (layer instanceof Flatten f && x.rank() > 0) {
                Strided flat = x.flatten(Math.floorMod(f.startDim(), x.rank()), Math.floorMod(f.endDim(), x.rank()));
                if (flat.hasShape(a.output())) {
                    return flat;
                }
            }
            return null;
        }

        /**
         * The layouts a child receives: the given ones if their shapes are the child's inputs, else fresh tensors
         * (null).
         */
        private static List<Strided> arriving(Analysis child, List<Strided> given) {
            if (given == null) {
                return null;
            }
            List<Shape> shapes = child.inputs().shapes();
            if (given.size() != shapes.size()) {
                return null;
            }
            for (int i = 0; i < shapes.size(); i++) {
                if (!given.get(i).hasShape(shapes.get(i))) {
                    return null;
                }
            }
            return given;
        }

        /** One operator over the module's own symbol values, evaluated unless its value is {@code known}. */
        void emit(Analysis a, String name, Expr formula, long weight, Rule rule, long known) {
            Bindings values = a.values();
            sink.operator(a, name, formula, values, weight, rule, value(a, name, formula, values, weight, known));
        }

        /** One counted operator over these symbol values. */
        void emit(Analysis a, String name, Expr formula, Bindings values, Rule rule) {
            sink.operator(a, name, formula, values, 1, rule, value(a, name, formula, values, 1, 0));
        }

        /**
         * The value of the layer's own term of this name, or 0 (unknown) if it has none. Read only where the term
         * multiplies the same symbols as the operator's formula (see {@link Pass}).
         */
        private static long termValue(Analysis a, String name) {
            return a.termValue(name).orElse(0);
        }

        /** The symbol the layer bound under this name ({@code K_h}, {@code W_out}). */
        private static Sym bound(Analysis a, String name) {
            for (Sym sym : a.values().asMap().keySet()) {
                if (sym.name().equals(name)) {
                    return sym;
                }
            }
            throw new IllegalStateException(a.layer().type() + " binds no symbol " + name + ": " + a.values());
        }
    }

    /** The names of the convolution and linear layers' terms whose values the fast path reads. */
    private static final String WEIGHT_MULTIPLICATIONS = "weight multiplications";
    private static final String BIAS_ADDITIONS = "bias additions";

    // ---- the formulas, built once: on the fast path only their values are computed ----

    private static final Expr LINEAR_PRODUCTS = mul(Linear.M, Linear.H_OUT, Linear.H_IN);
    private static final Expr LINEAR_BIAS = mul(Linear.M, Linear.H_OUT);

    private static final Expr MHA_QUERY_PRODUCTS = mul(MultiheadAttention.L, MultiheadAttention.N,
            MultiheadAttention.E, MultiheadAttention.E);
    private static final Expr MHA_QUERY_BIAS = mul(MultiheadAttention.L, MultiheadAttention.N, MultiheadAttention.E);
    private static final Expr MHA_KEY_PRODUCTS = mul(MultiheadAttention.S, MultiheadAttention.N,
            MultiheadAttention.E, MultiheadAttention.E_K);
    private static final Expr MHA_VALUE_PRODUCTS = mul(MultiheadAttention.S, MultiheadAttention.N,
            MultiheadAttention.E, MultiheadAttention.E_V);
    private static final Expr MHA_SOURCE_BIAS = mul(MultiheadAttention.S, MultiheadAttention.N,
            MultiheadAttention.E);
    private static final Expr MHA_SCORES = mul(MultiheadAttention.N, MultiheadAttention.H, MultiheadAttention.L,
            MultiheadAttention.D, MultiheadAttention.S_KV);
    private static final Expr MHA_WEIGHTED_VALUES = mul(MultiheadAttention.N, MultiheadAttention.H,
            MultiheadAttention.L, MultiheadAttention.S_KV, MultiheadAttention.D);

    private static final Expr SELF_ATTENTION_SCORES = mul(SelfAttention.N, SelfAttention.H, SelfAttention.L,
            SelfAttention.D, SelfAttention.L);
    private static final Expr SELF_ATTENTION_WEIGHTED_VALUES = mul(SelfAttention.N, SelfAttention.H,
            SelfAttention.L, SelfAttention.L, SelfAttention.D);

    private static final Sym ROTARY_ROWS = new Sym("B", "rows of position_ids");
    private static final Sym ROTARY_POSITIONS = new Sym("L", "positions per row");
    private static final Expr ROTARY_ANGLES = mul(ROTARY_ROWS, div(RotaryEmbedding.DIM, num(2)), ROTARY_POSITIONS);

    /** G: the gates in the weights' rows (1 for RNN, 4 for LSTM, 3 for GRU). */
    private static int gates(Layer layer) {
        return layer instanceof LSTM || layer instanceof LSTMCell ? 4
                : layer instanceof GRU || layer instanceof GRUCell ? 3 : 1;
    }

    /** G·H: the gate rows of the weights. */
    private static Expr gateRows(int gates, Sym h) {
        return gates == 1 ? h : mul(num(gates), h);
    }

    /** The products and bias additions of an RNN, LSTM or GRU with this many gates, over all layers and steps. */
    private record RecurrentFormulas(Expr firstInput, Expr firstInputBias, Expr aboveInput, Expr aboveInputBias,
                                     Expr hidden, Expr hiddenBias) {
        static final Expr PROJECTION = mul(Recurrent.L, Recurrent.N, Recurrent.D, Recurrent.NUM_LAYERS, Recurrent.P,
                Recurrent.H);

        /** Indexed by the number of gates: 1, 3 or 4. */
        static final RecurrentFormulas[] FOR_GATES = {null, of(1), null, of(3), of(4)};

        static RecurrentFormulas of(int gates) {
            Expr rows = gateRows(gates, Recurrent.H);
            Sym l = Recurrent.L;
            Sym n = Recurrent.N;
            Sym d = Recurrent.D;
            Expr above = sub(Recurrent.NUM_LAYERS, num(1));
            return new RecurrentFormulas(mul(l, n, d, rows, Recurrent.H_IN), mul(l, n, d, rows),
                    mul(l, n, d, above, rows, d, Recurrent.H_OUT), mul(l, n, d, above, rows),
                    mul(l, n, d, Recurrent.NUM_LAYERS, rows, Recurrent.H_OUT),
                    mul(l, n, d, Recurrent.NUM_LAYERS, rows));
        }
    }

    /** The products and bias additions of an RNNCell, LSTMCell or GRUCell with this many gates. */
    private record CellFormulas(Expr hidden, Expr input, Expr bias) {
        /** Indexed by the number of gates: 1, 3 or 4. */
        static final CellFormulas[] FOR_GATES = {null, of(1), null, of(3), of(4)};

        static CellFormulas of(int gates) {
            Expr rows = gateRows(gates, RecurrentCell.H);
            Sym n = RecurrentCell.N;
            return new CellFormulas(mul(n, rows, RecurrentCell.H), mul(n, rows, RecurrentCell.H_IN), mul(n, rows));
        }
    }

    /**
     * {@code conv_flop} over a convolution's symbols: the products {@code N·C_out·C_in/g·∏K·∏L_out} (transposed:
     * {@code N·C_in·C_out/g·∏K·∏L_in}) and the bias additions {@code N·C_out·∏L_out}.
     */
    private record ConvolutionFormulas(Expr products, Expr bias) {
        /**
         * @param dims       1, 2 or 3
         * @param transposed whether the products are counted at the input positions
         * @param symbol     the symbol of the given name ({@code K_h}, {@code H_out})
         */
        static ConvolutionFormulas of(int dims, boolean transposed, Function<String, Sym> symbol) {
            List<Expr> products = new ArrayList<>(transposed
                    ? List.of(TransposedConvolution.N, TransposedConvolution.C_IN,
                            div(TransposedConvolution.C_OUT, TransposedConvolution.G))
                    : List.of(Convolution.N, Convolution.C_OUT, div(Convolution.C_IN, Convolution.G)));
            List<Expr> bias = new ArrayList<>(transposed
                    ? List.of(TransposedConvolution.N, TransposedConvolution.C_OUT)
                    : List.of(Convolution.N, Convolution.C_OUT));
            for (int i = 0; i < dims; i++) {
                products.add(symbol.apply(kernel(dims, i)));
            }
            for (int i = 0; i < dims; i++) {
                Sym out = symbol.apply(axis(dims, i) + "_out");
                products.add(transposed ? symbol.apply(axis(dims, i) + "_in") : out);
                bias.add(out);
            }
            return new ConvolutionFormulas(mul(products), mul(bias));
        }

        /**
         * Layers of one kind and number of dimensions bind the very same symbol objects ({@code K_h}, {@code H_out}),
         * so one set of formulas serves them all: made from the first such layer counted and kept, like the other
         * formula constants. Its symbols are found in any layer's values by identity, a few comparisons; a layer
         * that bound other objects of the same names would give the same values, found by name. Only formulas are
         * kept here, never a count.
         */
        static ConvolutionFormulas common(Analysis a, int dims, boolean transposed) {
            int slot = transposed ? dims + 2 : dims - 1;
            ConvolutionFormulas made = COMMON.get(slot);
            if (made == null) {
                made = of(dims, transposed, name -> Pass.bound(a, name));
                COMMON.set(slot, made);
            }
            return made;
        }

        /** Convolutions in 1, 2, 3 dimensions, then transposed ones. */
        private static final AtomicReferenceArray<ConvolutionFormulas> COMMON = new AtomicReferenceArray<>(6);
    }

    /** {@code L}; {@code H, W}; {@code D, H, W}: the convolution layers' axis names. */
    private static String axis(int dims, int i) {
        return new String[][] {{"L"}, {"H", "W"}, {"D", "H", "W"}}[dims - 1][i];
    }

    /** {@code K} in one dimension, {@code K_h}, {@code K_w}, ... in more. */
    private static String kernel(int dims, int i) {
        return dims == 1 ? "K" : "K_" + axis(dims, i).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return ID;
    }
}
