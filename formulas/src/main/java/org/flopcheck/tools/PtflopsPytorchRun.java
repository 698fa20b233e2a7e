package org.flopcheck.tools;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.floorDiv;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flopcheck.CountOverflowException;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Count;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.layers.AdaptiveAvgPooling;
import org.flopcheck.layers.AdaptiveMaxPooling;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.AvgPooling;
import org.flopcheck.layers.Convolution;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.GroupNorm;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MaxPooling;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.NormBase;
import org.flopcheck.layers.Recurrent;
import org.flopcheck.layers.RecurrentCell;
import org.flopcheck.layers.TransposedConvolution;
import org.flopcheck.layers.Upsample;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Parameter;

/**
 * One call of ptflops' {@code get_model_complexity_info(..., backend='pytorch')} on an analysed model, simulated:
 * torch's forward pass in call order, the patched functional calls each module's forward makes, then the forward
 * hooks ptflops registered (the root's batch counter first), and finally {@code compute_average_flops_cost} and the
 * float64 sum. One method per hook, named after ptflops' function. Not thread-safe; one instance per run.
 *
 * <p>A run counts or explains. Counting ({@link #outcome}) keeps only what {@code compute_average_flops_cost}
 * reads: the sum of the modules' {@code __flops__}, the functional list's Python sum and the tensor-op list's sum.
 * Every hook computes its counts as numbers; when explaining, it first writes each count's formula, and the number
 * it then adds is matched, in order, with that formula's value (a disagreement is an {@link IllegalStateException}).
 * The contributions of a count are written by an explaining run when they are read ({@link Count#lazy}).
 *
 * <p>What a subtree below the root adds depends on nothing outside it: hooks and patched calls read only their own
 * module and tensors, {@code __flops__} of different calls add up whatever their order, and the division by the
 * batch counter comes once, at the end, over the sum. A counting run therefore adds each shared subtree
 * ({@link Analysis#origin()}: ResNet's identical blocks, Repeat's copies) once and reuses its sums for every copy.
 * The one order-dependent part is the functional list once a float is in it (a scalar {@code scale_factor} of
 * F.interpolate): from then on each element is added in float64 in call order, so subtrees are walked again.
 */
final class PtflopsPytorchRun {

    /** A Python exception raised during the counted forward pass, which ptflops prints and swallows. */
    private static final class PythonException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Rule rule;

        PythonException(String text, Rule rule) {
            super(text, null, false, false);
            this.rule = rule;
        }
    }

    /** A model this convention cannot predict, refused rather than guessed. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String why) {
            super(why, null, false, false);
        }
    }

    /** A float appended to the functional list: its contribution (the integer part) and the float itself. */
    private record FloatAppended(Contribution part, double python) {
    }

    /** What one subtree adds to the three sums, when the functional list held only ints before and after it. */
    private record Subtotal(long hooks, long functional, long tensorOps) {
    }

    /** The symbol values of one contribution's formula. */
    private static final class Sheet {
        private final Map<Sym, Long> values = new LinkedHashMap<>();

        Sym sym(String name, String meaning, long value) {
            Sym s = new Sym(name, meaning);
            Long old = values.putIfAbsent(s, value);
            if (old != null && old != value) {
                throw new IllegalStateException("symbol " + name + " bound to " + old + " and " + value);
            }
            return s;
        }

        Bindings bindings() {
            return Bindings.of(values);
        }
    }

    private static final String[][] AXES = {{"L"}, {"H", "W"}, {"D", "H", "W"}};
    private static final String[][] WORDS = {{"length"}, {"height", "width"}, {"depth", "height", "width"}};

    private static final Set<String> CONVOLUTIONS = Set.of("Conv1d", "Conv2d", "Conv3d");
    private static final Set<String> TRANSPOSED = Set.of("ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d");
    private static final Set<String> RELU_HOOKED = Set.of("ReLU", "PReLU", "ELU", "LeakyReLU", "ReLU6", "GELU");
    private static final Set<String> POOLS = Set.of("MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d",
            "AvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "AdaptiveAvgPool1d",
            "AdaptiveAvgPool2d", "AdaptiveAvgPool3d");
    private static final Set<String> NORMS = Set.of("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d",
            "InstanceNorm2d", "InstanceNorm3d", "GroupNorm", "LayerNorm");
    private static final Set<String> RECURRENT = Set.of("RNN", "GRU", "LSTM");
    private static final Set<String> CELLS = Set.of("RNNCell", "GRUCell", "LSTMCell");

    /**
     * Modules whose forward calls nothing ptflops patches (no F.relu, F.gelu, F.silu, F.softmax, functional pooling,
     * F.interpolate, torch.matmul/mm/bmm/addmm/baddbmm/mul/add) in torch 1.13 and torchvision 0.14.
     */
    private static final Set<String> NO_PATCHED_CALLS = Set.of("Sequential", "ModuleList", "Wrapper",
            "PositionalWrapper", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
            "Linear", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d",
            "InstanceNorm3d", "GroupNorm", "LayerNorm", "Embedding", "Dropout", "Flatten", "Identity", "Hardtanh",
            "ReLU6", "LeakyReLU", "Sigmoid", "Tanh", "RNN", "GRU", "LSTM", "RNNCell", "GRUCell", "LSTMCell",
            // torch's TransformerEncoderLayer calls its activation through a function captured at construction
            "TransformerEncoderLayer", "TransformerEncoder",
            // torchvision: ReLU, pooling and Linear are modules; out += identity, torch.flatten are not patched
            "ResNet", "BasicBlock", "Bottleneck", "AlexNet", "VGG", "InvertedResidual", "Conv2dNormActivation");

    /** The functional each module's forward calls and ptflops counts by input elements. */
    private static final Map<String, String> NUMEL_FUNCTIONALS = Map.ofEntries(
            Map.entry("ReLU", "F.relu"), Map.entry("PReLU", "F.prelu"), Map.entry("ELU", "F.elu"),
            Map.entry("GELU", "F.gelu"), Map.entry("SiLU", "F.silu"), Map.entry("Softmax", "F.softmax"),
            Map.entry("MaxPool1d", "F.max_pool1d"), Map.entry("MaxPool2d", "F.max_pool2d"),
            Map.entry("MaxPool3d", "F.max_pool3d"), Map.entry("AvgPool1d", "F.avg_pool1d"),
            Map.entry("AvgPool2d", "F.avg_pool2d"), Map.entry("AvgPool3d", "F.avg_pool3d"),
            Map.entry("AdaptiveMaxPool1d", "F.adaptive_max_pool1d"),
            Map.entry("AdaptiveMaxPool2d", "F.adaptive_max_pool2d"),
            Map.entry("AdaptiveMaxPool3d", "F.adaptive_max_pool3d"),
            Map.entry("AdaptiveAvgPool1d", "F.adaptive_avg_pool1d"),
            Map.entry("AdaptiveAvgPool2d", "F.adaptive_avg_pool2d"),
            Map.entry("AdaptiveAvgPool3d", "F.adaptive_avg_pool3d"));

    /** The forward hook MODULES_MAPPING gives a module class. */
    enum Hook { NONE, CONV, CONV_TRANSPOSE, RELU, POOL, BN, LINEAR, UPSAMPLE, RNN, RNN_CELL, MULTIHEAD_ATTENTION }

    /** What a module class's forward calls among the functions and tensor operations ptflops patches. */
    enum Calls { NOTHING, NUMEL_FUNCTIONAL, INTERPOLATE, MULTI_HEAD_ATTENTION_FORWARD, MOBILENET_POOLING }

    /** What ptflops sees of one module class: its hook and its forward's patched calls. */
    record ModuleClass(Hook hook, Calls calls) {
    }

    /**
     * Every module class whose forward is known, by type name, read off the tables above once, so that a module
     * costs one lookup; a class absent from it is refused.
     */
    private static final Map<String, ModuleClass> MODULE_CLASSES = moduleClasses();

    // The sealed layer families whose type name is built from their dimensionality on every call ("Conv" + 2 +
    // "d"): ptflops maps their 1d, 2d and 3d classes alike, so a layer of such a family is classified by its Java
    // class without building the name. Checked against the table above when this class loads.
    private static final ModuleClass CONVOLUTION = family("Conv");
    private static final ModuleClass TRANSPOSED_CONVOLUTION = family("ConvTranspose");
    private static final ModuleClass NORMALIZATION = family("BatchNorm", "InstanceNorm");
    private static final ModuleClass POOLING = family("MaxPool", "AvgPool", "AdaptiveMaxPool", "AdaptiveAvgPool");

    private static Map<String, ModuleClass> moduleClasses() {
        Set<String> types = new HashSet<>(NO_PATCHED_CALLS);
        types.addAll(NUMEL_FUNCTIONALS.keySet());
        types.addAll(List.of("Upsample", "MultiheadAttention", "MobileNetV2"));
        Map<String, ModuleClass> classes = new HashMap<>();
        for (String type : types) {
            Calls calls;
            if (NUMEL_FUNCTIONALS.containsKey(type)) {
                calls = Calls.NUMEL_FUNCTIONAL;
            } else if (type.equals("Upsample")) {
                calls = Calls.INTERPOLATE;
            } else if (type.equals("MultiheadAttention")) {
                calls = Calls.MULTI_HEAD_ATTENTION_FORWARD;
            } else if (type.equals("MobileNetV2")) {
                calls = Calls.MOBILENET_POOLING;
            } else {
                calls = Calls.NOTHING;
            }
            Hook hook;
            if (CONVOLUTIONS.contains(type)) {
                hook = Hook.CONV;
            } else if (TRANSPOSED.contains(type)) {
                hook = Hook.CONV_TRANSPOSE;
            } else if (RELU_HOOKED.contains(type)) {
                hook = Hook.RELU;
            } else if (POOLS.contains(type)) {
                hook = Hook.POOL;
            } else if (NORMS.contains(type)) {
                hook = Hook.BN;
            } else if (type.equals("Linear")) {
                hook = Hook.LINEAR;
            } else if (type.equals("Upsample")) {
                hook = Hook.UPSAMPLE;
            } else if (RECURRENT.contains(type)) {
                hook = Hook.RNN;
            } else if (CELLS.contains(type)) {
                hook = Hook.RNN_CELL;
            } else if (type.equals("MultiheadAttention")) {
                hook = Hook.MULTIHEAD_ATTENTION;
            } else {
                hook = Hook.NONE;
            }
            classes.put(type, new ModuleClass(hook, calls));
        }
        return Map.copyOf(classes);
    }

    /** What the table says of every class of these families, the same for each: {@code Conv1d} to {@code Conv3d}. */
    private static ModuleClass family(String... names) {
        ModuleClass first = MODULE_CLASSES.get(names[0] + "1d");
        for (String name : names) {
            for (int d = 1; d <= 3; d++) {
                if (first == null || !first.equals(MODULE_CLASSES.get(name + d + "d"))) {
                    throw new IllegalStateException(name + d + "d is not hooked and called like " + names[0] + "1d");
                }
            }
        }
        return first;
    }

    /** What ptflops sees of this layer's class; null when its forward is not known. */
    static ModuleClass moduleClass(Layer layer) {
        if (layer instanceof Convolution<?>) {
            return CONVOLUTION;
        }
        if (layer instanceof NormBase<?>) {
            return NORMALIZATION;
        }
        if (layer instanceof MaxPooling<?> || layer instanceof AvgPooling<?> || layer instanceof AdaptiveMaxPooling<?>
                || layer instanceof AdaptiveAvgPooling<?>) {
            return POOLING;
        }
        if (layer instanceof TransposedConvolution<?>) {
            return TRANSPOSED_CONVOLUTION;
        }
        return byType(layer.type());
    }

    /** What ptflops sees of the module class of that name; null when its forward is not known. */
    static ModuleClass byType(String type) {
        return MODULE_CLASSES.get(type);
    }

    private final PtflopsPytorchConvention tool;
    private final Analysis root;
    private final boolean explaining;

    // what compute_average_flops_cost reads, kept as running sums in both kinds of run
    private long hooks;                 // Σ __flops__ of the hooked modules
    private boolean functionalIsFloat;  // sum(functional list): an int until a float is appended
    private long functionalInt;
    private double functionalFloat;
    private long functionalParts;       // the functional list's elements as integers (their contributions' values)
    private long tensorOps;             // sum(tensor-op list): ints only
    private boolean sumTooLarge;        // Σ __flops__, the ints of the functional list or the tensor ops passed 2^63
    private boolean partsTooLarge;      // the integer parts of the functional list passed 2^63
    private long batchCounter;

    /** Counting: the sums of each shared subtree, by origin; for this run only. Null when explaining. */
    private final Map<Analysis, Subtotal> shared;

    // explaining only: the contributions, in the order torch made the calls
    private final ArrayDeque<Contribution> written;
    private final List<Contribution> inCallOrder;
    private final List<FloatAppended> floatsAppended;

    private PtflopsPytorchRun(PtflopsPytorchConvention tool, Analysis root, boolean explaining) {
        this.tool = tool;
        this.root = root;
        this.explaining = explaining;
        this.shared = explaining ? null : new IdentityHashMap<>();
        this.written = explaining ? new ArrayDeque<>() : null;
        this.inCallOrder = explaining ? new ArrayList<>() : null;
        this.floatsAppended = explaining ? new ArrayList<>() : null;
    }

    /**
     * What ptflops returns for this model: counted with numbers only, the contributions written when read. A
     * number that does not fit in a long is left to an explaining run, which names the formula it overflows in.
     */
    static Outcome outcome(PtflopsPytorchConvention tool, Analysis root) {
        try {
            return new PtflopsPytorchRun(tool, root, false).run();
        } catch (ArithmeticException tooLarge) {
            return new PtflopsPytorchRun(tool, root, true).run();
        }
    }

    private Outcome run() {
        // one input: the tensor is passed positionally; several: input_constructor's dict, passed as keywords
        boolean keywords = root.inputs().size() > 1;
        try {
            // the capture script's wrappers: PositionalWrapper.forward(**inputs), Wrapper.forward(*inputs)
            if (!keywords && root.layer().type().equals("PositionalWrapper")) {
                throw new PythonException("TypeError: forward() takes 1 positional argument but 2 were given",
                        tool.swallowedExceptions);
            }
            if (keywords && root.layer().type().equals("Wrapper")) {
                throw new PythonException("TypeError: forward() got an unexpected keyword argument",
                        tool.keywordInputs);
            }
            forward(root, "", keywords);
        } catch (PythonException e) {
            return new Outcome.Failed(tool.id(), "Flops estimation was not finished successfully because of the"
                    + " following exception: " + e.getMessage() + " (ptflops prints it and returns (None, None))",
                    e.rule);
        } catch (Refusal e) {
            return new Outcome.Failed(tool.id(), "not predicted: " + e.getMessage(), tool.unknownForward);
        }
        if (explaining && !written.isEmpty()) {
            throw new IllegalStateException(tool.id() + ": formulas written but never counted: " + written);
        }
        long total = computeAverageFlopsCost();
        PtflopsPytorchConvention t = tool;   // the count keeps the model, not this run's sums
        Analysis model = root;
        Count count = explaining
                ? new Count(tool.id(), total, contributions(total))
                : Count.lazy(tool.id(), total, () -> explained(t, model).contributions());
        return new Outcome.Counted(count, root.params().trainable());
    }

    /** The same call, explained: every contribution with its formula. */
    private static Count explained(PtflopsPytorchConvention tool, Analysis root) {
        Outcome o = new PtflopsPytorchRun(tool, root, true).run();
        if (o instanceof Outcome.Counted c) {
            return c.count();
        }
        throw new IllegalStateException(tool.id() + ": counted, but the explaining run fails: " + o);
    }

    // ---- the forward pass

    /**
     * torch runs the module's forward (children and patched calls in order), then its forward hooks. A counting run
     * adds a shared subtree below the root once; the root is the only module that can see keyword inputs.
     */
    private void forward(Analysis a, String path, boolean keywords) {
        if (shared == null || a == root || a.isLeaf()) {
            call(a, path, keywords);
            return;
        }
        Subtotal known = shared.get(a.origin());
        if (known != null && !functionalIsFloat) {
            hooks = sum(hooks, known.hooks());
            functionalInt = sum(functionalInt, known.functional());
            functionalParts = part(functionalParts, known.functional());
            tensorOps = sum(tensorOps, known.tensorOps());
            return;
        }
        long hooksBefore = hooks;
        long functionalBefore = functionalInt;
        long tensorOpsBefore = tensorOps;
        call(a, path, keywords);
        if (!functionalIsFloat) {   // then only ints were appended: the subtree's ints sum exactly
            shared.put(a.origin(), new Subtotal(hooks - hooksBefore, functionalInt - functionalBefore,
                    tensorOps - tensorOpsBefore));
        }
    }

    private void call(Analysis a, String path, boolean keywords) {
        List<Analysis> children = a.children();
        for (int i = 0; i < children.size(); i++) {
            Analysis child = children.get(i);
            forward(child, !explaining ? null : path.isEmpty() ? child.name() : path + "." + child.name(), false);
        }
        ModuleClass m = moduleClass(a.layer());
        if (m == null) {
            throw new Refusal("what " + a.layer().type() + ".forward calls is not known (not a torch.nn or"
                    + " torchvision module): the functions and tensor operations ptflops patches might be among them");
        }
        patchedCalls(a, path, m);
        if (a == root) {
            batchCounterHook(a, keywords);
        }
        moduleHook(a, path, keywords, m.hook());
    }

    /** The forward hook MODULES_MAPPING gives this module's exact class, if any. */
    private void moduleHook(Analysis a, String path, boolean keywords, Hook hook) {
        switch (hook) {
            case CONV -> convFlopsCounterHook(a, path, keywords, false);
            case CONV_TRANSPOSE -> convFlopsCounterHook(a, path, keywords, true);
            case RELU -> reluFlopsCounterHook(a, path);
            case POOL -> poolFlopsCounterHook(a, path, keywords);
            case BN -> bnFlopsCounterHook(a, path, keywords);
            case LINEAR -> linearFlopsCounterHook(a, path, keywords);
            case UPSAMPLE -> upsampleFlopsCounterHook(a, path);
            case RNN -> rnnFlopsCounterHook(a, path, keywords);
            case RNN_CELL -> rnnCellFlopsCounterHook(a, path, keywords);
            case MULTIHEAD_ATTENTION -> multiheadAttentionCounterHook(a, path, keywords);
            case NONE -> {
            }
        }
    }

    /** The patched functionals and tensor operations torch's forward of this module calls. */
    private void patchedCalls(Analysis a, String path, ModuleClass m) {
        switch (m.calls()) {
            // the functional's name only explains
            case NUMEL_FUNCTIONAL -> numelFunctionalFlopsHook(a, path,
                    explaining ? NUMEL_FUNCTIONALS.get(a.layer().type()) : null, a.inputs().get(0));
            case INTERPOLATE -> interpolateFunctionalFlopsHook(a, path);
            case MULTI_HEAD_ATTENTION_FORWARD -> multiHeadAttentionForward(a, path);
            // torchvision's MobileNetV2._forward_impl: nn.functional.adaptive_avg_pool2d(features(x), (1, 1))
            case MOBILENET_POOLING -> numelFunctionalFlopsHook(a, path, "F.adaptive_avg_pool2d",
                    a.children().get(0).output());
            case NOTHING -> {
            }
        }
    }

    // ---- module hooks (pytorch_ops.py)

    private static PythonException indexError(Rule rule) {
        return new PythonException("IndexError: tuple index out of range", rule);
    }

    /** Hooks that read input[0] fail when the root got keyword arguments only. */
    private void positionalInput(boolean keywords) {
        if (keywords) {
            throw indexError(tool.keywordInputs);
        }
    }

    private void convFlopsCounterHook(Analysis a, String path, boolean keywords, boolean transposed) {
        positionalInput(keywords);
        long inChannels;
        long outChannels;
        long groups;
        boolean bias;
        Dims kernel;
        if (a.layer() instanceof Convolution<?> c) {
            inChannels = c.inChannels();
            outChannels = c.outChannels();
            groups = c.groups();
            bias = c.bias();
            kernel = c.kernelSize();
        } else {
            TransposedConvolution<?> c = (TransposedConvolution<?>) a.layer();
            inChannels = c.inChannels();
            outChannels = c.outChannels();
            groups = c.groups();
            bias = c.bias();
            kernel = c.kernelSize();
        }
        int dims = kernel.size();
        Shape x = a.inputs().get(0);
        Shape y = a.output();
        boolean batched = x.rank() == dims + 2;
        boolean atInput = transposed && tool.v075();
        if (explaining) {
            Sheet s = new Sheet();
            List<Sym> in = roles(s, x, batched, "C_in", "input channels", dims, "in", "input");
            List<Sym> out = roles(s, y, batched, "C_out", "output channels", dims, "out", "output");
            Sym cIn = s.sym("C_in", "input channels", inChannels);
            Sym cOut = s.sym("C_out", "output channels", outChannels);
            Sym g = s.sym("g", "groups", groups);
            List<Expr> perPosition = new ArrayList<>();
            for (int i = 0; i < dims; i++) {
                perPosition.add(s.sym(dims == 1 ? "K" : "K_" + AXES[dims - 1][i].toLowerCase(Locale.ROOT),
                        dims == 1 ? "kernel size" : "kernel size along " + WORDS[dims - 1][i], kernel.get(i)));
            }
            perPosition.add(cIn);
            perPosition.add(div(cOut, g));
            Sym batch = in.get(0);   // input.shape[0]
            List<Expr> products = new ArrayList<>(List.of(batch));
            products.addAll((atInput ? in : out).subList(2, (atInput ? in : out).size()));
            products.addAll(perPosition);
            Rule rule = transposed ? tool.transposedConvolution
                    : batched ? tool.convolution : tool.firstDimensionIsBatch;
            String name = transposed && !tool.v075() ? "products counted at output positions"
                    : "weight multiplications";
            explain(a, path, name, mul(products), s, 1, rule);
            if (bias) {
                List<Expr> biases = new ArrayList<>();
                if (tool.v075()) {
                    biases.add(batch);
                    biases.addAll(out.subList(1, out.size()));
                } else {
                    biases.add(cOut);
                    biases.add(batch);
                    biases.addAll(out.subList(2, out.size()));
                }
                explain(a, path, "bias additions", mul(biases), s, 1, batched ? tool.convolutionBias
                        : tool.firstDimensionIsBatch);
            }
        }
        // input.shape[0] · the positions (dimensions 2.. of the output, or of the input when transposed in 0.7.5)
        // · prod(kernel_size) · in_channels · (out_channels // groups), multiplied in the formula's order
        Shape positions = atInput ? x : y;
        long products = x.dim(0);
        for (int i = 2; i < positions.rank(); i++) {
            products = Math.multiplyExact(products, positions.dim(i));
        }
        for (int i = 0; i < dims; i++) {
            products = Math.multiplyExact(products, kernel.get(i));
        }
        products = Math.multiplyExact(products, inChannels);
        hook(Math.multiplyExact(products, outChannels / groups));
        if (bias) {
            // 0.7.5: input.shape[0] · prod(output.shape[1:]); 0.7.2.2: out_channels · input.shape[0] · positions
            long biases = tool.v075() ? x.dim(0) : Math.multiplyExact(outChannels, x.dim(0));
            for (int i = tool.v075() ? 1 : 2; i < y.rank(); i++) {
                biases = Math.multiplyExact(biases, y.dim(i));
            }
            hook(biases);
        }
    }

    /**
     * One symbol per dimension of a convolution's input or output: {@code N, C, spatial...} when batched,
     * {@code C, spatial...} when not, so ptflops' positional reading shows in the formula.
     */
    private static List<Sym> roles(Sheet s, Shape t, boolean batched, String channels, String channelMeaning,
                                   int dims, String suffix, String word) {
        List<Sym> syms = new ArrayList<>();
        int i = 0;
        if (batched) {
            syms.add(s.sym("N", "batch size", t.dim(i++)));
        }
        syms.add(s.sym(channels, channelMeaning, t.dim(i++)));
        for (int d = 0; d < dims; d++) {
            syms.add(s.sym(AXES[dims - 1][d] + "_" + suffix, word + " " + WORDS[dims - 1][d], t.dim(i++)));
        }
        return syms;
    }

    private void reluFlopsCounterHook(Analysis a, String path) {
        long outputs = a.output().numel();
        if (explaining) {
            Sheet s = new Sheet();
            Sym e = s.sym("E_out", "output elements (output.numel())", outputs);
            explain(a, path, "activation counted as 1 per output element", e, s, 1, tool.activation);
        }
        hook(outputs);
    }

    private void poolFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        long inputs = a.inputs().get(0).numel();
        if (explaining) {
            Sheet s = new Sheet();
            Sym e = s.sym("E_in", "input elements (input.numel())", inputs);
            explain(a, path, "pooling counted as 1 per input element", e, s, 1, tool.pooling);
        }
        hook(inputs);
    }

    private void bnFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        boolean affine;
        if (a.layer() instanceof NormBase<?> n) {
            affine = n.affine();
        } else if (a.layer() instanceof GroupNorm n) {
            affine = n.affine();
        } else if (a.layer() instanceof LayerNorm) {
            affine = false;     // hasattr(module, "affine") is False: LayerNorm's flag is elementwise_affine
        } else {
            throw new IllegalStateException("not a normalisation: " + a.layer().type());
        }
        long inputs = a.inputs().get(0).numel();
        long weight = affine ? 2 : 1;
        if (explaining) {
            Sheet s = new Sheet();
            Sym e = s.sym("E_in", "input elements (input.numel())", inputs);
            explain(a, path, "normalization counted as 1 per input element (2 with affine)", e, s, weight,
                    tool.normalization);
        }
        hook(Math.multiplyExact(weight, inputs));
    }

    private void linearFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        Linear l = (Linear) a.layer();
        Shape x = a.inputs().get(0);
        long rows = 1;   // the product of input.shape[:-1]
        for (int i = 0; i < x.rank() - 1; i++) {
            rows = Math.multiplyExact(rows, x.dim(i));
        }
        if (explaining) {
            Sheet s = new Sheet();
            Sym m = s.sym("M", "rows: the product of input.shape[:-1] (1 for a 1-D input)", rows);
            Sym hIn = s.sym("H_in", "input features", l.inFeatures());
            Sym hOut = s.sym("H_out", "output features", l.outFeatures());
            explain(a, path, "weight multiplications", mul(m, hOut, hIn), s, 1, tool.linear);
            if (l.bias()) {
                explain(a, path, "bias additions", mul(m, hOut), s, 1, tool.linear);
            }
        }
        hook(Math.multiplyExact(Math.multiplyExact(rows, l.outFeatures()), l.inFeatures()));
        if (l.bias()) {
            hook(Math.multiplyExact(rows, l.outFeatures()));
        }
    }

    private void upsampleFlopsCounterHook(Analysis a, String path) {
        Shape y = a.output();
        int dims = y.rank() - 2;
        if (explaining) {
            Sheet s = new Sheet();
            List<Expr> first = new ArrayList<>(List.of(s.sym("C", "channels", y.dim(1))));
            for (int d = 0; d < dims; d++) {
                first.add(s.sym(AXES[dims - 1][d] + "_out", "output " + WORDS[dims - 1][d], y.dim(2 + d)));
            }
            explain(a, path, "output elements of the first sample", mul(first), s, 1, tool.upsample);
        }
        long first = y.dim(1);   // output[0].numel()
        for (int d = 0; d < dims; d++) {
            first = Math.multiplyExact(first, y.dim(2 + d));
        }
        hook(first);
    }

    private void rnnFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        Recurrent<?> r = (Recurrent<?>) a.layer();
        Shape x = a.inputs().get(0);
        long x0 = x.dim(0);   // the first two input dimensions, whatever they are
        long x1 = x.dim(1);
        long directions = r.directions();
        long layers = r.numLayers();
        long hidden = r.hiddenSize();
        Shape ih0 = parameter(a, "weight_ih_l0");
        Shape hh0 = parameter(a, "weight_hh_l0");
        long gates = ih0.dim(0) / hidden;
        long perUnit = gateCostPerUnit(a.layer().type());
        if (layers > 1) {
            Shape ih1 = parameter(a, "weight_ih_l1");
            if (ih1.dim(1) != directions * hh0.dim(1)) {
                throw new IllegalStateException("weight_ih_l1 " + ih1 + " is not (rows, D·H_out)");
            }
        }
        if (explaining) {
            Sheet s = new Sheet();
            Sym e0;
            Sym e1;
            if (x.rank() == 2) {
                e0 = s.sym("L", "sequence length", x0);
                e1 = s.sym("H_in", "input features (input_size)", x1);
            } else if (r.batchFirst()) {
                e0 = s.sym("N", "batch size", x0);
                e1 = s.sym("L", "sequence length", x1);
            } else {
                e0 = s.sym("L", "sequence length", x0);
                e1 = s.sym("N", "batch size", x1);
            }
            Rule rule = x.rank() == 2 ? tool.firstDimensionIsBatch : tool.recurrent;
            Sym d = s.sym("D", "2 if bidirectional, else 1 (the forward direction counted twice)", directions);
            Sym h = s.sym("H", "hidden units per gate (hidden_size)", hidden);
            Expr rows = mul(num(gates), h);
            Sym hIn = s.sym("H_in", "input features (input_size)", ih0.dim(1));
            Sym hOut = s.sym("H_out", "weight_hh columns: proj_size if set, else hidden_size", hh0.dim(1));
            Sym nLayers = s.sym("n_layers", "stacked layers (num_layers)", layers);
            explain(a, path, "input-hidden weight multiplications, layer 0", mul(e0, e1, d, rows, hIn), s, 1, rule);
            if (layers > 1) {
                explain(a, path, "input-hidden weight multiplications, layers above 0",
                        mul(e0, e1, d, sub(nLayers, num(1)), rows, d, hOut), s, 1, rule);
            }
            explain(a, path, "hidden-hidden weight multiplications", mul(e0, e1, d, nLayers, rows, hOut), s, 1,
                    rule);
            explain(a, path, "gate arithmetic counted as " + perUnit + " per hidden unit",
                    mul(e0, e1, d, nLayers, num(perUnit), h), s, 1, rule);
            if (r.bias()) {
                explain(a, path, "bias additions", mul(e0, e1, d, nLayers, num(2), rows), s, 1, rule);
            }
        }
        // every count is input.shape[0]·input.shape[1]·D times the layer's own, multiplied in the formulas' order
        long steps = Math.multiplyExact(Math.multiplyExact(x0, x1), directions);
        long rows = Math.multiplyExact(gates, hidden);
        hook(Math.multiplyExact(Math.multiplyExact(steps, rows), ih0.dim(1)));
        if (layers > 1) {
            hook(Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(steps,
                    Math.subtractExact(layers, 1)), rows), directions), hh0.dim(1)));
        }
        long stacked = Math.multiplyExact(steps, layers);
        hook(Math.multiplyExact(Math.multiplyExact(stacked, rows), hh0.dim(1)));
        hook(Math.multiplyExact(Math.multiplyExact(stacked, perUnit), hidden));
        if (r.bias()) {
            hook(Math.multiplyExact(Math.multiplyExact(stacked, 2), rows));
        }
    }

    /** rnn_flops: RNN adds both states (1·H); GRU 1 + 3 + 3; LSTM 4 + 3 + 3 per hidden unit. */
    private static long gateCostPerUnit(String type) {
        return switch (type) {
            case "RNN", "RNNCell" -> 1;
            case "GRU", "GRUCell" -> 7;
            case "LSTM", "LSTMCell" -> 10;
            default -> throw new IllegalStateException("not recurrent: " + type);
        };
    }

    private void rnnCellFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        Shape x = a.inputs().get(0);
        if (x.rank() < 2) {
            throw indexError(tool.unbatchedIndexError);   // input_size = inp.shape[1]
        }
        RecurrentCell<?> c = (RecurrentCell<?>) a.layer();
        Shape ih = parameter(a, "weight_ih");
        long n = x.dim(0);
        long hidden = c.hiddenSize();
        long gates = ih.dim(0) / hidden;
        long perUnit = gateCostPerUnit(a.layer().type());
        if (explaining) {
            Sheet s = new Sheet();
            Sym batch = s.sym("N", "batch size (input.shape[0])", n);
            Sym h = s.sym("H", "hidden units per gate (hidden_size)", hidden);
            Expr rows = mul(num(gates), h);
            Sym hIn = s.sym("H_in", "input features (input_size)", ih.dim(1));
            explain(a, path, "input-hidden weight multiplications", mul(batch, rows, hIn), s, 1,
                    tool.recurrentCell);
            explain(a, path, "hidden-hidden weight multiplications", mul(batch, rows, h), s, 1, tool.recurrentCell);
            explain(a, path, "gate arithmetic counted as " + perUnit + " per hidden unit",
                    mul(batch, num(perUnit), h), s, 1, tool.recurrentCell);
            if (c.bias()) {
                explain(a, path, "bias additions", mul(batch, num(2), rows), s, 1, tool.recurrentCell);
            }
        }
        long rows = Math.multiplyExact(gates, hidden);
        hook(Math.multiplyExact(Math.multiplyExact(n, rows), ih.dim(1)));
        hook(Math.multiplyExact(Math.multiplyExact(n, rows), hidden));
        hook(Math.multiplyExact(Math.multiplyExact(n, perUnit), hidden));
        if (c.bias()) {
            hook(Math.multiplyExact(Math.multiplyExact(n, 2), rows));
        }
    }

    private void multiheadAttentionCounterHook(Analysis a, String path, boolean keywords) {
        if (keywords) {
            throw new PythonException("ValueError: not enough values to unpack (expected 3, got 0)",
                    tool.keywordInputs);
        }
        MultiheadAttention m = (MultiheadAttention) a.layer();
        Shape q = a.inputs().get(0);
        Shape k = a.inputs().get(1);
        Shape v = a.inputs().get(2);
        if (q.rank() < 3) {
            throw indexError(tool.unbatchedIndexError);   // qdim = q.shape[2]
        }
        int seq = m.batchFirst() ? 1 : 0;
        long batch = q.dim(1 - seq);
        long queries = q.dim(seq);
        long keys = k.dim(seq);
        long qdim = q.dim(2);
        long kdim = k.dim(2);
        long vdim = v.dim(2);
        long heads = m.numHeads();
        if (explaining) {
            Sheet s = new Sheet();
            Sym n = s.sym("N", "batch size", batch);
            Sym l = s.sym("L", "query length", queries);
            Sym len = s.sym("S", "key and value length", keys);
            Sym e = s.sym("E", "query features (embed_dim)", qdim);
            Sym ek = s.sym("E_k", "key features", kdim);
            Sym ev = s.sym("E_v", "value features", vdim);
            Sym h = s.sym("h", "num_heads", heads);
            Rule r = tool.attention;
            explain(a, path, "query scaling divisions", mul(n, l, e), s, 1, r);
            explain(a, path, "query projection multiplications", mul(n, l, e, e), s, 1, r);
            explain(a, path, "key projection multiplications", mul(n, len, ek, ek), s, 1, r);
            explain(a, path, "value projection multiplications", mul(n, len, ev, ev), s, 1, r);
            if (m.bias()) {   // in_proj_bias exists exactly when bias=True
                explain(a, path, "query projection bias additions", mul(n, l, e), s, 1, r);
                explain(a, path, "key projection bias additions", mul(n, len, e), s, 1, r);
                explain(a, path, "value projection bias additions", mul(n, len, e), s, 1, r);
            }
            explain(a, path, "query-key multiplications", mul(n, h, l, len, floorDiv(e, h)), s, 1, r);
            explain(a, path, "softmax counted as 1 per score", mul(n, h, l, len), s, 1, r);
            explain(a, path, "weight-value multiplications", mul(n, h, l, len, floorDiv(ev, h)), s, 1, r);
            explain(a, path, "output projection multiplications", mul(n, l, ev, ev), s, 1, r);
            explain(a, path, "output projection bias additions", mul(n, l, ev), s, 1, r);
        }
        long nl = Math.multiplyExact(batch, queries);
        long ns = Math.multiplyExact(batch, keys);
        long scores = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(batch, heads), queries), keys);
        hook(Math.multiplyExact(nl, qdim));
        hook(Math.multiplyExact(Math.multiplyExact(nl, qdim), qdim));
        hook(Math.multiplyExact(Math.multiplyExact(ns, kdim), kdim));
        hook(Math.multiplyExact(Math.multiplyExact(ns, vdim), vdim));
        if (m.bias()) {
            hook(Math.multiplyExact(nl, qdim));
            hook(Math.multiplyExact(ns, qdim));
            hook(Math.multiplyExact(ns, qdim));
        }
        hook(Math.multiplyExact(scores, Math.floorDiv(qdim, heads)));
        hook(scores);
        hook(Math.multiplyExact(scores, Math.floorDiv(vdim, heads)));
        hook(Math.multiplyExact(Math.multiplyExact(nl, vdim), vdim));
        hook(Math.multiplyExact(nl, vdim));
    }

    /** The shape of the module's own parameter of that name (model.named_parameters() without the prefix). */
    private static Shape parameter(Analysis a, String name) {
        Shape found = null;
        for (Parameter p : a.parameters()) {
            if (p.name().equals(name)) {
                found = p.shape();   // the last of that name, as a dict built from them keeps
            }
        }
        if (found == null) {
            throw new NullPointerException(a.layer().type() + " has no parameter " + name);
        }
        return found;
    }

    // ---- patched functionals and tensor ops (pytorch_engine.py patch_functional, patch_tensor_ops)

    private void numelFunctionalFlopsHook(Analysis a, String path, String function, Shape input) {
        long elements = input.numel();
        if (explaining) {
            Sheet s = new Sheet();
            Sym e = s.sym("E_in", function + "'s input elements (input.numel())", elements);
            explain(a, path, function + " (patched) counted as 1 per input element", e, s, 1,
                    tool.patchedFunctionals);
        }
        functional(elements);
    }

    /** MultiheadAttention's forward: F.multi_head_attention_forward calls torch.bmm, F.softmax, torch.bmm. */
    private void multiHeadAttentionForward(Analysis a, String path) {
        MultiheadAttention m = (MultiheadAttention) a.layer();
        Shape q = a.inputs().get(0);
        Shape k = a.inputs().get(1);
        boolean batched = q.rank() == 3;
        int seq = batched && m.batchFirst() ? 1 : 0;
        long batch = batched ? q.dim(m.batchFirst() ? 0 : 1) : 1;
        long queries = q.dim(seq);
        // the key and value rows attended to: S plus the rows add_bias_kv and add_zero_attn append
        long rows = k.dim(seq) + (m.addBiasKv() ? 1 : 0) + (m.addZeroAttn() ? 1 : 0);
        if (explaining) {
            Sheet s = new Sheet();
            Sym n = s.sym("N", batched ? "batch size" : "batch size (1: unbatched input)", batch);
            Sym h = s.sym("h", "num_heads", m.numHeads());
            Sym l = s.sym("L", "query length", queries);
            Sym d = s.sym("d", "head_dim = embed_dim // num_heads", m.headDim());
            Sym r = s.sym("S'", "key and value rows attended to: S plus the rows add_bias_kv and add_zero_attn"
                    + " append", rows);
            // torch.bmm(q_scaled (N·h, L, d), kᵀ (N·h, d, S')): prod(input.shape)·other.shape[-1]
            explain(a, path, "query-key multiplications (torch.bmm, patched)", mul(n, h, l, d, r), s, 1,
                    tool.patchedTensorOps);
            explain(a, path, "F.softmax (patched) counted as 1 per score", mul(n, h, l, r), s, 1,
                    tool.patchedFunctionals);
            // torch.bmm(weights (N·h, L, S'), v (N·h, S', d))
            explain(a, path, "weight-value multiplications (torch.bmm, patched)", mul(n, h, l, r, d), s, 1,
                    tool.patchedTensorOps);
        }
        long nhl = Math.multiplyExact(Math.multiplyExact(batch, m.numHeads()), queries);
        tensorOp(Math.multiplyExact(Math.multiplyExact(nhl, m.headDim()), rows));
        functional(Math.multiplyExact(nhl, rows));
        tensorOp(Math.multiplyExact(Math.multiplyExact(nhl, rows), m.headDim()));
    }

    private void interpolateFunctionalFlopsHook(Analysis a, String path) {
        Upsample u = (Upsample) a.layer();
        Shape x = a.inputs().get(0);
        Shape y = a.output();
        int dims = x.rank() - 2;
        Rule rule = tool.patchedInterpolate;
        Optional<Dims> size = u.size();
        if (size.isPresent()) {
            boolean scalar = size.get().size() == 1;
            if (explaining) {
                Sheet s = new Sheet();
                List<Expr> outs = new ArrayList<>();
                for (int d = 0; d < dims; d++) {
                    outs.add(s.sym(AXES[dims - 1][d] + "_out", "output " + WORDS[dims - 1][d] + " (the size given)",
                            y.dim(2 + d)));
                }
                if (tool.v075()) {   // prod(size)·N·C, or size^d·N·C
                    List<Expr> f = new ArrayList<>(List.of(s.sym("N", "batch size", x.dim(0)),
                            s.sym("C", "channels", x.dim(1))));
                    f.addAll(outs);
                    explain(a, path, "F.interpolate (patched) counted as the output elements", mul(f), s, 1, rule);
                } else if (scalar) {   // int(size)
                    Sym sz = s.sym("size", "Upsample's size, one integer", size.get().get(0));
                    explain(a, path, "F.interpolate (patched) counted as the integer size", sz, s, 1, rule);
                } else {               // int(np.prod(size))
                    explain(a, path, "F.interpolate (patched) counted as prod(size)", mul(outs), s, 1, rule);
                }
            }
            long counted;
            if (!tool.v075() && scalar) {
                counted = size.get().get(0);
            } else {
                counted = tool.v075() ? Math.multiplyExact(x.dim(0), x.dim(1)) : y.dim(2);
                for (int d = tool.v075() ? 0 : 1; d < dims; d++) {
                    counted = Math.multiplyExact(counted, y.dim(2 + d));
                }
            }
            functional(counted);
            return;
        }
        List<Double> scale = u.scaleFactor().orElseThrow();
        long elements = x.numel();
        boolean scalar = scale.size() == 1;
        if (!scalar && scale.size() == (tool.v075() ? dims : x.dim(0))) {
            if (explaining) {
                Sheet s = new Sheet();
                List<Expr> f = new ArrayList<>(List.of(s.sym("E_in", "input elements (input.numel())", elements)));
                for (double factor : scale) {
                    f.add(num((long) factor));   // np.prod(scale_factor, dtype=np.int64) truncates each factor
                }
                explain(a, path, "F.interpolate (patched) counted as input elements × prod(int(scale_factor))",
                        mul(f), s, 1, rule);
            }
            long counted = elements;
            for (double factor : scale) {
                counted = Math.multiplyExact(counted, (long) factor);
            }
            functional(counted);
            return;
        }
        if (!scalar) {
            throw new PythonException("TypeError: unsupported operand type(s) for ** or pow(): 'tuple' and 'int'",
                    rule);
        }
        long exponent = tool.v075() ? dims : x.dim(0);   // input.dim() - 2, or len(input)
        double power = Math.pow(scale.get(0), exponent);
        double python = (double) elements * power;
        if (!Double.isFinite(power) || !Double.isFinite(python)) {
            // float ** int beyond float64 raises in Python; int() of an infinite product raises too
            throw new PythonException(!Double.isFinite(power) ? "OverflowError: (34, 'Numerical result out of range')"
                    : "OverflowError: cannot convert float infinity to integer", rule);
        }
        if (explaining) {
            Sheet s = new Sheet();
            Sym e = s.sym("E_in", "input elements (input.numel())", elements);
            String name = "F.interpolate (patched) counted as input elements × scale_factor^"
                    + (tool.v075() ? "d" : "N");
            explain(a, path, name, scaled(e, power, python, s), s, 1, rule);
        }
        functional(python);
    }

    /**
     * {@code E·power} as an integer formula: {@code E·P} for an integral power, {@code ⌊E·P/Q⌋} for a dyadic
     * {@code P/Q}; the fraction dropped goes into the final truncation. A power whose exact form overflows is shown
     * as the floored float64 product itself.
     */
    private static Expr scaled(Sym e, double power, double python, Sheet s) {
        BigDecimal exact = new BigDecimal(power);
        long floor = (long) Math.floor(python);
        try {
            if (exact.stripTrailingZeros().scale() <= 0) {
                Expr f = mul(e, num(exact.longValueExact()));
                if (f.eval(s.bindings()) == floor) {
                    return f;
                }
            } else {
                int twos = 0;
                BigDecimal scaledUp = exact;
                while (scaledUp.stripTrailingZeros().scale() > 0) {
                    scaledUp = scaledUp.multiply(BigDecimal.valueOf(2));
                    twos++;
                }
                if (twos < 62) {
                    Expr f = floorDiv(mul(e, num(scaledUp.longValueExact())), num(1L << twos));
                    if (f.eval(s.bindings()) == floor) {
                        return f;
                    }
                }
            }
        } catch (ArithmeticException tooLarge) {
            // fall through
        }
        return s.sym("I", "⌊E_in·scale_factor^k⌋ as ptflops computes it in float64", floor);
    }

    // ---- the counts: numbers in every run, matched with their formulas when explaining

    /** {@code sum + value}, noting rather than raising an overflow: compute_average_flops_cost adds at the end. */
    private long sum(long sum, long value) {
        long r = sum + value;
        if (((sum ^ r) & (value ^ r)) < 0) {
            sumTooLarge = true;
        }
        return r;
    }

    /** {@code sum + value} for the functional list's integer parts, which only the contributions add up. */
    private long part(long sum, long value) {
        long r = sum + value;
        if (((sum ^ r) & (value ^ r)) < 0) {
            partsTooLarge = true;
        }
        return r;
    }

    /** A count added to a hooked module's {@code __flops__}. */
    private void hook(long value) {
        hooks = sum(hooks, value);
        if (explaining) {
            Contribution c = matching(value);
            if (value != 0) {
                inCallOrder.add(c);
            }
        }
    }

    /** An int appended to ptflops' functional list. */
    private void functional(long value) {
        if (functionalIsFloat) {
            functionalFloat += (double) value;
        } else {
            functionalInt = sum(functionalInt, value);
        }
        functionalParts = part(functionalParts, value);
        if (explaining) {
            Contribution c = matching(value);
            if (value != 0) {
                inCallOrder.add(c);
            }
        }
    }

    /** A float appended to ptflops' functional list: from here on Python sums that list in float64. */
    private void functional(double python) {
        functionalFloat = (functionalIsFloat ? functionalFloat : (double) functionalInt) + python;
        functionalIsFloat = true;
        long part = (long) Math.floor(python);
        functionalParts = part(functionalParts, part);
        if (explaining) {
            Contribution c = matching(part);
            floatsAppended.add(new FloatAppended(c, python));
            if (part != 0) {
                inCallOrder.add(c);
            }
        }
    }

    /** An int appended to ptflops' tensor-op list. */
    private void tensorOp(long value) {
        tensorOps = sum(tensorOps, value);
        if (explaining) {
            Contribution c = matching(value);
            if (value != 0) {
                inCallOrder.add(c);
            }
        }
    }

    /** Writes the formula of the next count (explaining runs only); its value is checked when the count is added. */
    private void explain(Analysis a, String path, String name, Expr formula, Sheet s, long weight, Rule rule) {
        Bindings b = s.bindings();
        long value;
        try {
            value = Math.multiplyExact(weight, formula.eval(b));
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(tool.id() + " " + a.layer().type() + " " + name + " overflows long: "
                    + formula.plain() + " with " + b);
        }
        written.add(new Contribution(path, a.layer().type(), name, formula, b, weight, value, rule));
    }

    /** The formula written for this count, which must give the same value. */
    private Contribution matching(long value) {
        Contribution c = written.poll();
        if (c == null || c.value() != value) {
            throw new IllegalStateException(tool.id() + ": counted " + value + " but the formula written for it "
                    + (c == null ? "is missing" : "gives " + c));
        }
        return c;
    }

    // ---- the batch counter and the total (pytorch_engine.py)

    private void batchCounterHook(Analysis a, boolean keywords) {
        if (keywords) {
            batchCounter = 1;   // "Warning! No positional inputs found for a module, assuming batch size is 1."
            return;
        }
        Shape first = a.inputs().get(0);
        if (first.rank() == 0) {
            throw new PythonException("TypeError: len() of a 0-d tensor", tool.batchCounter);
        }
        batchCounter = first.dim(0);
    }

    /**
     * {@code flops_count = Σ __flops__ / __batch_counter__}, then {@code += sum(functional)},
     * {@code += sum(tensor ops)}, returned as {@code int(flops_count)}: Python's float64 arithmetic, reproduced.
     * A sum beyond a long raises here, after the forward pass, as the lists are summed after it.
     */
    private long computeAverageFlopsCost() {
        if (sumTooLarge) {
            throw new ArithmeticException("long overflow");
        }
        double flops = trueDivide(hooks, batchCounter);
        flops += functionalIsFloat ? functionalFloat : (double) functionalInt;
        flops += (double) tensorOps;
        if (!(flops < 0x1p63)) {
            throw new CountOverflowException(tool.id() + " total overflows long: " + flops);
        }
        long total = (long) flops;   // int() truncates toward zero, as the cast does
        // the counts listed must sum in a long too, for the division's adjustment
        if (partsTooLarge) {
            throw new ArithmeticException("long overflow");
        }
        Math.addExact(Math.addExact(hooks, functionalParts), tensorOps);
        return total;
    }

    /** The counts in the order torch made the calls, and the division by the batch counter (explaining runs). */
    private List<Contribution> contributions(long total) {
        List<Contribution> parts = new ArrayList<>(inCallOrder);
        long counted = Math.addExact(Math.addExact(hooks, functionalParts), tensorOps);
        long adjustment = Math.subtractExact(total, counted);
        if (adjustment != 0) {
            parts.add(division(hooks, adjustment, counted, total));
        }
        return parts;
    }

    /**
     * The division by the batch counter and the truncation, as one negative contribution: {@code ⌊M/B⌋ − M}, or
     * with the fractions of float-valued functional counts {@code R/Q}, {@code ⌊(M·Q + R·B)/(B·Q)⌋ − M}; should
     * float64 rounding ever differ from the exact rational, the difference is stated as such.
     */
    private Contribution division(long moduleSum, long adjustment, long counted, long total) {
        String name = "division by the batch counter, truncated";
        String type = root.layer().type();
        Sheet s = new Sheet();
        Sym m = s.sym("M", "Σ __flops__ of the hooked modules", moduleSum);
        Sym b = s.sym("B", "__batch_counter__: len() of the root's first positional input (1 for keywords)",
                batchCounter);
        long numerator = 0;
        int twos = 0;
        for (FloatAppended x : floatsAppended) {
            BigDecimal fraction = new BigDecimal(x.python()).subtract(BigDecimal.valueOf(x.part().value()));
            int k = 0;
            while (fraction.stripTrailingZeros().scale() > 0 && k < 62) {
                fraction = fraction.multiply(BigDecimal.valueOf(2));
                k++;
            }
            try {
                long r = fraction.longValueExact();
                if (k > twos) {
                    numerator = Math.multiplyExact(numerator, 1L << (k - twos));
                    twos = k;
                } else {
                    r = Math.multiplyExact(r, 1L << (twos - k));
                }
                numerator = Math.addExact(numerator, r);
            } catch (ArithmeticException tooFine) {
                twos = -1;
                break;
            }
        }
        Expr formula = null;
        if (numerator == 0 && twos >= 0) {
            formula = sub(floorDiv(m, b), m);
        } else if (twos >= 0 && twos < 62) {
            Sym r = s.sym("R", "numerator of the fractions dropped from float-valued functional counts", numerator);
            Sym q = s.sym("Q", "their denominator", 1L << twos);
            formula = sub(floorDiv(add(mul(m, q), mul(r, b)), mul(b, q)), m);
        }
        try {
            if (formula != null && formula.eval(s.bindings()) == adjustment) {
                return new Contribution("", type, name, formula, s.bindings(), 1, adjustment, tool.batchCounter);
            }
        } catch (ArithmeticException overflow) {
            // stated by value below
        }
        Sheet t = new Sheet();
        Sym tt = t.sym("T", "int(M/B + Σ functional + Σ tensor ops) in float64, as ptflops computes it", total);
        Sym c = t.sym("C", "the hooks', functional and tensor-op counts listed", counted);
        return new Contribution("", type, name, sub(tt, c), t.bindings(), 1, adjustment, tool.batchCounter);
    }

    /** Python's {@code int / int}: the exact quotient rounded to the nearest float64. */
    private static double trueDivide(long a, long b) {
        if (Math.abs(a) <= (1L << 53) && Math.abs(b) <= (1L << 53)) {
            return (double) a / (double) b;   // both exact, one correctly rounded division
        }
        return new BigDecimal(a).divide(new BigDecimal(b), MathContext.DECIMAL128).doubleValue();
    }
}
