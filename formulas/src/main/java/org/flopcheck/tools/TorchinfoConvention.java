package org.flopcheck.tools;

import static org.flopcheck.expr.Exprs.mul;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.terms.Parameter;

/**
 * What torchinfo 1.8.0 reports: {@code summary(model, input_data=...)}'s {@code total_mult_adds},
 * {@code total_params} and {@code trainable_params}.
 *
 * <p>torchinfo hooks every module, runs one forward pass in eval mode under {@code torch.no_grad()}, and records a
 * row per forward call (its {@code summary_list}): the module's parameters and the size of its first output. A
 * row's MACs come from its parameters alone, never from the operation: a parameter named exactly {@code weight} or
 * {@code bias} counts its elements once per entry of the output's first dimension, or, in a module whose class name
 * contains {@code Conv}, once per entry of the output's first dimension and of every dimension from the third on;
 * any other parameter whose name contains {@code weight} or {@code bias} ({@code weight_ih_l0},
 * {@code in_proj_weight}) counts its elements once per entry of the output's first two dimensions. The total adds the
 * rows of modules without any submodule; a container's row is computed but not added. Parameters are the leaf rows'
 * plus what each container holds beyond the rows below it.
 *
 * <p>So the count equals the true multiply-accumulates only where the first output dimension is the batch: a Linear
 * on {@code (N, S, F)} is counted for N rows, not N·S, an unbatched Linear once per output feature; a
 * MultiheadAttention counts nothing at all (its {@code out_proj} makes it a container, and it never calls it); a
 * batch-first TransformerEncoderLayer with an even head count takes torch's native fast path under no_grad and
 * shows no submodule rows, so it counts nothing either.
 *
 * <p>Worked example, the keyword-spotting model {@code Sequential(Conv2d(1, 32, (4, 10), stride=(2, 8),
 * bias=False), BatchNorm2d(32), Hardtanh(0, 3.96875))} on {@code (1, 1, 130, 40)}: the convolution's output is
 * {@code (1, 32, 64, 4)}, so its 1,280 weights count {@code 1,280·1·64·4 = 327,680}; BatchNorm2d's 32 weights and
 * 32 biases count {@code 64·1 = 64}; 327,744 MACs and 1,344 parameters.
 *
 * <p>Source: torchinfo 1.8.0 ({@code torchinfo/torchinfo.py}, {@code torchinfo/layer_info.py},
 * {@code torchinfo/model_statistics.py}, TylerYep/torchinfo tag v1.8.0); the behaviour is restated here, not copied.
 */
public final class TorchinfoConvention implements Convention {
    public static final TorchinfoConvention INSTANCE = new TorchinfoConvention();

    private static final String ID = "torchinfo-1.8.0";

    static final Rule LEAF_ROWS = new Rule(ID + "/leaf-rows-only", "total_mult_adds adds the MACs of the rows of"
            + " modules that have no submodule at all (torch's children(), called or not); a container row's MACs,"
            + " computed from all the parameters below it, are not added",
            "torchinfo/model_statistics.py ModelStatistics.__init__; torchinfo/layer_info.py LayerInfo.__init__"
                    + " (is_leaf_layer)");

    static final Rule FIRST_DIMENSION = new Rule(ID + "/weight-bias-first-dimension", "a parameter named exactly"
            + " 'weight' or 'bias' counts its elements once per entry of the first dimension of the module's output,"
            + " whatever that dimension is (the batch, a sequence, or the features of an unbatched output)",
            "torchinfo/layer_info.py LayerInfo.calculate_macs");

    static final Rule CONV_POSITIONS = new Rule(ID + "/conv-output-positions", "in a module whose class name"
            + " contains 'Conv' (transposed convolutions included), 'weight' and 'bias' count their elements once per"
            + " entry of the output's first dimension and of every dimension from the third on: N times the output"
            + " positions, or, for an unbatched output (C_out, ...), C_out times all but the first spatial dimension",
            "torchinfo/layer_info.py LayerInfo.calculate_macs");

    static final Rule FIRST_TWO_DIMENSIONS = new Rule(ID + "/other-weights-first-two-dimensions", "any other"
            + " parameter whose name contains 'weight' or 'bias' (weight_ih_l0, bias_hh_l1_reverse, in_proj_weight,"
            + " bias_k) counts its elements once per entry of the output's first two dimensions (one dimension if the"
            + " output has only one); parameters named otherwise count nothing",
            "torchinfo/layer_info.py LayerInfo.calculate_macs");

    static final Rule FIRST_OUTPUT = new Rule(ID + "/first-output-only", "the output size of a module returning"
            + " several tensors is the first tensor's (LSTM's output, not h_n and c_n; MultiheadAttention's"
            + " attn_output)", "torchinfo/layer_info.py LayerInfo.calculate_size");

    static final Rule ROW_PER_CALL = new Rule(ID + "/row-per-call", "every forward call of a module adds a row;"
            + " a row of a module that already has one is marked recursive: its MACs are added again, its parameters"
            + " are not", "torchinfo/torchinfo.py construct_pre_hook; torchinfo/layer_info.py"
            + " LayerInfo.check_recursive; torchinfo/model_statistics.py ModelStatistics.__init__");

    static final Rule LEFTOVER_PARAMS = new Rule(ID + "/leaf-and-leftover-params", "total_params adds each"
            + " non-recursive leaf row's parameters and, for each non-recursive container row, the parameters it holds"
            + " beyond the rows below it (leftover_params, floored at 0): parameters of submodules that never ran"
            + " (MultiheadAttention's out_proj, layers skipped by a fast path) count at their owner; trainable_params"
            + " alike over parameters that require grad",
            "torchinfo/model_statistics.py ModelStatistics.__init__; torchinfo/layer_info.py"
                    + " LayerInfo.leftover_params, LayerInfo.leftover_trainable_params");

    static final Rule NO_GRAD_FAST_PATHS = new Rule(ID + "/no-grad-fast-paths", "the forward pass runs in eval"
            + " mode under torch.no_grad(), so torch 1.13 takes its native fast paths: a TransformerEncoderLayer"
            + " (batched, batch_first, even nhead) or MultiheadAttention (batch-first self-attention, ...) that takes"
            + " one calls no submodule, and no row appears below it", "torchinfo/torchinfo.py forward_pass");

    static final Rule MISSING_CONTAINERS = new Rule(ID + "/missing-container-rows", "a container that is never"
            + " called itself (TransformerEncoder's ModuleList 'layers') gets a row, without MACs, above the first row"
            + " of a module inside it", "torchinfo/torchinfo.py add_missing_container_layers");

    static final Rule FORWARD_FAILURE = new Rule(ID + "/forward-failure", "an exception raised in the forward"
            + " pass (under eval and torch.no_grad()) or in a hook is re-raised as RuntimeError('Failed to run"
            + " torchinfo. ...') naming the rows executed so far; no summary is returned",
            "torchinfo/torchinfo.py forward_pass");

    private static final List<Rule> RULES = List.of(LEAF_ROWS, FIRST_DIMENSION, CONV_POSITIONS, FIRST_TWO_DIMENSIONS,
            FIRST_OUTPUT, ROW_PER_CALL, LEFTOVER_PARAMS, NO_GRAD_FAST_PATHS, MISSING_CONTAINERS, FORWARD_FAILURE);

    private TorchinfoConvention() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "torchinfo 1.8.0";
    }

    @Override
    public String description() {
        return "what torchinfo 1.8.0's summary() reports as total_mult_adds: per module row, weight and bias elements"
                + " times the output's first dimension (convolutions: times N and the output positions; RNN and"
                + " attention tensors: times the first two dimensions), added over modules without submodules, in"
                + " eval mode under torch.no_grad()";
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    /**
     * One row of torchinfo's {@code summary_list}, as its hooks record it.
     *
     * @param path            the module's dotted path from the root ({@code ""} for the root, {@code "layers.0"})
     * @param varName         torchinfo's {@code var_name}: the attribute name, the class name for the root
     * @param className       the module's class name
     * @param depth           0 for the root
     * @param leaf            the module has no submodule at all ({@code is_leaf})
     * @param executed        its forward hook fired (false for an inserted container)
     * @param recursive       an earlier row belongs to the same module ({@code is_recursive})
     * @param params          {@code num_params}: the module's parameters, its submodules' included
     * @param trainableParams {@code trainable_params}: those that require grad
     * @param outputSize      the recorded {@code output_size} (empty for an inserted container)
     * @param macs            the MACs torchinfo computed for the row (added to the total only for a leaf)
     * @param contributions   for a leaf row, its MACs by parameter; empty for a container row
     */
    public record Row(String path, String varName, String className, int depth, boolean leaf, boolean executed,
                      boolean recursive, long params, long trainableParams, List<Long> outputSize, long macs,
                      List<Contribution> contributions) {
        public Row {
            outputSize = List.copyOf(outputSize);
            contributions = List.copyOf(contributions);
        }

        @Override
        public String toString() {
            return className + ": " + depth;
        }
    }

    /** The rows torchinfo records, in its order; fails as torchinfo fails (see {@link #outcome}). */
    public List<Row> summaryList(Analysis analysis) {
        Pass pass = new Pass(true);
        try {
            pass.call(analysis, "", analysis.layer().type(), 0);
        } catch (ForwardFailure f) {
            throw new IllegalStateException(f.reason);
        }
        return pass.finish();
    }

    @Override
    public Outcome outcome(Analysis analysis) {
        return Convention.guarded(id(), analysis, () -> predict(analysis));
    }

    private Outcome predict(Analysis analysis) {
        Pass pass = new Pass(false);
        try {
            pass.call(analysis, "", analysis.layer().type(), 0);
        } catch (ForwardFailure f) {
            return new Outcome.Failed(ID, f.reason, f.rule);
        }
        return modelStatistics(analysis, pass.finish());
    }

    /** ModelStatistics: MACs of leaf rows; parameters of leaf rows and container rows' leftovers. */
    private static Outcome modelStatistics(Analysis analysis, List<Row> rows) {
        List<Contribution> parts = new ArrayList<>();
        long total = 0;
        long params = 0;
        long trainable = 0;
        Long[][] memo = new Long[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.leaf()) {
                for (Contribution c : row.contributions()) {
                    parts.add(c);
                    total = addExact(total, c.value(), analysis);
                }
                if (!row.recursive()) {
                    params += Math.max(row.params(), 0);
                    trainable += Math.max(row.trainableParams(), 0);
                }
            } else if (!row.recursive()) {
                params += Math.max(leftover(rows, i, false, memo[0]), 0);
                trainable += Math.max(leftover(rows, i, true, memo[1]), 0);
            }
        }
        return new Outcome.Counted(new Count(ID, total, parts), params, OptionalLong.of(trainable));
    }

    private static long addExact(long total, long value, Analysis analysis) {
        try {
            return Math.addExact(total, value);
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(ID + " total of " + analysis.layer().type() + " overflows long");
        }
    }

    /**
     * LayerInfo.leftover_params: the row's parameters less, over every non-recursive row below it (its
     * {@code children} are all the following rows deeper than it), a leaf's parameters or a container's leftover.
     */
    private static long leftover(List<Row> rows, int index, boolean trainable, Long[] memo) {
        if (memo[index] != null) {
            return memo[index];   // torchinfo recomputes it for every ancestor; the value is the same
        }
        Row row = rows.get(index);
        long left = trainable ? row.trainableParams() : row.params();
        for (int j = index + 1; j < rows.size() && rows.get(j).depth() > row.depth(); j++) {
            Row child = rows.get(j);
            if (!child.recursive()) {
                left -= child.leaf() ? (trainable ? child.trainableParams() : child.params())
                        : leftover(rows, j, trainable, memo);
            }
        }
        memo[index] = left;
        return left;
    }

    /** The forward pass with torchinfo's pre-hooks and hooks on every module. */
    private static final class Pass {
        private final List<RowBuilder> rows = new ArrayList<>();
        private final Set<String> layerIds = new HashSet<>();
        /**
         * Whether container rows get their MACs computed: the summary list shows them, the total never adds them.
         * A container whose output has no dimension still computes them, because that raises in torchinfo.
         */
        private final boolean containerMacs;

        Pass(boolean containerMacs) {
            this.containerMacs = containerMacs;
        }

        /** One forward call of the module analysed by {@code a}: pre-hook, the forward, hook. */
        void call(Analysis a, String path, String varName, int depth) throws ForwardFailure {
            RowBuilder row = preHook(a, path, varName, depth);
            if (!fastPath(a)) {
                callChildren(a, path, depth);
            }
            hook(row, a);
        }

        /** construct_pre_hook: a new row with num_params and is_recursive. */
        private RowBuilder preHook(Analysis a, String path, String varName, int depth) {
            RowBuilder row = new RowBuilder(path, varName, a.layer().type(), depth, a.hasSubmodules(),
                    !layerIds.add(path), a.params().total(), a.params().trainable());
            rows.add(row);
            return row;
        }

        /** construct_hook: the first output's size, then calculate_macs. */
        private void hook(RowBuilder row, Analysis a) throws ForwardFailure {
            row.executed = true;
            row.outputSize = a.output().dims();
            if (!containerMacs && a.hasSubmodules() && !row.outputSize.isEmpty()) {
                return;
            }
            try {
                calculateMacs(row, a);
            } catch (IndexError e) {
                throw new ForwardFailure(executedSoFar(), e.getMessage(), FORWARD_FAILURE);
            }
        }

        /**
         * Whether torch 1.13 replaces this module's Python forward by its native kernel under no_grad, so that no
         * submodule runs; a fast path that raises fails the pass.
         */
        private boolean fastPath(Analysis a) throws ForwardFailure {
            if (a.layer() instanceof TransformerEncoderLayer layer) {
                return layer.whyNotFastPath(a.inputs().get(0), false).isEmpty();
            }
            if (a.layer() instanceof MultiheadAttention mha && mha.whyNotFastPath(a.inputs(), false).isEmpty()) {
                Optional<String> failure = mha.fastPathFailure();
                if (failure.isPresent()) {
                    throw new ForwardFailure(executedSoFar(), failure.get(), FORWARD_FAILURE);
                }
                return true;
            }
            return false;
        }

        /**
         * The module's forward calls, in order. A call of a module inside a container that is never called itself
         * ({@code layers.0}) first gets that container's row, as add_missing_container_layers inserts it.
         */
        private void callChildren(Analysis a, String path, int depth) throws ForwardFailure {
            List<String> hierarchy = new ArrayList<>();
            for (Analysis child : a.children()) {
                String[] names = child.name().split("\\.");
                String prefix = "";
                for (int level = 0; level < names.length - 1; level++) {
                    prefix = prefix.isEmpty() ? names[level] : prefix + "." + names[level];
                    String containerPath = join(path, prefix);
                    if (hierarchy.size() > level && hierarchy.get(level).equals(containerPath)) {
                        continue;
                    }
                    truncate(hierarchy, level);
                    hierarchy.add(containerPath);
                    missingContainer(a, prefix, containerPath, names[level], depth + 1 + level);
                }
                String childPath = join(path, child.name());
                truncate(hierarchy, names.length - 1);
                hierarchy.add(childPath);
                call(child, childPath, names[names.length - 1], depth + names.length);
            }
        }

        /**
         * add_missing_container_layers: the container's row, its parameters counted but no MACs. The analysis names
         * a call inside a never-called container by a dotted name ({@code layers.0}); the only such container the
         * library's layers declare is TransformerEncoder's ModuleList, hence the class name.
         */
        private void missingContainer(Analysis parent, String prefix, String path, String varName, int depth) {
            long params = 0;
            long trainable = 0;
            Set<String> seen = new HashSet<>();
            for (Analysis child : parent.children()) {
                if (child.name().startsWith(prefix + ".") && seen.add(child.name())) {
                    params += child.params().total();
                    trainable += child.params().trainable();
                }
            }
            RowBuilder row = new RowBuilder(path, varName, "ModuleList", depth, true, !layerIds.add(path), params,
                    trainable);
            row.inserted = true;
            rows.add(row);
        }

        private String executedSoFar() {
            List<String> executed = new ArrayList<>();
            for (RowBuilder r : rows) {
                if (r.executed && !r.inserted) {
                    executed.add(r.className + ": " + r.depth);
                }
            }
            return "[" + String.join(", ", executed) + "]";
        }

        List<Row> finish() {
            return rows.stream().map(RowBuilder::build).toList();
        }
    }

    /**
     * LayerInfo.calculate_macs over the module's named parameters (its own, then its submodules' under dotted
     * names): each rule's MACs, and for a leaf row one contribution per parameter.
     */
    private static void calculateMacs(RowBuilder row, Analysis a) throws IndexError {
        List<Long> out = row.outputSize;
        for (Map.Entry<String, Parameter> named : namedParameters(a).entrySet()) {
            String name = named.getKey();
            Parameter p = named.getValue();
            Rule rule;
            List<Integer> dims = new ArrayList<>();
            if (name.equals("weight") || name.equals("bias")) {
                if (row.className.contains("Conv")) {
                    rule = CONV_POSITIONS;
                    if (!out.isEmpty()) {
                        dims.add(0);
                    }
                    for (int i = 2; i < out.size(); i++) {
                        dims.add(i);
                    }
                } else {
                    rule = FIRST_DIMENSION;
                    if (out.isEmpty()) {
                        throw new IndexError();
                    }
                    dims.add(0);
                }
            } else if (name.contains("weight") || name.contains("bias")) {
                rule = FIRST_TWO_DIMENSIONS;
                for (int i = 0; i < Math.min(2, out.size()); i++) {
                    dims.add(i);
                }
            } else {
                continue;
            }
            long value = p.value();
            for (int i : dims) {
                value = multiplyExact(value, out.get(i), row);
            }
            row.macs = Math.addExact(row.macs, value);
            if (!row.container && value != 0) {
                row.contributions.add(contribution(row, a, name, p, dims, value, rule));
            }
        }
    }

    private static long multiplyExact(long a, long b, RowBuilder row) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(ID + " MACs of " + row.className + " overflow long");
        }
    }

    /** named_parameters(): own tensors (buffers are not parameters), then each submodule's under its name. */
    private static Map<String, Parameter> namedParameters(Analysis a) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Parameter p : a.parameters()) {
            if (!p.buffer()) {
                named.putIfAbsent(p.name(), p);
            }
        }
        for (Analysis child : a.children()) {
            for (Map.Entry<String, Parameter> e : namedParameters(child).entrySet()) {
                named.putIfAbsent(child.name() + "." + e.getKey(), e.getValue());
            }
        }
        return named;
    }

    /** A leaf row's MACs for one parameter: its closed form times the output dimensions torchinfo multiplies. */
    private static Contribution contribution(RowBuilder row, Analysis a, String name, Parameter p, List<Integer> dims,
                                             long value, Rule rule) {
        List<Expr> factors = new ArrayList<>();
        factors.add(p.count());
        Bindings values = a.values();
        for (int i : dims) {
            Sym s = outputDimension(i);
            factors.add(s);
            if (!values.has(s)) {
                values = values.with(s, row.outputSize.get(i));
            }
        }
        return new Contribution(row.path, row.className, contributionName(row.className, name, dims), mul(factors),
                values, 1, value, rule);
    }

    /** {@code out_0}: torchinfo's {@code output_size[0]}. */
    static Sym outputDimension(int i) {
        return new Sym("out_" + i, "torchinfo's output_size[" + i + "]: dimension " + i + " of the module's first"
                + " output");
    }

    /**
     * Named like the layer's own terms where torchinfo means the same quantity (a convolution's or a linear layer's
     * weight multiplications and bias additions; a recurrent layer's weight multiplications by tensor kind), so that
     * a discrepancy lines up term by term; otherwise by the parameter and the dimensions it is multiplied by.
     */
    static String contributionName(String className, String name, List<Integer> dims) {
        if (className.contains("Conv") || className.equals("Linear")) {
            if (name.equals("weight")) {
                return "weight multiplications";
            }
            if (name.equals("bias")) {
                return "bias additions";
            }
        }
        if (className.equals("RNN") || className.equals("LSTM") || className.equals("GRU")) {
            if (name.startsWith("weight_ih_l0")) {
                return "input-hidden weight multiplications, layer 0";
            }
            if (name.startsWith("weight_ih_l")) {
                return "input-hidden weight multiplications, layers above 0";
            }
            if (name.startsWith("weight_hh_l")) {
                return "hidden-hidden weight multiplications";
            }
            if (name.startsWith("weight_hr_l")) {
                return "projection multiplications";
            }
            if (name.startsWith("bias_")) {
                return "bias additions";
            }
        }
        StringBuilder sb = new StringBuilder(name).append(" elements");
        for (int k = 0; k < dims.size(); k++) {
            sb.append(k == 0 ? " × " : "·").append("output_size[").append(dims.get(k)).append(']');
        }
        return sb.toString();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static void truncate(List<String> list, int size) {
        while (list.size() > size) {
            list.remove(list.size() - 1);
        }
    }

    /** A row while the pass fills it in. */
    private static final class RowBuilder {
        final String path;
        final String varName;
        final String className;
        final int depth;
        final boolean container;
        final boolean recursive;
        final long params;
        final long trainable;
        boolean executed;
        boolean inserted;
        List<Long> outputSize = List.of();
        long macs;
        final List<Contribution> contributions = new ArrayList<>();

        RowBuilder(String path, String varName, String className, int depth, boolean container, boolean recursive,
                   long params, long trainable) {
            this.path = path;
            this.varName = varName;
            this.className = className;
            this.depth = depth;
            this.container = container;
            this.recursive = recursive;
            this.params = params;
            this.trainable = trainable;
        }

        Row build() {
            return new Row(path, varName, className, depth, !container, executed, recursive, params, trainable,
                    outputSize, macs, contributions);
        }
    }

    /**
     * calculate_macs reads output_size[0] of a 0-dimensional output. The hook has already marked the row executed,
     * so torchinfo's message lists it.
     */
    private static final class IndexError extends Exception {
        private static final long serialVersionUID = 1L;

        IndexError() {
            super("IndexError: list index out of range", null, false, false);
        }
    }

    /** The forward pass raised: torchinfo re-raises it as a RuntimeError. */
    private static final class ForwardFailure extends Exception {
        private static final long serialVersionUID = 1L;

        final String reason;
        final Rule rule;

        ForwardFailure(String executed, String cause, Rule rule) {
            super(cause, null, false, false);
            this.reason = "RuntimeError: Failed to run torchinfo. See above stack traces for more details. Executed"
                    + " layers up to: " + executed + "\ncaused by " + cause;
            this.rule = rule;
        }
    }

    @Override
    public String toString() {
        return ID;
    }
}
