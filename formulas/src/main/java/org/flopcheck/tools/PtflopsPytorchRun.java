package org.flopcheck.tools;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.floorDiv;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
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
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Convolution;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.GroupNorm;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.layers.Linear;
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
 * float64 sum. One method per hook, named after ptflops' function. Not thread-safe; one instance per outcome.
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

    /** A number as Python holds it: an exact int, or a float64 once a float took part. */
    private record PyNum(boolean isFloat, long exact, double real) {
        static final PyNum ZERO = new PyNum(false, 0, 0);

        static PyNum of(long v) {
            return new PyNum(false, v, 0);
        }

        static PyNum of(double v) {
            return new PyNum(true, 0, v);
        }

        double asDouble() {
            return isFloat ? real : (double) exact;   // Java rounds a long to the nearest double, as float(int) does
        }

        PyNum plus(PyNum o) {
            if (!isFloat && !o.isFloat) {
                return of(Math.addExact(exact, o.exact));
            }
            return of(asDouble() + o.asDouble());
        }
    }

    /** A functional or tensor-op count: its contribution (the integer part) and what Python appended to the list. */
    private record Appended(Contribution part, PyNum python) {
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

    private final PtflopsPytorchConvention tool;
    private final Analysis root;
    private final List<Contribution> hooked = new ArrayList<>();
    private final List<Contribution> inCallOrder = new ArrayList<>();
    private final List<Appended> functional = new ArrayList<>();
    private final List<Appended> tensorOps = new ArrayList<>();
    private long batchCounter;

    PtflopsPytorchRun(PtflopsPytorchConvention tool, Analysis root) {
        this.tool = tool;
        this.root = root;
    }

    Outcome outcome() {
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
        return new Outcome.Counted(computeAverageFlopsCost(), root.params().trainable());
    }

    // ---- the forward pass

    /** torch runs the module's forward (children and patched calls in order), then its forward hooks. */
    private void forward(Analysis a, String path, boolean keywords) {
        for (Analysis child : a.children()) {
            forward(child, path.isEmpty() ? child.name() : path + "." + child.name(), false);
        }
        patchedCalls(a, path);
        if (a == root) {
            batchCounterHook(a, keywords);
        }
        moduleHook(a, path, keywords);
    }

    /** The forward hook MODULES_MAPPING gives this module's exact class, if any. */
    private void moduleHook(Analysis a, String path, boolean keywords) {
        String type = a.layer().type();
        if (CONVOLUTIONS.contains(type) || TRANSPOSED.contains(type)) {
            convFlopsCounterHook(a, path, keywords);
        } else if (RELU_HOOKED.contains(type)) {
            reluFlopsCounterHook(a, path);
        } else if (POOLS.contains(type)) {
            poolFlopsCounterHook(a, path, keywords);
        } else if (NORMS.contains(type)) {
            bnFlopsCounterHook(a, path, keywords);
        } else if (type.equals("Linear")) {
            linearFlopsCounterHook(a, path, keywords);
        } else if (type.equals("Upsample")) {
            upsampleFlopsCounterHook(a, path);
        } else if (RECURRENT.contains(type)) {
            rnnFlopsCounterHook(a, path, keywords);
        } else if (CELLS.contains(type)) {
            rnnCellFlopsCounterHook(a, path, keywords);
        } else if (type.equals("MultiheadAttention")) {
            multiheadAttentionCounterHook(a, path, keywords);
        }
    }

    /** The patched functionals and tensor operations torch's forward of this module calls. */
    private void patchedCalls(Analysis a, String path) {
        String type = a.layer().type();
        if (NUMEL_FUNCTIONALS.containsKey(type)) {
            numelFunctionalFlopsHook(a, path, NUMEL_FUNCTIONALS.get(type), a.inputs().get(0));
        } else if (type.equals("Upsample")) {
            interpolateFunctionalFlopsHook(a, path);
        } else if (type.equals("MultiheadAttention")) {
            multiHeadAttentionForward(a, path);
        } else if (type.equals("MobileNetV2")) {
            // torchvision's MobileNetV2._forward_impl: nn.functional.adaptive_avg_pool2d(features(x), (1, 1))
            numelFunctionalFlopsHook(a, path, "F.adaptive_avg_pool2d", a.children().get(0).output());
        } else if (!NO_PATCHED_CALLS.contains(type)) {
            throw new Refusal("what " + type + ".forward calls is not known (not a torch.nn or torchvision"
                    + " module): the functions and tensor operations ptflops patches might be among them");
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

    private void convFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        boolean transposed = TRANSPOSED.contains(a.layer().type());
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
        boolean atInput = transposed && tool.v075();
        List<Expr> products = new ArrayList<>(List.of(batch));
        products.addAll((atInput ? in : out).subList(2, (atInput ? in : out).size()));
        products.addAll(perPosition);
        Rule rule = transposed ? tool.transposedConvolution : batched ? tool.convolution : tool.firstDimensionIsBatch;
        String name = transposed && !tool.v075() ? "products counted at output positions" : "weight multiplications";
        module(a, path, name, mul(products), s, 1, rule);
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
            module(a, path, "bias additions", mul(biases), s, 1, batched ? tool.convolutionBias
                    : tool.firstDimensionIsBatch);
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
        Sheet s = new Sheet();
        Sym e = s.sym("E_out", "output elements (output.numel())", a.output().numel());
        module(a, path, "activation counted as 1 per output element", e, s, 1, tool.activation);
    }

    private void poolFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        Sheet s = new Sheet();
        Sym e = s.sym("E_in", "input elements (input.numel())", a.inputs().get(0).numel());
        module(a, path, "pooling counted as 1 per input element", e, s, 1, tool.pooling);
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
        Sheet s = new Sheet();
        Sym e = s.sym("E_in", "input elements (input.numel())", a.inputs().get(0).numel());
        module(a, path, "normalization counted as 1 per input element (2 with affine)", e, s, affine ? 2 : 1,
                tool.normalization);
    }

    private void linearFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        Linear l = (Linear) a.layer();
        Shape x = a.inputs().get(0);
        Sheet s = new Sheet();
        Sym m = s.sym("M", "rows: the product of input.shape[:-1] (1 for a 1-D input)",
                x.rank() == 1 ? 1 : x.slice(0, x.rank() - 1).numel());
        Sym hIn = s.sym("H_in", "input features", l.inFeatures());
        Sym hOut = s.sym("H_out", "output features", l.outFeatures());
        module(a, path, "weight multiplications", mul(m, hOut, hIn), s, 1, tool.linear);
        if (l.bias()) {
            module(a, path, "bias additions", mul(m, hOut), s, 1, tool.linear);
        }
    }

    private void upsampleFlopsCounterHook(Analysis a, String path) {
        Shape y = a.output();
        int dims = y.rank() - 2;
        Sheet s = new Sheet();
        List<Expr> first = new ArrayList<>(List.of(s.sym("C", "channels", y.dim(1))));
        for (int d = 0; d < dims; d++) {
            first.add(s.sym(AXES[dims - 1][d] + "_out", "output " + WORDS[dims - 1][d], y.dim(2 + d)));
        }
        module(a, path, "output elements of the first sample", mul(first), s, 1, tool.upsample);
    }

    private void rnnFlopsCounterHook(Analysis a, String path, boolean keywords) {
        positionalInput(keywords);
        Recurrent<?> r = (Recurrent<?>) a.layer();
        Shape x = a.inputs().get(0);
        Sheet s = new Sheet();
        Sym x0;
        Sym x1;
        if (x.rank() == 2) {
            x0 = s.sym("L", "sequence length", x.dim(0));
            x1 = s.sym("H_in", "input features (input_size)", x.dim(1));
        } else if (r.batchFirst()) {
            x0 = s.sym("N", "batch size", x.dim(0));
            x1 = s.sym("L", "sequence length", x.dim(1));
        } else {
            x0 = s.sym("L", "sequence length", x.dim(0));
            x1 = s.sym("N", "batch size", x.dim(1));
        }
        Rule rule = x.rank() == 2 ? tool.firstDimensionIsBatch : tool.recurrent;
        Sym d = s.sym("D", "2 if bidirectional, else 1 (the forward direction counted twice)", r.directions());
        long layers = r.numLayers();
        Map<String, Parameter> p = byName(a);
        Shape ih0 = p.get("weight_ih_l0").shape();
        Shape hh0 = p.get("weight_hh_l0").shape();
        Sym h = s.sym("H", "hidden units per gate (hidden_size)", r.hiddenSize());
        long gates = ih0.dim(0) / r.hiddenSize();
        Expr rows = mul(num(gates), h);
        Sym hIn = s.sym("H_in", "input features (input_size)", ih0.dim(1));
        Sym hOut = s.sym("H_out", "weight_hh columns: proj_size if set, else hidden_size", hh0.dim(1));
        Sym nLayers = s.sym("n_layers", "stacked layers (num_layers)", layers);
        module(a, path, "input-hidden weight multiplications, layer 0", mul(x0, x1, d, rows, hIn), s, 1, rule);
        if (layers > 1) {
            Shape ih1 = p.get("weight_ih_l1").shape();
            if (ih1.dim(1) != r.directions() * hh0.dim(1)) {
                throw new IllegalStateException("weight_ih_l1 " + ih1 + " is not (rows, D·H_out)");
            }
            module(a, path, "input-hidden weight multiplications, layers above 0",
                    mul(x0, x1, d, sub(nLayers, num(1)), rows, d, hOut), s, 1, rule);
        }
        module(a, path, "hidden-hidden weight multiplications", mul(x0, x1, d, nLayers, rows, hOut), s, 1, rule);
        long perUnit = gateCostPerUnit(a.layer().type());
        module(a, path, "gate arithmetic counted as " + perUnit + " per hidden unit",
                mul(x0, x1, d, nLayers, num(perUnit), h), s, 1, rule);
        if (r.bias()) {
            module(a, path, "bias additions", mul(x0, x1, d, nLayers, num(2), rows), s, 1, rule);
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
        Map<String, Parameter> p = byName(a);
        Sheet s = new Sheet();
        Sym n = s.sym("N", "batch size (input.shape[0])", x.dim(0));
        Sym h = s.sym("H", "hidden units per gate (hidden_size)", c.hiddenSize());
        Expr rows = mul(num(p.get("weight_ih").shape().dim(0) / c.hiddenSize()), h);
        Sym hIn = s.sym("H_in", "input features (input_size)", p.get("weight_ih").shape().dim(1));
        module(a, path, "input-hidden weight multiplications", mul(n, rows, hIn), s, 1, tool.recurrentCell);
        module(a, path, "hidden-hidden weight multiplications", mul(n, rows, h), s, 1, tool.recurrentCell);
        long perUnit = gateCostPerUnit(a.layer().type());
        module(a, path, "gate arithmetic counted as " + perUnit + " per hidden unit", mul(n, num(perUnit), h), s, 1,
                tool.recurrentCell);
        if (c.bias()) {
            module(a, path, "bias additions", mul(n, num(2), rows), s, 1, tool.recurrentCell);
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
        Sheet s = new Sheet();
        Sym n = s.sym("N", "batch size", q.dim(1 - seq));
        Sym l = s.sym("L", "query length", q.dim(seq));
        Sym len = s.sym("S", "key and value length", k.dim(seq));
        Sym e = s.sym("E", "query features (embed_dim)", q.dim(2));
        Sym ek = s.sym("E_k", "key features", k.dim(2));
        Sym ev = s.sym("E_v", "value features", v.dim(2));
        Sym h = s.sym("h", "num_heads", m.numHeads());
        Rule r = tool.attention;
        module(a, path, "query scaling divisions", mul(n, l, e), s, 1, r);
        module(a, path, "query projection multiplications", mul(n, l, e, e), s, 1, r);
        module(a, path, "key projection multiplications", mul(n, len, ek, ek), s, 1, r);
        module(a, path, "value projection multiplications", mul(n, len, ev, ev), s, 1, r);
        if (m.bias()) {   // in_proj_bias exists exactly when bias=True
            module(a, path, "query projection bias additions", mul(n, l, e), s, 1, r);
            module(a, path, "key projection bias additions", mul(n, len, e), s, 1, r);
            module(a, path, "value projection bias additions", mul(n, len, e), s, 1, r);
        }
        module(a, path, "query-key multiplications", mul(n, h, l, len, floorDiv(e, h)), s, 1, r);
        module(a, path, "softmax counted as 1 per score", mul(n, h, l, len), s, 1, r);
        module(a, path, "weight-value multiplications", mul(n, h, l, len, floorDiv(ev, h)), s, 1, r);
        module(a, path, "output projection multiplications", mul(n, l, ev, ev), s, 1, r);
        module(a, path, "output projection bias additions", mul(n, l, ev), s, 1, r);
    }

    private static Map<String, Parameter> byName(Analysis a) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Parameter p : a.parameters()) {
            m.put(p.name(), p);
        }
        return m;
    }

    // ---- patched functionals and tensor ops (pytorch_engine.py patch_functional, patch_tensor_ops)

    private void numelFunctionalFlopsHook(Analysis a, String path, String function, Shape input) {
        Sheet s = new Sheet();
        Sym e = s.sym("E_in", function + "'s input elements (input.numel())", input.numel());
        functional(a, path, function + " (patched) counted as 1 per input element", e, s, tool.patchedFunctionals,
                null);
    }

    /** MultiheadAttention's forward: F.multi_head_attention_forward calls torch.bmm, F.softmax, torch.bmm. */
    private void multiHeadAttentionForward(Analysis a, String path) {
        MultiheadAttention m = (MultiheadAttention) a.layer();
        Shape q = a.inputs().get(0);
        Shape k = a.inputs().get(1);
        boolean batched = q.rank() == 3;
        int seq = batched && m.batchFirst() ? 1 : 0;
        Sheet s = new Sheet();
        Sym n = s.sym("N", batched ? "batch size" : "batch size (1: unbatched input)",
                batched ? q.dim(m.batchFirst() ? 0 : 1) : 1);
        Sym h = s.sym("h", "num_heads", m.numHeads());
        Sym l = s.sym("L", "query length", q.dim(seq));
        Sym d = s.sym("d", "head_dim = embed_dim // num_heads", m.headDim());
        Sym rows = s.sym("S'", "key and value rows attended to: S plus the rows add_bias_kv and add_zero_attn append",
                k.dim(seq) + (m.addBiasKv() ? 1 : 0) + (m.addZeroAttn() ? 1 : 0));
        // torch.bmm(q_scaled (N·h, L, d), kᵀ (N·h, d, S')): prod(input.shape)·other.shape[-1]
        tensorOp(a, path, "query-key multiplications (torch.bmm, patched)", mul(n, h, l, d, rows), s);
        functional(a, path, "F.softmax (patched) counted as 1 per score", mul(n, h, l, rows), s,
                tool.patchedFunctionals, null);
        // torch.bmm(weights (N·h, L, S'), v (N·h, S', d))
        tensorOp(a, path, "weight-value multiplications (torch.bmm, patched)", mul(n, h, l, rows, d), s);
    }

    private void interpolateFunctionalFlopsHook(Analysis a, String path) {
        Upsample u = (Upsample) a.layer();
        Shape x = a.inputs().get(0);
        Shape y = a.output();
        int dims = x.rank() - 2;
        Rule rule = tool.patchedInterpolate;
        Sheet s = new Sheet();
        Optional<Dims> size = u.size();
        if (size.isPresent()) {
            boolean scalar = size.get().size() == 1;
            List<Expr> outs = new ArrayList<>();
            for (int d = 0; d < dims; d++) {
                outs.add(s.sym(AXES[dims - 1][d] + "_out", "output " + WORDS[dims - 1][d] + " (the size given)",
                        y.dim(2 + d)));
            }
            if (tool.v075()) {   // prod(size)·N·C, or size^d·N·C
                List<Expr> f = new ArrayList<>(List.of(s.sym("N", "batch size", x.dim(0)), s.sym("C", "channels",
                        x.dim(1))));
                f.addAll(outs);
                functional(a, path, "F.interpolate (patched) counted as the output elements", mul(f), s, rule, null);
            } else if (scalar) {   // int(size)
                Sym sz = s.sym("size", "Upsample's size, one integer", size.get().get(0));
                functional(a, path, "F.interpolate (patched) counted as the integer size", sz, s, rule, null);
            } else {               // int(np.prod(size))
                functional(a, path, "F.interpolate (patched) counted as prod(size)", mul(outs), s, rule, null);
            }
            return;
        }
        List<Double> scale = u.scaleFactor().orElseThrow();
        Sym e = s.sym("E_in", "input elements (input.numel())", x.numel());
        boolean scalar = scale.size() == 1;
        if (!scalar && scale.size() == (tool.v075() ? dims : x.dim(0))) {
            List<Expr> f = new ArrayList<>(List.of(e));
            for (double factor : scale) {
                f.add(num((long) factor));   // np.prod(scale_factor, dtype=np.int64) truncates each factor
            }
            functional(a, path, "F.interpolate (patched) counted as input elements × prod(int(scale_factor))",
                    mul(f), s, rule, null);
            return;
        }
        if (!scalar) {
            throw new PythonException("TypeError: unsupported operand type(s) for ** or pow(): 'tuple' and 'int'",
                    rule);
        }
        long exponent = tool.v075() ? dims : x.dim(0);   // input.dim() - 2, or len(input)
        double power = Math.pow(scale.get(0), exponent);
        double python = (double) x.numel() * power;
        if (!Double.isFinite(power) || !Double.isFinite(python)) {
            // float ** int beyond float64 raises in Python; int() of an infinite product raises too
            throw new PythonException(!Double.isFinite(power) ? "OverflowError: (34, 'Numerical result out of range')"
                    : "OverflowError: cannot convert float infinity to integer", rule);
        }
        String name = "F.interpolate (patched) counted as input elements × scale_factor^"
                + (tool.v075() ? "d" : "N");
        functional(a, path, name, scaled(e, power, python, s), s, rule, PyNum.of(python));
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

    // ---- contributions

    private Contribution contribution(Analysis a, String path, String name, Expr formula, Sheet s, long weight,
                                      Rule rule) {
        Bindings b = s.bindings();
        long value;
        try {
            value = Math.multiplyExact(weight, formula.eval(b));
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(tool.id() + " " + a.layer().type() + " " + name + " overflows long: "
                    + formula.plain() + " with " + b);
        }
        return new Contribution(path, a.layer().type(), name, formula, b, weight, value, rule);
    }

    private void module(Analysis a, String path, String name, Expr formula, Sheet s, long weight, Rule rule) {
        Contribution c = contribution(a, path, name, formula, s, weight, rule);
        if (c.value() != 0) {
            hooked.add(c);
            inCallOrder.add(c);
        }
    }

    /** A count appended to ptflops' functional list; {@code python} when Python's value is not the integer. */
    private void functional(Analysis a, String path, String name, Expr formula, Sheet s, Rule rule, PyNum python) {
        Contribution c = contribution(a, path, name, formula, s, 1, rule);
        functional.add(new Appended(c, python == null ? PyNum.of(c.value()) : python));
        if (c.value() != 0) {
            inCallOrder.add(c);
        }
    }

    private void tensorOp(Analysis a, String path, String name, Expr formula, Sheet s) {
        Contribution c = contribution(a, path, name, formula, s, 1, tool.patchedTensorOps);
        tensorOps.add(new Appended(c, PyNum.of(c.value())));
        if (c.value() != 0) {
            inCallOrder.add(c);
        }
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
     */
    private Count computeAverageFlopsCost() {
        long moduleSum = 0;
        for (Contribution c : hooked) {
            moduleSum = Math.addExact(moduleSum, c.value());
        }
        double flops = trueDivide(moduleSum, batchCounter);
        PyNum f = PyNum.ZERO;
        for (Appended x : functional) {
            f = f.plus(x.python());
        }
        flops += f.asDouble();
        PyNum t = PyNum.ZERO;
        for (Appended x : tensorOps) {
            t = t.plus(x.python());
        }
        flops += t.asDouble();
        if (!(flops < 0x1p63)) {
            throw new CountOverflowException(tool.id() + " total overflows long: " + flops);
        }
        long total = (long) flops;   // int() truncates toward zero, as the cast does

        List<Contribution> parts = new ArrayList<>(inCallOrder);   // in the order torch made the calls
        long counted = moduleSum;
        for (Appended x : functional) {
            counted = Math.addExact(counted, x.part().value());
        }
        for (Appended x : tensorOps) {
            counted = Math.addExact(counted, x.part().value());
        }
        long adjustment = Math.subtractExact(total, counted);
        if (adjustment != 0) {
            parts.add(division(moduleSum, adjustment, counted, total));
        }
        return new Count(tool.id(), total, parts);
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
        for (Appended x : functional) {
            if (x.python().isFloat()) {
                BigDecimal fraction = new BigDecimal(x.python().real()).subtract(BigDecimal.valueOf(x.part().value()));
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
