package org.flopcheck.tools;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.float64Trunc;
import static org.flopcheck.expr.Exprs.floorDiv;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flopcheck.CountOverflowException;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Count;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.AdaptiveAvgPooling;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.ModuleNames;
import org.flopcheck.layers.Convolution;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.GRU;
import org.flopcheck.layers.GRUCell;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.LSTMCell;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.NormBase;
import org.flopcheck.layers.Recurrent;
import org.flopcheck.layers.RecurrentCell;
import org.flopcheck.layers.Softmax;
import org.flopcheck.layers.Submodule;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.layers.TransposedConvolution;
import org.flopcheck.layers.Upsample;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Parameter;
import org.flopcheck.terms.Term;

/**
 * What thop 0.1.1 reports: {@code thop.profile(model, inputs)}'s {@code total_ops} (its MACs, a float64 that is
 * always integral here) and {@code total_params}.
 *
 * <p>thop puts two forward hooks on every module whose exact class is a key of its {@code register_hooks} table
 * (subclasses do not match), one that adds the rule's count to the module's {@code total_ops} on every call and one
 * that sets its {@code total_params} to its parameter count; it runs one forward pass in eval mode under
 * {@code torch.no_grad()}. It then sums depth first ({@code dfs_count}): the profiled module's own
 * {@code total_ops}, then for each child a registered module's {@code total_ops} and {@code total_params}, any
 * other child (and {@code Sequential}, always) recursed into. So a bare leaf profiled directly reports its MACs but
 * 0 parameters; a module without a rule (GELU, Embedding, GroupNorm, MultiheadAttention) counts nothing, not even
 * its parameters; a module whose forward never ran (skipped by torch's fast path) reports 0 parameters.
 *
 * <p>The rules count per call ({@code x} the first input, {@code y} the output): convolutions
 * {@code y.numel()·⌊x.shape[1]/groups⌋·K} (no bias; transposed convolutions at output positions; an unbatched input's
 * {@code x.shape[1]} is its first spatial size), Linear {@code in_features·y.numel()}, BatchNorm, LayerNorm and
 * InstanceNorm {@code 2·x.numel()}, doubled with affine, Softmax {@code (3·D − 1)} per row, AvgPool
 * {@code y.numel()}, AdaptiveAvgPool {@code int((Π in/out + 1)·y.numel())} in float64, Upsample
 * {@code y.numel()} times 1, 5, 11 or 259 by mode (0 for trilinear), RNN, GRU and LSTM one thop cell per time step,
 * batch element, layer and direction; activations, dropout and max pooling count zero.
 *
 * <p>Worked example, the keyword-spotting model {@code Sequential(Conv2d(1, 32, (4, 10), stride=(2, 8),
 * bias=False), BatchNorm2d(32), Hardtanh(0, 3.96875))} on {@code (1, 1, 130, 40)}: the convolution's output
 * {@code (1, 32, 64, 4)} has 8,192 elements, each counted {@code ⌊1/1⌋·4·10 = 40} times: 327,680; BatchNorm2d counts
 * {@code 2·8,192·2 = 32,768}; Hardtanh has no rule: 360,448 MACs, and 1,280 + 64 = 1,344 parameters.
 *
 * <p>Source: thop 0.1.1 ({@code thop==0.1.1.post2209072238}, Lyken17/pytorch-OpCounter commit 43c064af):
 * {@code thop/profile.py}, {@code thop/vision/basic_hooks.py}, {@code thop/vision/calc_func.py},
 * {@code thop/rnn_hooks.py}. thop is AGPL-licensed; its behaviour is restated here, none of its code is copied.
 */
public final class ThopConvention implements Convention {
    public static final ThopConvention INSTANCE = new ThopConvention();

    private static final String ID = "thop-0.1.1";

    /** {@code x.numel()}, the elements of the first input a hook reads. */
    public static final Sym N_X = new Sym("n_x", "x.numel(): elements of the input thop's hook reads");
    /** {@code y.numel()}, the elements of the output a hook reads. */
    public static final Sym N_Y = new Sym("n_y", "y.numel(): elements of the output thop's hook reads");

    static final Rule REGISTERED_TYPES = new Rule(ID + "/registered-types-only", "only modules whose exact class is"
            + " a key of register_hooks get hooks (subclasses do not match): any other module, its own work (functional"
            + " calls and tensor arithmetic in its forward included) and its parameters count zero, and its children"
            + " are recursed into", "thop/profile.py register_hooks, profile (add_hooks)");

    static final Rule DFS_COUNT = new Rule(ID + "/dfs-count", "the total is the profiled module's own total_ops plus,"
            + " for each child, a registered module's total_ops and total_params, any other child (and every"
            + " Sequential) recursed into; the profiled module's own parameters are never added, so a bare leaf"
            + " reports 0 parameters", "thop/profile.py profile (dfs_count)");

    static final Rule PARAMS_AFTER_FORWARD = new Rule(ID + "/params-from-forward-hook", "a registered module's"
            + " total_params is set by a forward hook (count_parameters): a module whose forward never ran, skipped by"
            + " a fast path or never called, reports 0 parameters", "thop/vision/basic_hooks.py count_parameters;"
            + " thop/profile.py profile");

    static final Rule NO_GRAD_FAST_PATHS = new Rule(ID + "/no-grad-fast-paths", "the forward pass runs in eval mode"
            + " under torch.no_grad(), so torch 1.13 takes its native fast paths: a TransformerEncoderLayer (batched,"
            + " batch_first, even nhead) calls none of its submodules, whose hooks never fire: 0 MACs and 0"
            + " parameters", "thop/profile.py profile");

    static final Rule MHA_FAST_PATH_FAILS = new Rule(ID + "/mha-fast-path-without-bias-fails", "under no_grad a"
            + " batch-first self-attention MultiheadAttention without bias takes torch 1.13's native fast path, which"
            + " raises TypeError on the missing in_proj_bias; profile() fails", "thop/profile.py profile");

    static final Rule ZERO_OPS = new Rule(ID + "/zero-ops", "ReLU, ReLU6, Dropout, MaxPool, AdaptiveMaxPool,"
            + " Sequential, ZeroPad2d and PixelShuffle count zero (zero_ops), LeakyReLU counts zero (count_relu),"
            + " PReLU counts zero in eval mode (count_prelu); their parameters still count",
            "thop/vision/basic_hooks.py zero_ops, count_relu, count_prelu; thop/vision/calc_func.py"
                    + " calculate_relu_flops");

    static final Rule CONV = new Rule(ID + "/conv-products-only", "a convolution counts y.numel()·(x.shape[1] //"
            + " groups)·(kernel elements): the products of every output element, no additions and no bias",
            "thop/vision/basic_hooks.py count_convNd; thop/vision/calc_func.py calculate_conv2d_flops");

    static final Rule CONV_TRANSPOSED = new Rule(ID + "/conv-transposed-output-positions", "a transposed"
            + " convolution is counted with the convolution rule, at output positions: y.numel()·(in_channels //"
            + " groups)·(kernel elements), not the products torch computes per input position",
            "thop/vision/basic_hooks.py count_convNd; thop/vision/calc_func.py calculate_conv2d_flops");

    static final Rule CONV_UNBATCHED = new Rule(ID + "/conv-unbatched-reads-dim-1", "for an unbatched convolution"
            + " input (C_in, L, ...) the rule reads input_size[1], the first spatial size, as in_channels",
            "thop/vision/calc_func.py calculate_conv2d_flops");

    static final Rule LINEAR = new Rule(ID + "/linear-products-only", "Linear counts in_features·y.numel(): the"
            + " products of every output element, no additions and no bias", "thop/vision/basic_hooks.py count_linear;"
            + " thop/vision/calc_func.py calculate_linear");

    static final Rule NORMALIZATION = new Rule(ID + "/normalization-2-per-element", "BatchNorm1d/2d/3d, LayerNorm"
            + " and InstanceNorm1d/2d/3d count 2·x.numel(), doubled when affine (elementwise_affine for LayerNorm) is"
            + " set, whatever the statistics cost; GroupNorm has no rule",
            "thop/vision/basic_hooks.py count_normalization; thop/vision/calc_func.py calculate_norm");

    static final Rule SOFTMAX = new Rule(ID + "/softmax-3d-minus-1-per-row", "Softmax counts (x.numel() //"
            + " D)·(3·D − 1) with D = x.size(dim): D exponentials, D − 1 additions and D divisions per row",
            "thop/vision/basic_hooks.py count_softmax; thop/vision/calc_func.py calculate_softmax");

    static final Rule SOFTMAX_NO_DIM = new Rule(ID + "/softmax-dim-none-fails", "Softmax(dim=None) runs (torch picks"
            + " a dimension), then the hook indexes x.size() with None and raises TypeError (a 0-d input raises"
            + " IndexError); profile() fails", "thop/vision/basic_hooks.py count_softmax");

    static final Rule AVGPOOL = new Rule(ID + "/avgpool-one-per-output", "AvgPool1d/2d/3d count one operation per"
            + " output element, y.numel(), whatever the window", "thop/vision/basic_hooks.py count_avgpool;"
            + " thop/vision/calc_func.py calculate_avgpool");

    static final Rule ADAPTIVE_AVGPOOL = new Rule(ID + "/adaptive-avgpool-float-kernel", "AdaptiveAvgPool1d/2d/3d"
            + " count int((Π x.shape[i]/y.shape[i] + 1)·y.numel()) over the dimensions from the third on, evaluated in"
            + " float64 (for an unbatched input that skips the first spatial dimension)",
            "thop/vision/basic_hooks.py count_adap_avgpool; thop/vision/calc_func.py calculate_adaptive_avg");

    static final Rule UPSAMPLE = new Rule(ID + "/upsample-per-mode", "Upsample counts y.numel() times 1 (nearest),"
            + " 5 (linear), 11 (bilinear) or 259 (bicubic)", "thop/vision/basic_hooks.py count_upsample;"
            + " thop/vision/calc_func.py calculate_upsample");

    static final Rule UPSAMPLE_UNSUPPORTED = new Rule(ID + "/upsample-other-modes-zero", "Upsample in any other mode"
            + " (trilinear) counts zero and logs 'mode ... is not implemented yet, take it a zero op'",
            "thop/vision/basic_hooks.py count_upsample");

    static final Rule RNN = new Rule(ID + "/rnn-cell-per-step", "RNN, GRU and LSTM count one cell per time step,"
            + " batch element, layer and direction; a cell with G gates (1, 3, 4) counts G·H·(I + H) weight products,"
            + " G·H for combining the input and hidden parts, 2·G·H bias additions with bias, and 4·H elementwise"
            + " operations (GRU, LSTM); I is input_size in layer 0 and D·hidden_size above (proj_size is ignored)",
            "thop/rnn_hooks.py count_rnn, count_gru, count_lstm, _count_rnn_cell, _count_gru_cell, _count_lstm_cell");

    static final Rule RNN_INPUT_DIMS = new Rule(ID + "/rnn-batch-and-steps-from-input-dims", "the recurrent rules"
            + " read the batch size as x.size(1) and the steps as x.size(0) (x.size(0) and x.size(1) with batch_first)"
            + " whatever the input's rank: an unbatched (L, H_in) input counts H_in batch elements of L steps (L of"
            + " H_in steps with batch_first)", "thop/rnn_hooks.py count_rnn, count_gru, count_lstm");

    static final Rule RNN_CELLS = new Rule(ID + "/rnn-cell-batch-from-dim-0", "RNNCell, GRUCell and LSTMCell count"
            + " one cell per entry of x.size(0): the batch, or input_size for an unbatched input",
            "thop/rnn_hooks.py count_rnn_cell, count_gru_cell, count_lstm_cell");

    static final Rule FLOAT64 = new Rule(ID + "/float64-totals", "counts are accumulated in float64 tensors and"
            + " Python floats, in call and module order; a total beyond 2^53 is rounded, and the float is reported",
            "thop/profile.py profile (add_hooks, dfs_count)");

    private static final List<Rule> RULES = List.of(REGISTERED_TYPES, DFS_COUNT, PARAMS_AFTER_FORWARD,
            NO_GRAD_FAST_PATHS, MHA_FAST_PATH_FAILS, ZERO_OPS, CONV, CONV_TRANSPOSED, CONV_UNBATCHED, LINEAR,
            NORMALIZATION, SOFTMAX, SOFTMAX_NO_DIM, AVGPOOL, ADAPTIVE_AVGPOOL, UPSAMPLE, UPSAMPLE_UNSUPPORTED, RNN,
            RNN_INPUT_DIMS, RNN_CELLS, FLOAT64);

    /**
     * The hook functions of thop's {@code register_hooks}. {@code SEQUENTIAL} is zero_ops registered for
     * Sequential, kept apart because dfs_count recurses into a Sequential instead of summing it directly.
     */
    private enum Hook { ZERO, SEQUENTIAL, CONV, NORMALIZATION, SOFTMAX, AVGPOOL, ADAPTIVE_AVGPOOL, LINEAR, UPSAMPLE,
        RNN_CELL, RECURRENT }

    /**
     * {@code register_hooks}: the hook thop registers for a module of this exact class name, null for none. A
     * switch on the name rather than a map: it is asked once for every module of the forward pass, and most names
     * are string constants that the switch matches by a cached hash and an identity test.
     */
    private static Hook registeredHook(String type) {
        return switch (type) {
            case "ZeroPad2d", "PReLU", "ReLU", "ReLU6", "LeakyReLU", "MaxPool1d", "MaxPool2d", "MaxPool3d",
                    "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "Dropout", "PixelShuffle"
                    -> Hook.ZERO;
            case "Sequential" -> Hook.SEQUENTIAL;
            case "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d" -> Hook.CONV;
            case "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "InstanceNorm1d", "InstanceNorm2d",
                    "InstanceNorm3d", "SyncBatchNorm" -> Hook.NORMALIZATION;
            case "Softmax" -> Hook.SOFTMAX;
            case "AvgPool1d", "AvgPool2d", "AvgPool3d" -> Hook.AVGPOOL;
            case "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d" -> Hook.ADAPTIVE_AVGPOOL;
            case "Linear" -> Hook.LINEAR;
            case "Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d" -> Hook.UPSAMPLE;
            case "RNNCell", "GRUCell", "LSTMCell" -> Hook.RNN_CELL;
            case "RNN", "GRU", "LSTM" -> Hook.RECURRENT;
            default -> null;
        };
    }

    // The sealed layer families whose type name is built from their dimensionality ("Conv" + 2 + "d"): thop
    // registers their 1d, 2d and 3d classes alike, so a layer of such a family is classified by its Java class,
    // without asking for its name. Checked against register_hooks when this class loads.
    private static final Hook CONVOLUTION_HOOK = family("Conv");
    private static final Hook NORMALIZATION_HOOK = family("BatchNorm", "InstanceNorm");

    /** The hook register_hooks gives every class of these families, the same for each. */
    private static Hook family(String... names) {
        Hook first = registeredHook(names[0] + "1d");
        for (String name : names) {
            for (int d = 1; d <= 3; d++) {
                if (first == null || registeredHook(name + d + "d") != first) {
                    throw new IllegalStateException(name + d + "d is not registered like " + names[0] + "1d");
                }
            }
        }
        return first;
    }

    /** The hook thop registers for this layer's exact class, null for none (see {@link #registeredHook}). */
    private static Hook hookOf(Layer layer) {
        if (layer instanceof Convolution<?>) {
            return CONVOLUTION_HOOK;
        }
        if (layer instanceof NormBase<?>) {
            return NORMALIZATION_HOOK;
        }
        return registeredHook(layer.type());
    }

    /** Upsample's count per output element, by mode ({@code calculate_upsample}); other modes count zero. */
    private static final Map<String, Long> UPSAMPLE_FACTORS = Map.of("nearest", 1L, "linear", 5L, "bilinear", 11L,
            "bicubic", 224L + 35L);

    private ThopConvention() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "thop 0.1.1";
    }

    @Override
    public String description() {
        return "what thop 0.1.1's profile() reports as total_ops: per call of a module whose exact class thop has a"
                + " rule for, that rule's count (convolutions and Linear their products only, normalisations 2 or 4"
                + " per element, recurrent layers per cell and step), summed depth first from the profiled module's"
                + " children, in eval mode under torch.no_grad(); parameters only of registered modules that ran";
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    /**
     * One entry of thop's {@code ret_layer_info} tree, flattened in pre-order as the golden files record it.
     *
     * @param name        the module's dotted path from the profiled module ({@code "layer1.0.conv1"})
     * @param depth       1 for a child of the profiled module
     * @param macs        the ops thop stored for the entry (a float)
     * @param params      the parameters thop stored for it
     * @param paramsFloat whether thop returns them as a float; a recursed module under which no registered module
     *                    was reached returns the integer 0
     * @param hasChildren whether the entry has a sub-tree (a recursed module with children)
     */
    public record Row(String name, int depth, double macs, double params, boolean paramsFloat, boolean hasChildren) {
    }

    /**
     * thop's total_ops and total_params for the model. The total is computed on numbers alone, once per shared
     * subtree (see {@link Forward} and {@link #dfsCount}); the contributions are written by the same walk when read.
     */
    @Override
    public Outcome outcome(Analysis analysis) {
        return Convention.guarded(id(), analysis, () -> predict(analysis));
    }

    private Outcome predict(Analysis analysis) {
        Module root;
        try {
            root = modules(analysis);
        } catch (ThopFailure f) {
            return new Outcome.Failed(ID, f.reason, f.rule);
        }
        Tally total = dfsCount(root, "", 0, null);
        if (total.exact < 0) {
            throw overflow(analysis);
        }
        long reported = truncate(total.ops, analysis);
        return new Outcome.Counted(Count.lazy(ID, reported, () -> contributions(root, analysis, reported)),
                truncate(total.params, analysis));
    }

    /**
     * The contributions of every hook call dfs_count reaches, in its order, and the float64 rounding of the total
     * when the reported float differs from their exact sum.
     */
    private static List<Contribution> contributions(Module root, Analysis analysis, long reported) {
        Profile p = new Profile();
        dfsCount(root, "", 0, p);
        long exact = 0;
        for (Contribution c : p.parts) {
            exact = addExact(exact, c.value(), analysis);
        }
        if (reported != exact) {
            long diff = Math.subtractExact(reported, exact);
            Expr formula = diff >= 0 ? num(diff) : sub(num(0), num(-diff));
            p.parts.add(new Contribution("", analysis.layer().type(), "float64 rounding of the total", formula,
                    Bindings.empty(), 1, diff, FLOAT64));
        }
        return p.parts;
    }

    /**
     * thop's per-module breakdown ({@code ret_layer_info}), flattened in pre-order.
     *
     * @throws IllegalStateException when thop fails on this model
     */
    public List<Row> layerInfo(Analysis analysis) {
        Module root;
        try {
            root = modules(analysis);
        } catch (ThopFailure f) {
            throw new IllegalStateException(ID + " fails on this model: " + f.reason);
        }
        Profile p = new Profile();
        dfsCount(root, "", 0, p);
        return List.copyOf(p.rows);
    }

    private static long truncate(double value, Analysis analysis) {
        if (value >= 0x1p63) {
            throw overflow(analysis);
        }
        return (long) value;
    }

    private static long addExact(long a, long b, Analysis analysis) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException overflow) {
            throw overflow(analysis);
        }
    }

    private static CountOverflowException overflow(Analysis analysis) {
        return new CountOverflowException(ID + " total of " + analysis.layer().type() + " overflows long");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The module tree and the forward pass

    /**
     * One torch module: the forward calls that ran, those a fast path skipped, and its submodules by name in the
     * order they were first reached. A module holds no path: a subtree built once for a shared analysis hangs under
     * every copy's name ({@link Forward}), and the walk that writes contributions and rows joins the names on its
     * way down. The submodules are kept in arrays: most modules are never searched by name (their calls' names
     * are known to be distinct) or hold a handful, and a map is built only for a large one that is searched.
     *
     * <p>A submodule without submodules of its own that only one call reaches (most of a model's layers) is kept as
     * that call and its hook ({@link #putLeaf}) rather than as a module: all dfs_count needs of it is the call. Such
     * entries occur only in a module with a single call (see {@link Forward}), whose submodules all ran or were all
     * skipped with it, so {@link #leavesRun} holds for every one; no other entry's name reaches them, so
     * {@link #child(String, Layer, String)} never looks for them.
     *
     * <p>A module is also the {@link Tally} in which dfs_count keeps its subtree's sum once summed without a profile
     * ({@link #summed}), so that a shared subtree is summed once.
     */
    private static final class Module extends Tally {
        private static final Analysis[] NO_CALLS = {};

        /** Past this many submodules, finding one by name goes through a map rather than along the names. */
        private static final int SCANNED_CHILDREN = 8;

        /** The rule thop registered for the exact class; null for a module without hooks. */
        final Hook hook;
        /** thop's test for summing a child directly: a rule of its own, and not a Sequential. */
        final boolean summedDirectly;
        /** The calls that ran: {@code first}, then {@code more[0]} to {@code more[callCount - 2]}; most have one. */
        private Analysis first;
        private Analysis[] more = NO_CALLS;
        private int callCount;
        private List<Analysis> skipped = List.of();
        private String[] names;
        /**
         * The submodule at each name; null where {@link #leafCalls} holds a leaf's one call instead. This array and
         * the leaves' are made when the first entry of their kind is added, as long as {@link #names}.
         */
        private Module[] children;
        private Analysis[] leafCalls;
        private Hook[] leafHooks;
        /** Whether the leaf calls ran, or a fast path of this module's one call skipped them. */
        private boolean leavesRun;
        private int size;
        private Map<String, Module> byName;
        /** Whether the numbers this module holds as a {@link Tally} are its subtree's sum yet. */
        boolean summed;

        /** A module of a class with this hook (null: none), without calls or submodules yet. */
        Module(Hook hook) {
            this.hook = hook;
            this.summedDirectly = summedDirectly(hook);
        }

        void add(Analysis call, boolean runs) {
            if (runs) {
                if (callCount == 0) {
                    first = call;
                } else {
                    if (callCount - 1 == more.length) {
                        more = Arrays.copyOf(more, Math.max(2, 2 * more.length));
                    }
                    more[callCount - 1] = call;
                }
                callCount++;
            } else {
                if (skipped.isEmpty()) {
                    skipped = new ArrayList<>(1);
                }
                skipped.add(call);
            }
        }

        int callCount() {
            return callCount;
        }

        /** The {@code i}th call that ran. */
        Analysis call(int i) {
            return i == 0 ? first : more[i - 1];
        }

        List<Analysis> skipped() {
            return skipped;
        }

        /**
         * Makes room for {@code count} submodules before the first is added: a call's child calls and idle
         * submodules bound how many it can get.
         */
        void reserve(int count) {
            if (names == null && count > 0) {
                names = new String[count];
            }
        }

        int size() {
            return size;
        }

        String name(int i) {
            return names[i];
        }

        /** The submodule at entry {@code i}; null for a leaf kept as its call. */
        Module child(int i) {
            return children == null ? null : children[i];
        }

        /** The one call of the leaf at entry {@code i}; null for a module. */
        Analysis leafCall(int i) {
            return leafCalls == null ? null : leafCalls[i];
        }

        /** The hook of the leaf at entry {@code i}. */
        Hook leafHook(int i) {
            return leafHooks[i];
        }

        boolean leavesRun() {
            return leavesRun;
        }

        /**
         * The submodule at a dotted name ({@code "layers.0"}), with containers (ModuleLists, which have no hook) for
         * the names before the last. One made for the last name is of the class of {@code layer}, or when that is
         * null (an idle submodule) of the class named {@code type}.
         */
        Module child(String dotted, Layer layer, String type) {
            Module m = this;
            int from = 0;
            while (true) {
                int dot = dotted.indexOf('.', from);
                boolean last = dot < 0;
                String name = last ? dotted.substring(from) : dotted.substring(from, dot);
                Module next = m.find(name);
                if (next == null) {
                    next = new Module(!last ? null : layer != null ? hookOf(layer) : registeredHook(type));
                    m.put(name, next);
                }
                if (last) {
                    return next;
                }
                m = next;
                from = dot + 1;
            }
        }

        private Module find(String name) {
            if (size > SCANNED_CHILDREN) {
                if (byName == null) {
                    byName = new HashMap<>();
                    for (int i = 0; i < size; i++) {
                        byName.put(names[i], child(i));
                    }
                }
                return byName.get(name);
            }
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return child(i);
                }
            }
            return null;
        }

        /** Hangs a submodule under a name not yet taken. */
        void put(String name, Module child) {
            grow();
            if (children == null) {
                children = new Module[names.length];
            }
            names[size] = name;
            children[size] = child;
            size++;
            if (byName != null) {
                byName.put(name, child);
            }
        }

        /**
         * Hangs a submodule without submodules, reached by the call {@code call} alone, under a name not yet taken:
         * this module has one call, and {@code runs} says whether its submodules ran.
         */
        void putLeaf(String name, Analysis call, Hook hook, boolean runs) {
            grow();
            if (leafCalls == null) {
                leafCalls = new Analysis[names.length];
                leafHooks = new Hook[names.length];
            }
            names[size] = name;
            leafCalls[size] = call;
            leafHooks[size] = hook;
            leavesRun = runs;
            size++;
        }

        private void grow() {
            if (names == null) {
                names = new String[8];
            } else if (size == names.length) {
                int length = Math.max(8, 2 * size);
                names = Arrays.copyOf(names, length);
                if (children != null) {
                    children = Arrays.copyOf(children, length);
                }
                if (leafCalls != null) {
                    leafCalls = Arrays.copyOf(leafCalls, length);
                    leafHooks = Arrays.copyOf(leafHooks, length);
                }
            }
        }
    }

    /**
     * The forward pass under eval and no_grad: every call, in order, with the fast paths torch takes; a failure
     * raised by torch or by a hook ends it.
     */
    private static Module modules(Analysis root) throws ThopFailure {
        Module m = new Module(hookOf(root.layer()));
        new Forward().forward(m, root, true, true);
        return m;
    }

    /**
     * One forward pass, building the module tree.
     *
     * <p>A submodule whose only call in the whole pass is one analysis (the module above it is called once, and no
     * other child call or idle submodule of that call has its name or a dotted name under it) gets its hooks'
     * calls, fast paths, failures and submodules from that analysis alone: its subtree is a function of the
     * analysis's {@link Analysis#origin() origin} and of whether it runs. Such a subtree is built once per origin
     * and hung under every copy's name (Repeat's decoder layers, ResNet's identical blocks); a failure inside it is
     * raised by the first copy, where the pass would have stopped anyway. Modules that gather several calls
     * (ResNet's {@code relu}, called three times) or that dotted names reach are built call by call, as torch
     * accumulates them.
     */
    private static final class Forward {
        private final Map<Analysis, Module> running = new IdentityHashMap<>();
        /** Subtrees built where a fast path skipped the call; few models have any, so made on first use. */
        private Map<Analysis, Module> skipped;

        /**
         * Adds the call {@code a} to module {@code m} and runs its submodules.
         *
         * @param sole whether {@code a} is, and will stay, the only call of {@code m}
         */
        void forward(Module m, Analysis a, boolean runs, boolean sole) throws ThopFailure {
            m.add(a, runs);
            boolean submodulesRun = runs && !fastPath(a);
            List<Analysis> children = a.children();
            m.reserve(children.size() + a.idleSubmodules().size());
            for (int i = 0; i < children.size(); i++) {
                Analysis child = children.get(i);
                if (sole && soleEntry(a, i)) {
                    if (!child.hasSubmodules()) {
                        leaf(m, child, submodulesRun);
                    } else {
                        m.put(child.name(), shared(child, submodulesRun));
                    }
                } else {
                    forward(m.child(child.name(), child.layer(), null), child, submodulesRun, false);
                }
            }
            List<Submodule> idle = a.idleSubmodules();
            for (int i = 0; i < idle.size(); i++) {
                m.child(idle.get(i).name(), null, idle.get(i).type());
            }
            if (runs && m.hook == Hook.SOFTMAX) {
                softmaxDim(a);
            }
        }

        /**
         * Runs a call that is its module's only one and reaches no submodule, as {@link #forward} would, and hangs it
         * under {@code m} as a leaf entry: a fast path has no submodules to skip here, but may still fail.
         */
        private void leaf(Module m, Analysis call, boolean runs) throws ThopFailure {
            Hook hook = hookOf(call.layer());
            if (runs) {
                fastPath(call);
                if (hook == Hook.SOFTMAX) {
                    softmaxDim(call);
                }
            }
            m.putLeaf(call.name(), call, hook, runs);
        }

        /** The module subtree of a call that is its module's only one and has submodules, built once per origin. */
        private Module shared(Analysis call, boolean runs) throws ThopFailure {
            if (!runs && skipped == null) {
                skipped = new IdentityHashMap<>();
            }
            Map<Analysis, Module> built = runs ? running : skipped;
            Module m = built.get(call.origin());
            if (m == null) {
                m = new Module(hookOf(call.layer()));
                forward(m, call, runs, true);
                built.put(call.origin(), m);
            }
            return m;
        }
    }

    /**
     * Whether child call {@code i} of {@code a} is the only entry of {@code a}'s forward (child calls and idle
     * submodules) that reaches its submodule: a {@linkplain Analysis#soleCall sole call} whose name is the first
     * name of no idle submodule.
     */
    private static boolean soleEntry(Analysis a, int i) {
        if (!a.soleCall(i)) {
            return false;
        }
        List<Submodule> idle = a.idleSubmodules();
        if (idle.isEmpty()) {
            return true;
        }
        String name = a.children().get(i).name();
        for (int j = 0; j < idle.size(); j++) {
            if (ModuleNames.hasFirstName(idle.get(j).name(), name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether torch 1.13 replaces this call's Python forward by a native kernel under no_grad, so that no submodule
     * runs; a fast path that raises ends the pass.
     */
    private static boolean fastPath(Analysis a) throws ThopFailure {
        if (a.layer() instanceof TransformerEncoderLayer layer) {
            return layer.whyNotFastPath(a.inputs().get(0), false).isEmpty();
        }
        if (a.layer() instanceof MultiheadAttention mha && mha.whyNotFastPath(a.inputs(), false).isEmpty()) {
            Optional<String> failure = mha.fastPathFailure();
            if (failure.isPresent()) {
                throw new ThopFailure(failure.get(), MHA_FAST_PATH_FAILS);
            }
            return true;
        }
        return false;
    }

    /** An exception that ends thop's profile() call. */
    private static final class ThopFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;
        final transient Rule rule;

        ThopFailure(String reason, Rule rule) {
            super(reason, null, false, false);
            this.reason = reason;
            this.rule = rule;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dfs_count

    /**
     * A module's sum, added up in place: ops and params as thop's floats, whether params is still Python's integer
     * 0, and the exact integer sum of the hook counts behind {@code ops} ({@code -1} once it no longer fits a long:
     * every count is at least 0, so that is an overflow whatever the order).
     */
    private static class Tally {
        double ops;
        double params;
        boolean paramsFloat;
        long exact;

        /** Adds one hook call's count to the ops, as thop adds it to a float64 buffer. */
        void addCall(long count) {
            ops += count;
            exact = plusCount(exact, count);
        }

        /** Adds a child's sum, as dfs_count does. */
        void add(Tally t) {
            ops += t.ops;
            params += t.params;
            paramsFloat |= t.paramsFloat;
            exact = plusCount(exact, t.exact);
        }

        /** Back to zero, for the next child summed directly. */
        Tally clear() {
            ops = 0;
            params = 0;
            paramsFloat = false;
            exact = 0;
            return this;
        }
    }

    /** The contributions and rows one explaining walk writes. */
    private static final class Profile {
        final List<Contribution> parts = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();
    }

    /**
     * dfs_count: the module's own total_ops, then each child summed directly or recursed into, in float64 and in
     * module order.
     *
     * <p>Without a profile it computes numbers only: a subtree's sum depends on nothing outside it, so it is kept on
     * its module and a subtree shared by several copies is summed once, each copy then adding the same float at
     * its place in the parent's sum. With a profile it walks every copy under its own path, writing the
     * contributions of each call and thop's rows.
     */
    private static Tally dfsCount(Module m, String path, int depth, Profile profile) {
        return dfsCount(m, path, depth, profile, new Tally());
    }

    /**
     * {@link #dfsCount(Module, String, int, Profile)}, with {@code own} to hold one child's own total_ops (and
     * total_params if summed directly) at a time: it is added to the parent's sum before the next child is counted,
     * so one is enough for the whole walk.
     */
    private static Tally dfsCount(Module m, String path, int depth, Profile profile, Tally own) {
        if (profile == null && m.summed) {
            return m;
        }
        Tally sum = profile == null ? m : new Tally();   // without a profile the sum is kept on the module
        ownOps(m, path, profile, sum);
        for (int i = 0; i < m.size(); i++) {
            Module child = m.child(i);
            String childPath = profile == null ? null : join(path, m.name(i));
            int at = profile == null ? 0 : profile.rows.size();
            Tally t;
            if (child == null) {
                // a leaf: dfs_count sums it directly or recurses into it, finding no children either way
                Analysis call = m.leafCall(i);
                Hook hook = m.leafHook(i);
                t = own.clear();
                if (m.leavesRun()) {
                    callOps(hook, call, childPath, profile, t);
                } else if (profile != null) {
                    skippedCall(call, childPath, profile);
                }
                if (summedDirectly(hook)) {
                    t.params = m.leavesRun() ? parameters(call) : 0;
                    t.paramsFloat = true;
                }
            } else if (child.summedDirectly) {
                t = own.clear();
                ownOps(child, childPath, profile, t);
                t.params = parameters(child);
                t.paramsFloat = true;
            } else {
                t = dfsCount(child, childPath, depth + 1, profile, own);
            }
            if (profile != null) {
                boolean sub = child != null && !child.summedDirectly && child.size() > 0;
                profile.rows.add(at, new Row(childPath, depth + 1, t.ops, t.params, t.paramsFloat, sub));
            }
            sum.add(t);
        }
        if (profile == null) {
            m.summed = true;
        }
        return sum;
    }

    /**
     * Adds the module's total_ops buffer to {@code into}, which holds nothing yet: its hook's count added on every
     * call, in float64; with a profile, each call's contributions and the terms the hook leaves out.
     */
    private static void ownOps(Module m, String path, Profile profile, Tally into) {
        for (int i = 0; i < m.callCount(); i++) {
            callOps(m.hook, m.call(i), path, profile, into);
        }
        if (profile != null) {
            for (Analysis call : m.skipped()) {
                skippedCall(call, path, profile);
            }
        }
    }

    /** Adds one call's count to its module's total_ops; with a profile, its contributions. */
    private static void callOps(Hook hook, Analysis call, String path, Profile profile, Tally into) {
        long callOps = hook == null ? 0 : hookOps(hook, call);
        into.addCall(callOps);   // the hook's integer count, added to a float64 buffer once per call
        if (profile != null) {
            explainCall(hook, call, callOps, path, profile.parts);
        }
    }

    /** A call a fast path skipped: its hooks never fired, so all its terms are left out. */
    private static void skippedCall(Analysis call, String path, Profile profile) {
        uncounted(call, path, Set.of(), NO_GRAD_FAST_PATHS, profile.parts);
    }

    /** thop's test for summing a child directly: a rule of its own, and not a Sequential. */
    private static boolean summedDirectly(Hook hook) {
        return hook != null && hook != Hook.SEQUENTIAL;
    }

    /** One call's contributions, which must add up to the count {@code callOps} its hook gave. */
    private static void explainCall(Hook hook, Analysis call, long callOps, String path, List<Contribution> into) {
        List<Contribution> counted = hook == null ? List.of() : hookParts(hook, call, path);
        Set<String> names = new HashSet<>();
        long sum = 0;
        for (Contribution c : counted) {
            into.add(c);
            names.add(c.name());
            sum = Math.addExact(sum, c.value());
        }
        if (sum != callOps) {
            throw new IllegalStateException(ID + " parts of " + call.layer().type() + " add up to " + sum + ", not "
                    + callOps);
        }
        uncounted(call, path, names, hook == null ? REGISTERED_TYPES : ruleOf(hook, call), into);
    }

    /** {@code a + b} for counts that are never negative; {@code -1} once the sum no longer fits a long. */
    private static long plusCount(long a, long b) {
        long sum = a + b;
        return a < 0 || b < 0 || sum < 0 ? -1 : sum;
    }

    /**
     * count_parameters: {@code module.parameters()} summed in float64, set on the module's last call (every call
     * sets the same); 0 if it never ran.
     */
    private static double parameters(Module m) {
        return m.callCount() == 0 ? 0 : parameters(m.call(0));
    }

    /** count_parameters for a module that ran this call. */
    private static double parameters(Analysis call) {
        long exact;
        try {
            exact = call.params().total();
        } catch (CountOverflowException beyondLong) {
            return addParameters(call, 0);
        }
        // Params.total is the same sum as addParameters (own tensors without buffers, then each submodule's once
        // by name), kept on the analysis; below 2^53 every partial float64 sum is an exact integer, so it is also
        // the float thop adds, whatever the order
        return exact < FLOAT64_EXACT ? exact : addParameters(call, 0);
    }

    /** 2^53: integers below it, and sums of non-negative integers below it, are exact in float64. */
    private static final long FLOAT64_EXACT = 1L << 53;

    /**
     * {@code total} plus {@code module.parameters()} in order: the module's own tensors, then its submodules', each
     * submodule once; no buffers.
     */
    private static double addParameters(Analysis a, double total) {
        List<Parameter> own = a.parameters();
        for (int i = 0; i < own.size(); i++) {
            Parameter p = own.get(i);
            if (!p.buffer()) {
                total += p.value();
            }
        }
        List<Analysis> children = a.children();
        if (!children.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (Analysis child : children) {
                if (seen.add(child.name())) {
                    total = addParameters(child, total);
                }
            }
        }
        return total;
    }

    /** The layer's own terms that thop does not count, each as a contribution of weight 0 with the reason. */
    private static void uncounted(Analysis a, String path, Set<String> counted, Rule rule, List<Contribution> into) {
        for (Term t : a.terms()) {
            if (!counted.contains(t.name()) && t.value() != 0) {
                into.add(new Contribution(path, a.layer().type(), t.name(), t.count(), a.values(), 0, 0, rule));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The hooks: each rule is a method that returns thop's integer count for one call, used for the total, and a
    // method that writes that count's contributions, whose formulas must give the same number

    /** The count one call adds to its module's total_ops. */
    private static long hookOps(Hook hook, Analysis a) {
        return switch (hook) {
            case ZERO, SEQUENTIAL -> 0;
            case CONV -> convOps(a);
            case NORMALIZATION -> normalizationOps(a);
            case SOFTMAX -> softmaxOps(a);
            case AVGPOOL -> avgpoolOps(a);
            case ADAPTIVE_AVGPOOL -> adaptiveAvgpoolOps(a);
            case LINEAR -> linearOps(a);
            case UPSAMPLE -> upsampleOps(a);
            case RNN_CELL -> rnnCellOps(a);
            case RECURRENT -> rnnOps(a);
        };
    }

    /** The contributions of one call, adding up to {@link #hookOps}. */
    private static List<Contribution> hookParts(Hook hook, Analysis a, String path) {
        return switch (hook) {
            case ZERO, SEQUENTIAL -> List.of();
            case CONV -> countConvNd(a, path);
            case NORMALIZATION -> countNormalization(a, path);
            case SOFTMAX -> countSoftmax(a, path);
            case AVGPOOL -> countAvgpool(a, path);
            case ADAPTIVE_AVGPOOL -> countAdapAvgpool(a, path);
            case LINEAR -> countLinear(a, path);
            case UPSAMPLE -> countUpsample(a, path);
            case RNN_CELL -> countRnnCell(a, path);
            case RECURRENT -> countRnn(a, path);
        };
    }

    /** The rule that explains what a hook leaves out of this call's terms. */
    private static Rule ruleOf(Hook hook, Analysis a) {
        return switch (hook) {
            case ZERO, SEQUENTIAL -> ZERO_OPS;
            case CONV -> a.layer() instanceof TransposedConvolution<?> ? CONV_TRANSPOSED : CONV;
            case NORMALIZATION -> NORMALIZATION;
            case SOFTMAX -> SOFTMAX;
            case AVGPOOL -> AVGPOOL;
            case ADAPTIVE_AVGPOOL -> ADAPTIVE_AVGPOOL;
            case LINEAR -> LINEAR;
            case UPSAMPLE -> UPSAMPLE_FACTORS.containsKey(upsample(a).mode()) ? UPSAMPLE : UPSAMPLE_UNSUPPORTED;
            case RNN_CELL -> RNN_CELLS;
            case RECURRENT -> RNN;
        };
    }

    /** A convolution's groups and kernel, transposed or not. */
    private record ConvGeometry(long groups, Dims kernel) {
    }

    private static ConvGeometry convGeometry(Analysis a) {
        if (a.layer() instanceof Convolution<?> c) {
            return new ConvGeometry(c.groups(), c.kernelSize());
        }
        if (a.layer() instanceof TransposedConvolution<?> t) {
            return new ConvGeometry(t.groups(), t.kernelSize());
        }
        throw unmodelled(a, "count_convNd");
    }

    /** count_convNd: {@code y.numel()·(x.shape[1] // groups)·Π kernel}. */
    private static long convOps(Analysis a) {
        ConvGeometry conv = convGeometry(a);
        long value = Math.multiplyExact(a.output().numel(), a.inputs().get(0).dim(1) / conv.groups());
        for (int i = 0; i < conv.kernel().size(); i++) {
            value = Math.multiplyExact(value, conv.kernel().get(i));
        }
        return value;
    }

    /**
     * count_convNd's contribution. For a batched input that is the layer's weight multiplications; an unbatched
     * input's {@code x.shape[1]} is its first spatial size.
     */
    private static List<Contribution> countConvNd(Analysis a, String path) {
        long value = convOps(a);
        int dims = convGeometry(a).kernel().size();
        boolean transposed = a.layer() instanceof TransposedConvolution<?>;
        boolean batched = a.inputs().get(0).rank() == dims + 2;
        List<Expr> factors = new ArrayList<>(List.of(sym(a, "N"), sym(a, "C_out")));
        for (int i = 0; i < dims; i++) {
            factors.add(sym(a, axis(dims, i) + "_out"));
        }
        Sym g = sym(a, "g");
        factors.add(batched ? div(sym(a, "C_in"), g) : floorDiv(sym(a, axis(dims, 0) + "_in"), g));
        for (int i = 0; i < dims; i++) {
            factors.add(sym(a, dims == 1 ? "K" : "K_" + axis(dims, i).toLowerCase(Locale.ROOT)));
        }
        String name = transposed ? "products counted at output positions" : "weight multiplications";
        Rule rule = !batched ? CONV_UNBATCHED : transposed ? CONV_TRANSPOSED : CONV;
        return List.of(part(a, path, name, mul(factors), a.values(), value, rule));
    }

    /** Whether a normalization layer is affine (elementwise_affine for LayerNorm). */
    private static boolean affine(Analysis a) {
        if (a.layer() instanceof NormBase<?> n) {
            return n.affine();
        }
        if (a.layer() instanceof LayerNorm n) {
            return n.elementwiseAffine();
        }
        throw unmodelled(a, "count_normalization");
    }

    /** count_normalization: {@code 2·x.numel()}, doubled with affine or elementwise_affine. */
    private static long normalizationOps(Analysis a) {
        boolean affine = affine(a);
        long value = Math.multiplyExact(2, a.inputs().get(0).numel());
        return affine ? Math.multiplyExact(value, 2) : value;
    }

    private static List<Contribution> countNormalization(Analysis a, String path) {
        long value = normalizationOps(a);
        boolean affine = affine(a);
        long numel = a.inputs().get(0).numel();
        Expr formula = affine ? mul(num(2), N_X, num(2)) : mul(num(2), N_X);
        String name = affine ? "normalization counted as 4 per element (affine)"
                : "normalization counted as 2 per element";
        return List.of(part(a, path, name, formula, bind(a.values(), N_X, numel), value, NORMALIZATION));
    }

    /** count_softmax's failure: the hook indexes {@code x.size()} with {@code m.dim}. */
    private static void softmaxDim(Analysis a) throws ThopFailure {
        Softmax s = (Softmax) a.layer();
        if (s.dim().isEmpty()) {
            throw new ThopFailure("TypeError: tuple indices must be integers or slices, not NoneType",
                    SOFTMAX_NO_DIM);
        }
        if (a.inputs().get(0).rank() == 0) {
            throw new ThopFailure("IndexError: tuple index out of range", SOFTMAX_NO_DIM);
        }
    }

    /** count_softmax: {@code (x.numel() // D)·(D + (D − 1) + D)} with {@code D = x.size(dim)}. */
    private static long softmaxOps(Analysis a) {
        Shape x = a.inputs().get(0);
        int dim = ((Softmax) a.layer()).dim().orElseThrow();
        long features = x.dim(dim);
        long rows = x.numel() / features;
        return Math.multiplyExact(rows, 3 * features - 1);
    }

    private static List<Contribution> countSoftmax(Analysis a, String path) {
        long value = softmaxOps(a);
        Expr formula = mul(sym(a, "R"), sub(mul(num(3), sym(a, "D")), num(1)));
        return List.of(part(a, path, "softmax counted as 3·D − 1 per row", formula, a.values(), value, SOFTMAX));
    }

    /** count_avgpool: {@code y.numel()}. */
    private static long avgpoolOps(Analysis a) {
        return a.output().numel();
    }

    private static List<Contribution> countAvgpool(Analysis a, String path) {
        long value = avgpoolOps(a);
        return List.of(part(a, path, "one operation per output element", N_Y, bind(a.values(), N_Y, value), value,
                AVGPOOL));
    }

    private static AdaptiveAvgPooling<?> adaptiveAvgPool(Analysis a) {
        if (!(a.layer() instanceof AdaptiveAvgPooling<?> pool)) {
            throw unmodelled(a, "count_adap_avgpool");
        }
        return pool;
    }

    /**
     * count_adap_avgpool: {@code int((prod(x.shape[2:] / y.shape[2:]) + 1)·y.numel())}, the kernel a float64 ratio
     * per dimension, its product formed left to right.
     */
    private static long adaptiveAvgpoolOps(Analysis a) {
        adaptiveAvgPool(a);
        Shape x = a.inputs().get(0);
        Shape y = a.output();
        double kernel = 1;
        for (int i = 2; i < x.rank(); i++) {
            kernel *= (double) x.dim(i) / (double) y.dim(i);
        }
        return (long) ((kernel + 1) * (double) y.numel());
    }

    private static List<Contribution> countAdapAvgpool(Analysis a, String path) {
        long value = adaptiveAvgpoolOps(a);
        Shape x = a.inputs().get(0);
        int dims = adaptiveAvgPool(a).outputSize().size();
        int first = x.rank() - dims;
        List<Expr> ratios = new ArrayList<>();
        for (int i = 2; i < x.rank(); i++) {
            int axis = i - first;
            ratios.add(div(sym(a, axis(dims, axis) + "_in"), sym(a, axis(dims, axis) + "_out")));
        }
        Expr formula = float64Trunc(mul(add(ratios.isEmpty() ? num(1) : mul(ratios), num(1)), N_Y));
        return List.of(part(a, path, "window averaged as (input/output size ratio + 1) per output element",
                formula, bind(a.values(), N_Y, a.output().numel()), value, ADAPTIVE_AVGPOOL));
    }

    private static Linear linear(Analysis a) {
        if (!(a.layer() instanceof Linear linear)) {
            throw unmodelled(a, "count_linear");
        }
        return linear;
    }

    /** count_linear: {@code in_features·y.numel()}, the layer's weight multiplications. */
    private static long linearOps(Analysis a) {
        return Math.multiplyExact(linear(a).inFeatures(), a.output().numel());
    }

    private static List<Contribution> countLinear(Analysis a, String path) {
        long value = linearOps(a);
        Expr formula = mul(sym(a, "M"), sym(a, "H_out"), sym(a, "H_in"));
        return List.of(part(a, path, "weight multiplications", formula, a.values(), value, LINEAR));
    }

    /** count_upsample: {@code y.nelement()} times the mode's factor; other modes count nothing. */
    private static long upsampleOps(Analysis a) {
        Long factor = UPSAMPLE_FACTORS.get(upsample(a).mode());
        return factor == null ? 0 : Math.multiplyExact(a.output().numel(), factor);
    }

    private static List<Contribution> countUpsample(Analysis a, String path) {
        long value = upsampleOps(a);
        Long factor = UPSAMPLE_FACTORS.get(upsample(a).mode());
        if (factor == null) {
            return List.of();
        }
        long numel = a.output().numel();
        Expr formula = factor == 1 ? N_Y : mul(N_Y, num(factor));
        String name = factor == 1 ? "output elements counted once each"
                : "interpolation counted as " + factor + " per output element";
        return List.of(part(a, path, name, formula, bind(a.values(), N_Y, numel), value, UPSAMPLE));
    }

    private static Upsample upsample(Analysis a) {
        if (!(a.layer() instanceof Upsample u)) {
            throw unmodelled(a, "count_upsample");
        }
        return u;
    }

    /** The gates of a cell kind: 1 (RNN), 3 (GRU), 4 (LSTM). */
    private static long gates(Analysis a) {
        return a.layer() instanceof LSTM || a.layer() instanceof LSTMCell ? 4
                : a.layer() instanceof GRU || a.layer() instanceof GRUCell ? 3 : 1;
    }

    /** One thop cell ({@code _count_rnn_cell}, {@code _count_gru_cell}, {@code _count_lstm_cell}). */
    private static long thopCell(long gates, long input, long hidden, boolean bias) {
        long perGate = Math.addExact(Math.multiplyExact(Math.addExact(input, hidden), hidden), hidden);
        if (bias) {
            perGate = Math.addExact(perGate, 2 * hidden);
        }
        long ops = Math.multiplyExact(gates, perGate);
        if (gates == 3) {
            ops = Math.addExact(ops, Math.multiplyExact(4, hidden));   // r·(W_hn h + b_hn), then (1 − z)·n + z·h
        } else if (gates == 4) {
            ops = Math.addExact(ops, Math.multiplyExact(4, hidden));   // c' = f·c + i·g, then h' = o·tanh(c')
        }
        return ops;
    }

    private static Recurrent<?> recurrent(Analysis a) {
        if (!(a.layer() instanceof Recurrent<?> r)) {
            throw unmodelled(a, "count_rnn");
        }
        return r;
    }

    /**
     * count_rnn, count_gru, count_lstm: one thop cell per layer and direction (upper layers take D·hidden_size
     * inputs), times the steps and the batch read from the input's dimensions.
     */
    private static long rnnOps(Analysis a) {
        Recurrent<?> r = recurrent(a);
        Shape x = a.inputs().get(0);
        long batch = r.batchFirst() ? x.dim(0) : x.dim(1);
        long steps = r.batchFirst() ? x.dim(1) : x.dim(0);
        long g = gates(a);
        long directions = r.bidirectional() ? 2 : 1;
        long h = r.hiddenSize();
        long total = Math.multiplyExact(thopCell(g, r.inputSize(), h, r.bias()), directions);
        for (long i = 0; i < r.numLayers() - 1; i++) {
            total = Math.addExact(total, Math.multiplyExact(thopCell(g, directions * h, h, r.bias()), directions));
        }
        return Math.multiplyExact(Math.multiplyExact(total, steps), batch);
    }

    private static List<Contribution> countRnn(Analysis a, String path) {
        long total = rnnOps(a);
        Recurrent<?> r = recurrent(a);
        Shape x = a.inputs().get(0);
        long g = gates(a);
        boolean batched = x.rank() == 3;
        Sym t = batched || !r.batchFirst() ? sym(a, "L") : sym(a, "H_in");
        Sym b = batched ? sym(a, "N") : r.batchFirst() ? sym(a, "L") : sym(a, "H_in");
        Rule rule = batched ? RNN : RNN_INPUT_DIMS;
        Sym d = sym(a, "D");
        Sym layers = sym(a, "n_layers");
        Sym hs = sym(a, "H");
        List<Expr> perCell = List.of(t, b, d);
        List<Expr> perLayerCell = List.of(t, b, d, layers);
        List<Contribution> parts = new ArrayList<>();
        parts.add(part(a, path, "input-hidden weight multiplications, layer 0",
                times(perCell, gated(g, hs, sym(a, "H_in"))), a.values(), rule));
        if (r.numLayers() > 1) {
            parts.add(part(a, path, "input-hidden weight multiplications, layers above 0",
                    times(List.of(t, b, d, sub(layers, num(1))), gated(g, hs, d, hs)), a.values(), rule));
        }
        cellParts(a, path, perLayerCell, g, hs, r.bias(), rule, parts);
        return checked(a, parts, total);
    }

    private static RecurrentCell<?> recurrentCell(Analysis a) {
        if (!(a.layer() instanceof RecurrentCell<?> cell)) {
            throw unmodelled(a, "count_rnn_cell");
        }
        return cell;
    }

    /** count_rnn_cell, count_gru_cell, count_lstm_cell: one thop cell per entry of {@code x.size(0)}. */
    private static long rnnCellOps(Analysis a) {
        RecurrentCell<?> cell = recurrentCell(a);
        return Math.multiplyExact(thopCell(gates(a), cell.inputSize(), cell.hiddenSize(), cell.bias()),
                a.inputs().get(0).dim(0));
    }

    private static List<Contribution> countRnnCell(Analysis a, String path) {
        long total = rnnCellOps(a);
        RecurrentCell<?> cell = recurrentCell(a);
        Shape x = a.inputs().get(0);
        long g = gates(a);
        Sym b = x.rank() == 2 ? sym(a, "N") : sym(a, "H_in");
        Sym hs = sym(a, "H");
        List<Contribution> parts = new ArrayList<>();
        parts.add(part(a, path, "input-hidden weight multiplications", times(List.of(b), gated(g, hs, sym(a, "H_in"))),
                a.values(), RNN_CELLS));
        cellParts(a, path, List.of(b), g, hs, cell.bias(), RNN_CELLS, parts);
        return checked(a, parts, total);
    }

    /**
     * The parts of a thop cell beyond the input weights, each times {@code per}: hidden weight products, the
     * combining additions, biases and the GRU/LSTM elementwise operations.
     */
    private static void cellParts(Analysis a, String path, List<Expr> per, long g, Sym h, boolean bias,
                                          Rule rule, List<Contribution> parts) {
        parts.add(part(a, path, "hidden-hidden weight multiplications", times(per, gated(g, h, h)), a.values(), rule));
        parts.add(part(a, path, "input and hidden parts combined", times(per, gated(g, h)), a.values(), rule));
        if (bias) {
            parts.add(part(a, path, "bias additions", times(per, gated(g, num(2), h)), a.values(), rule));
        }
        if (g == 4) {
            parts.add(part(a, path, "cell state multiplications", times(per, List.of(num(2), h)), a.values(), rule));
            parts.add(part(a, path, "cell state additions", times(per, List.of(h)), a.values(), rule));
            parts.add(part(a, path, "output gate multiplications", times(per, List.of(h)), a.values(), rule));
        } else if (g == 3) {
            parts.add(part(a, path, "reset gate multiplications", times(per, List.of(h)), a.values(), rule));
            parts.add(part(a, path, "state update operations (thop: 3 per element)", times(per, List.of(num(3), h)),
                    a.values(), rule));
        }
    }

    /** {@code G·factors}, without the G for a one-gate cell. */
    private static List<Expr> gated(long g, Expr... factors) {
        List<Expr> all = new ArrayList<>();
        if (g != 1) {
            all.add(num(g));
        }
        all.addAll(List.of(factors));
        return all;
    }

    private static Expr times(List<Expr> head, List<Expr> tail) {
        List<Expr> all = new ArrayList<>(head);
        all.addAll(tail);
        return mul(all);
    }

    /** The parts of a hook's count, which must add up to the hook's own arithmetic. */
    private static List<Contribution> checked(Analysis a, List<Contribution> parts, long total) {
        long sum = 0;
        for (Contribution c : parts) {
            sum = Math.addExact(sum, c.value());
        }
        if (sum != total) {
            throw new IllegalStateException(ID + " parts of " + a.layer().type() + " add up to " + sum + ", not "
                    + total);
        }
        return List.copyOf(parts);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Formulas

    /** A contribution whose value is its formula's. */
    private static Contribution part(Analysis a, String path, String name, Expr formula, Bindings values, Rule rule) {
        return new Contribution(path, a.layer().type(), name, formula, values, 1, eval(a, name, formula, values),
                rule);
    }

    /** A contribution whose formula must give the value thop's own arithmetic gave. */
    private static Contribution part(Analysis a, String path, String name, Expr formula, Bindings values, long value,
                                     Rule rule) {
        long check = eval(a, name, formula, values);
        if (check != value) {
            throw new IllegalStateException(ID + " " + a.layer().type() + " " + name + ": formula " + formula.plain()
                    + " gives " + check + ", thop's arithmetic " + value);
        }
        return new Contribution(path, a.layer().type(), name, formula, values, 1, value, rule);
    }

    private static long eval(Analysis a, String name, Expr formula, Bindings values) {
        try {
            return formula.eval(values);
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(ID + " " + name + " of " + a.layer().type() + " overflows long");
        }
    }

    /** The layer's own symbol of this name; a layer that binds none is a programming error. */
    private static Sym sym(Analysis a, String name) {
        for (Sym s : a.values().asMap().keySet()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalStateException(a.layer().type() + " binds no symbol " + name + "; bound: " + a.values());
    }

    private static Bindings bind(Bindings values, Sym s, long value) {
        return values.has(s) ? values : values.with(s, value);
    }

    /** The layers' axis letters: {@code L}; {@code H, W}; {@code D, H, W}. */
    private static String axis(int dims, int i) {
        return switch (dims) {
            case 1 -> "L";
            case 2 -> i == 0 ? "H" : "W";
            default -> i == 0 ? "D" : i == 1 ? "H" : "W";
        };
    }

    private static IllegalStateException unmodelled(Analysis a, String hook) {
        return new IllegalStateException(ID + ": " + hook + " is not modelled for layer class "
                + a.layer().getClass().getSimpleName());
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
