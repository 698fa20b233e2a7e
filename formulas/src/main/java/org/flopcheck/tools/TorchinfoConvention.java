package org.flopcheck.tools;

import static org.flopcheck.expr.Exprs.mul;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Parameter;
import org.flopcheck.terms.Params;

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
        Pass pass = new Pass(Mode.ROWS, true);
        try {
            pass.model(analysis);
        } catch (ForwardFailure f) {
            throw new IllegalStateException(f.reason);
        }
        return pass.rows.stream().map(RowBuilder::build).toList();
    }

    @Override
    public Outcome outcome(Analysis analysis) {
        return Convention.guarded(id(), analysis, () -> predict(analysis));
    }

    /**
     * ModelStatistics' totals from one pass that keeps sums, not rows: each row's subtree is summed as it
     * completes, and a module call whose subtree is known from another copy of the same analysis is not walked
     * again (see {@link Pass}). The contributions are the leaf rows' and are written when read, by a pass that
     * records the rows; a failing pass is run again recording rows, for the rows torchinfo's message names.
     */
    private Outcome predict(Analysis analysis) {
        Pass pass = new Pass(Mode.TOTALS, false);
        try {
            pass.model(analysis);
        } catch (ForwardFailure f) {
            return failure(analysis);
        }
        if (pass.totalMacs < 0) {
            throw new CountOverflowException(ID + " total of " + analysis.layer().type() + " overflows long");
        }
        return new Outcome.Counted(Count.lazy(ID, pass.totalMacs, () -> contributions(analysis)),
                pass.totalParams, OptionalLong.of(pass.trainableParams));
    }

    /** The failure torchinfo reports, naming the rows executed before it. */
    private static Outcome failure(Analysis analysis) {
        try {
            new Pass(Mode.ROWS, false).model(analysis);
        } catch (ForwardFailure f) {
            return new Outcome.Failed(ID, f.reason, f.rule);
        }
        throw new IllegalStateException(ID + ": a pass recording rows succeeds where the totals pass failed");
    }

    /** The leaf rows' MACs by parameter, in row order: what total_mult_adds adds up. */
    private static List<Contribution> contributions(Analysis analysis) {
        Pass pass = new Pass(Mode.ROWS, false);
        try {
            pass.model(analysis);
        } catch (ForwardFailure f) {
            throw new IllegalStateException(f.reason);
        }
        List<Contribution> parts = new ArrayList<>();
        for (RowBuilder row : pass.rows) {
            if (!row.container) {
                parts.addAll(row.contributions);
            }
        }
        return parts;
    }

    /** What a {@link Pass} keeps. */
    private enum Mode {
        /** Every row, as the summary list shows it; the MACs by parameter of every leaf row. */
        ROWS,
        /** ModelStatistics' sums only; a subtree known from an earlier copy of its analysis is not walked again. */
        TOTALS,
        /** Only which module paths have rows: fills in a {@link Node} whose subtree a TOTALS pass did not walk. */
        PATHS
    }

    /**
     * The forward pass with torchinfo's pre-hooks and hooks on every module.
     *
     * <p>A row is recursive when an earlier row has the same module path; paths are compared through a trie of
     * their {@code .}-separated segments ({@link Node}), so that no path string is built unless rows are kept.
     *
     * <p>A leaf row's MACs are added when its hook computes them; a row's parameters when the row is complete, when
     * no later row can fall among its {@code children} (the deeper rows that follow it, which a container's
     * leftover_params subtracts). The rows still open are one per depth, from the root down: a new row at depth
     * {@code d} completes the open rows at {@code d} and deeper, each into the open row above it. The rows below a
     * call's own row are complete when the call returns, since every later row is at most one level below that row.
     *
     * <p>A TOTALS pass computes what a module call adds ({@link Subtree}: its leaf rows' MACs, the parameters
     * counted for the rows below its own, what its own row's leftover subtracts) once per {@link Analysis#origin()}
     * and reuses it for every other copy (the 80 decoder layers of a Repeat, a ResNet stage's identical blocks). That
     * is sound because none of it depends on anything outside the call: MACs and parameters come from the analysis
     * alone, depths matter only relative to one another, and whether a row below is recursive depends only on the
     * rows below, provided no earlier row has a path at or under the call's path. A call is reused, and its numbers
     * kept, only then: when its {@link Node} is {@linkplain Node#fresh() fresh}. Its own row stays outside them, open
     * like any other, since a later row may still fall below it. The rows a reused call would have added are not put
     * in the trie: its node remembers the analysis, and the first lookup below it fills them in (a PATHS pass), so
     * that a later call at that path (a module called twice) finds them recursive. Only calls with submodules are
     * shared: a leaf's row costs less to compute than to look up.
     *
     * <p>In a fresh call, a TOTALS pass leaves out of the trie every child call that is the only one at or under its
     * name ({@link #soleChild}): nothing before it or in the rest of the call can share its paths, so its rows are
     * recursive or not by the rows below it alone, which it tracks in a node of its own. The call's node then
     * remembers its analysis, as a reused call's does, for a later row under its path to fill the paths in. A sole
     * leaf's row is counted at once, never opened ({@link #soleLeafRow}), and so are the rows of a module without
     * submodules called several times under a name nothing else is at or under ({@link #leafNameChild}), each
     * recursive when the module was called earlier.
     */
    private static final class Pass {
        private final Mode mode;
        /**
         * Whether container rows get their MACs computed: the summary list shows them, the total never adds them.
         * A container whose output has no dimension still computes them, because that raises in torchinfo.
         */
        private final boolean containerMacs;
        /** The rows, in order, in ROWS mode; otherwise null. */
        final List<RowBuilder> rows;
        /** In TOTALS mode, what a call adds by its analysis's origin, for this pass only; otherwise null. */
        private final Map<Analysis, Subtree> shared;
        /** The origin last looked up or added, and what its call adds: copies are usually consecutive calls. */
        private Analysis lastOrigin;
        private Subtree lastSubtree;
        /** The open rows by depth, {@code open[0]} to {@code open[depth - 1]}; reused across rows unless kept. */
        private RowBuilder[] open = new RowBuilder[16];
        private int depth;
        /** total_mult_adds: the MACs of the leaf rows so far; -1 once the sum is beyond a long. */
        long totalMacs;
        /**
         * total_params: of the completed rows, a non-recursive leaf's num_params and a non-recursive container's
         * leftover_params floored at 0. Plain sums: they wrap as adding them row by row in any order does.
         */
        long totalParams;
        /** trainable_params alike. */
        long trainableParams;

        Pass(Mode mode, boolean containerMacs) {
            this.mode = mode;
            this.containerMacs = containerMacs;
            this.rows = mode == Mode.ROWS ? new ArrayList<>() : null;
            this.shared = mode == Mode.TOTALS ? new IdentityHashMap<>() : null;
        }

        /** Calls the model and completes its rows. */
        void model(Analysis analysis) throws ForwardFailure {
            call(analysis, new Node(true), "", analysis.layer().type(), 0);
            complete(0);
        }

        /**
         * One forward call of the module analysed by {@code a}, at {@code node}: pre-hook, the forward, hook. Its row
         * stays open: a later row may still fall below it.
         */
        void call(Analysis a, Node node, String path, String varName, int depth) throws ForwardFailure {
            boolean fresh = node == null || node.fresh();
            RowBuilder row = preHook(a, node, path, varName, depth);
            if (mode == Mode.PATHS && fresh) {
                node.pending = a;
                return;
            }
            boolean share = mode == Mode.TOTALS && fresh && !a.isLeaf();
            if (share) {
                Subtree known = known(a.origin());
                if (known != null) {
                    totalMacs = plusMacs(totalMacs, known.macs());
                    totalParams += known.params();
                    trainableParams += known.trainable();
                    row.below = known.below();
                    row.belowTrainable = known.belowTrainable();
                    node.pending = a;
                    return;
                }
            }
            long macsBefore = totalMacs;
            long paramsBefore = totalParams;
            long trainableBefore = trainableParams;
            if (!fastPath(a) && callChildren(a, node, path, depth, share)) {
                node.pending = a;   // leaves below were not put in the trie: a later lookup below fills them in
            }
            complete(depth + 1);
            if (mode != Mode.PATHS) {
                hook(row, a);
            }
            if (share) {
                lastOrigin = a.origin();
                lastSubtree = new Subtree(totalMacs < 0 ? -1 : totalMacs - macsBefore, totalParams - paramsBefore,
                        trainableParams - trainableBefore, row.below, row.belowTrainable);
                shared.put(lastOrigin, lastSubtree);
            }
        }

        /** What a call of this origin made earlier in the pass adds, or null. */
        private Subtree known(Analysis origin) {
            if (origin != lastOrigin) {
                lastSubtree = shared.get(origin);
                lastOrigin = origin;
            }
            return lastSubtree;
        }

        /** construct_pre_hook: a new row with num_params and is_recursive. */
        private RowBuilder preHook(Analysis a, Node node, String path, String varName, int depth) {
            Params params = a.params();
            boolean recursive = node != null && node.register();
            return open(depth).reset(node, path, varName, a.layer().type(), a.hasSubmodules(), recursive,
                    params.total(), params.trainable());
        }

        /** The row at {@code depth}, below the open rows: a new one when rows are kept, else the one last there. */
        private RowBuilder open(int depth) {
            if (depth != this.depth) {
                throw new IllegalStateException("a row at depth " + depth + " with " + this.depth + " rows open");
            }
            if (depth == open.length) {
                open = Arrays.copyOf(open, 2 * depth);
            }
            RowBuilder row = open[depth];
            if (rows != null || row == null) {
                row = new RowBuilder(depth, rows != null);
                open[depth] = row;
            }
            if (rows != null) {
                rows.add(row);
            }
            this.depth = depth + 1;
            return row;
        }

        /** Completes the open rows at {@code depth} and deeper, deepest first (see {@link #counted}). */
        private void complete(int depth) {
            while (this.depth > depth) {
                RowBuilder done = open[--this.depth];
                counted(done.container, done.recursive, done.params, done.trainable, done.below, done.belowTrainable);
            }
        }

        /**
         * A row completed, the open row above it (if any) at {@code this.depth - 1}: ModelStatistics counts it
         * (unless recursive: a leaf's num_params, a container's leftover_params floored at 0), and the row above it
         * subtracts, over the non-recursive rows among its children, a leaf's num_params or a container's
         * leftover_params; {@code below} and {@code belowTrainable} are what the row's own leftover subtracts.
         */
        private void counted(boolean container, boolean recursive, long params, long trainable, long below,
                             long belowTrainable) {
            long up = below;
            long upTrainable = belowTrainable;
            if (!recursive) {
                long own = container ? params - below : params;
                long ownTrainable = container ? trainable - belowTrainable : trainable;
                totalParams += Math.max(own, 0);
                trainableParams += Math.max(ownTrainable, 0);
                up += own;
                upTrainable += ownTrainable;
            }
            if (depth > 0) {
                open[depth - 1].below += up;
                open[depth - 1].belowTrainable += upTrainable;
            }
        }

        /** construct_hook: the first output's size, then calculate_macs. */
        private void hook(RowBuilder row, Analysis a) throws ForwardFailure {
            row.executed = true;
            row.outputSize = a.output();
            if (!containerMacs && row.container && row.outputSize.rank() != 0) {
                return;
            }
            try {
                row.macs = calculateMacs(a, row.className, row.outputSize,
                        row.contributions != null && !row.container ? row : null);
            } catch (IndexError e) {
                throw new ForwardFailure(executedSoFar(), e.getMessage(), FORWARD_FAILURE);
            }
            if (!row.container) {
                totalMacs = plusMacs(totalMacs, row.macs);
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
         * ({@code layers.0}) first gets that container's row, as add_missing_container_layers inserts it, unless the
         * container's row is still open (the previous call was inside it too).
         */
        private boolean callChildren(Analysis a, Node node, String path, int depth, boolean fresh)
                throws ForwardFailure {
            List<Analysis> children = a.children();
            if (children.isEmpty()) {
                return false;
            }
            boolean untracked = false;
            for (int c = 0; c < children.size(); c++) {
                Analysis child = children.get(c);
                String name = child.name();
                if (name.indexOf('.') < 0) {
                    complete(depth + 1);
                    if (fresh && soleChild(a, c)) {
                        untracked = true;
                        if (child.isLeaf()) {
                            if (rows == null && !child.hasSubmodules()) {
                                soleLeafRow(child);
                            } else {
                                call(child, null, join(path, name), name, depth + 1);
                            }
                        } else {
                            call(child, new Node(false), join(path, name), name, depth + 1);
                        }
                        continue;
                    }
                    if (fresh && rows == null && leafNameChild(a, c)) {
                        untracked = true;
                        leafRow(child, a.calledEarlier(c));
                        continue;
                    }
                    node.reserve(children.size());
                    call(child, descendOne(node, name), join(path, name), name, depth + 1);
                    continue;
                }
                node.reserve(children.size());
                String[] names = name.split("\\.");
                String prefix = "";
                for (int level = 0; level < names.length - 1; level++) {
                    prefix = prefix.isEmpty() ? names[level] : prefix + "." + names[level];
                    Node container = descend(node, prefix);
                    int at = depth + 1 + level;
                    if (this.depth > at && open[at].node == container) {
                        continue;
                    }
                    complete(at);
                    missingContainer(a, prefix, container, join(path, prefix), names[level], at);
                }
                // a name of dots alone splits into no segment at all: IndexOutOfBoundsException
                int last = Objects.checkIndex(names.length - 1, names.length);
                complete(depth + 1 + last);
                call(child, descend(node, name), join(path, name), names[last], depth + 1 + last);
            }
            return untracked;
        }

        /**
         * A {@linkplain #soleChild sole} leaf call without submodules, in a pass that keeps no rows: its row is made,
         * hooked and counted at once, below the open rows, never opened. That is the same as opening it and
         * completing it at the next row: no row can fall below it (a later row below it would be a call at or
         * under its name), it is not recursive (no row before it has its path), and the sums it adds to are
         * plain sums, whatever their order.
         */
        private void soleLeafRow(Analysis a) throws ForwardFailure {
            leafRow(a, false);
        }

        /**
         * A {@linkplain #leafNameChild leaf-name} call in a pass that keeps no rows: its row is made, hooked and
         * counted at once, never opened, as for a {@linkplain #soleLeafRow sole leaf}; it is recursive when the
         * same module was called earlier in this forward, since no other row is at or under its path.
         */
        private void leafRow(Analysis a, boolean recursive) throws ForwardFailure {
            Params params = a.params();
            fastPath(a);   // no submodule to skip, but a failing fast path fails the pass as in call()
            long macs;
            try {
                macs = calculateMacs(a, a.layer().type(), a.output(), null);
            } catch (IndexError e) {
                throw new ForwardFailure(executedSoFar(), e.getMessage(), FORWARD_FAILURE);
            }
            totalMacs = plusMacs(totalMacs, macs);
            counted(false, recursive, params.total(), params.trainable(), 0, 0);
        }

        /**
         * Whether the call {@code children[c]}, in a call at a path under which no row has been recorded, can be
         * left out of the trie: no other call of the parent's forward is at or under its name
         * ({@link Analysis#soleCall}, computed once per origin and shared with thop's emulation), so no row before
         * it has its path or one under it, and no later row of this forward will; its path must not be the root's.
         * A leaf then gets no node, a call with submodules a node of its own outside the trie, for the rows below
         * it. The parent's node remembers its call ({@link Node#pending}), for a later row at or under the parent's
         * path (the parent called again) to find these paths.
         */
        private static boolean soleChild(Analysis parent, int c) {
            return !parent.children().get(c).name().isEmpty() && parent.soleCall(c);
        }

        /**
         * Whether the call {@code children[c]}, in a call at a path under which no row has been recorded, is one of
         * the calls of a module without submodules ({@link Analysis#leafNameCall}: ReLU called three times in a
         * ResNet block), which alone are at or under their name: each row is a leaf row whose recursion is known
         * from the calls before it, so none is put in the trie; the parent's node remembers its call, as for a
         * {@linkplain #soleChild sole} child. Its path must not be the root's.
         */
        private static boolean leafNameChild(Analysis parent, int c) {
            return !parent.children().get(c).name().isEmpty() && parent.leafNameCall(c);
        }

        /**
         * add_missing_container_layers: the container's row, its parameters counted but no MACs. The analysis names
         * a call inside a never-called container by a dotted name ({@code layers.0}); the only such container the
         * library's layers declare is TransformerEncoder's ModuleList, hence the class name.
         */
        private void missingContainer(Analysis parent, String prefix, Node node, String path, String varName,
                                      int depth) {
            long params = 0;
            long trainable = 0;
            Set<String> seen = new HashSet<>();
            String within = prefix + ".";
            for (Analysis child : parent.children()) {
                if (child.name().startsWith(within) && seen.add(child.name())) {
                    params += child.params().total();
                    trainable += child.params().trainable();
                }
            }
            open(depth).reset(node, path, varName, "ModuleList", true, node.register(), params, trainable)
                    .inserted = true;
        }

        /** The rows executed so far, as torchinfo's message lists them; null when rows are not kept. */
        private String executedSoFar() {
            if (rows == null) {
                return null;
            }
            List<String> executed = new ArrayList<>();
            for (RowBuilder r : rows) {
                if (r.executed && !r.inserted) {
                    executed.add(r.className + ": " + r.depth);
                }
            }
            return "[" + String.join(", ", executed) + "]";
        }

        /** The row path's string, when rows are kept. */
        private String join(String path, String name) {
            if (rows == null) {
                return null;
            }
            return path.isEmpty() ? name : path + "." + name;
        }

        /**
         * The node of the path {@code parent + "." + name} ({@code name} alone below the root): one level per
         * {@code .}-separated segment, so that two nodes are the same exactly when the two path strings are equal.
         */
        private Node descend(Node parent, String name) {
            if (name.indexOf('.') < 0) {
                return descendOne(parent, name);
            }
            Node node = parent;
            int from = 0;
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', from)) {
                node = enter(node, name.substring(from, dot));
                from = dot + 1;
            }
            return enter(node, name.substring(from));
        }

        /** {@link #descend} by a name without a dot. */
        private Node descendOne(Node parent, String name) {
            if (parent.root && name.isEmpty()) {
                return parent;   // the root's path is "", and so is the path of a call named "" below it
            }
            return enter(parent, name);
        }

        /** The child node for one segment; the paths below a reused call's node are filled in first. */
        private Node enter(Node parent, String segment) {
            if (parent.pending != null) {
                fillIn(parent);
            }
            return parent.child(segment);
        }

        /**
         * Puts in the trie the paths of the rows a reused call at this node would have recorded below its own: its
         * analysis's forward calls, each call at a new path standing in turn for the rows below it.
         */
        private static void fillIn(Node node) {
            Analysis a = node.pending;
            node.pending = null;
            Pass paths = new Pass(Mode.PATHS, false);
            paths.open(0).reset(node, null, null, null, true, true, 0, 0);   // the call's own row, recorded already
            try {
                if (!paths.fastPath(a)) {
                    paths.callChildren(a, node, null, 0, false);
                }
            } catch (ForwardFailure f) {
                throw new IllegalStateException(ID + ": a call that succeeded fails when repeated", f);
            }
        }
    }

    /**
     * A module path in a trie of path segments: {@code layers.0.mlp} is the node {@code mlp} below {@code 0} below
     * {@code layers} below the root (the path {@code ""}). A node may exist without a row of its own.
     */
    private static final class Node {
        /** The path "". */
        final boolean root;
        /** A row with this path has been recorded. */
        private boolean seen;
        /**
         * The analysis of a call at this path whose rows below it are not all in the trie yet: the call was reused
         * from another copy, or some of its leaves were left out ({@link Pass}); null once they are filled in.
         */
        Analysis pending;
        /**
         * The children by segment: an open-addressing table of (segment, node) pairs, at most three quarters full;
         * null until the first child.
         */
        private Object[] table;
        private int size;

        Node(boolean root) {
            this.root = root;
        }

        /** No row has this path, and nothing below it has one either. */
        boolean fresh() {
            return !seen && size == 0 && pending == null;
        }

        /** Records a row with this path; returns whether an earlier row had it (torchinfo's is_recursive). */
        boolean register() {
            boolean recursive = seen;
            seen = true;
            return recursive;
        }

        /** The child for one segment, created if new. */
        Node child(String segment) {
            if (table == null) {
                reserve(1);
            }
            int i = slot(segment, table.length);
            for (Object key = table[i]; key != null; key = table[i]) {
                if (key.equals(segment)) {
                    return (Node) table[i + 1];
                }
                i = (i + 2) & (table.length - 1);
            }
            Node child = new Node(false);
            table[i] = segment;
            table[i + 1] = child;
            if (8 * ++size > 3 * table.length) {
                grow();
            }
            return child;
        }

        /** Makes room for {@code count} children without growing, before the first is added. */
        void reserve(int count) {
            if (table == null) {
                table = new Object[4 * Integer.highestOneBit(Math.max(4 * count / 3, 2))];
            }
        }

        /** The key's index in a table of that length: Fibonacci hashing, as names often differ in a digit. */
        private static int slot(String key, int length) {
            return (key.hashCode() * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(length / 2 - 1) << 1;
        }

        /** Doubles the table. */
        private void grow() {
            Object[] old = table;
            table = new Object[2 * old.length];
            for (int j = 0; j < old.length; j += 2) {
                if (old[j] != null) {
                    int i = slot((String) old[j], table.length);
                    while (table[i] != null) {
                        i = (i + 2) & (table.length - 1);
                    }
                    table[i] = old[j];
                    table[i + 1] = old[j + 1];
                }
            }
        }
    }

    /**
     * LayerInfo.calculate_macs over the module's named parameters (its own, then its submodules' under dotted
     * names): the sum of each parameter's MACs by the rule its name selects. {@code keep}, when not null, is the
     * leaf row that records one contribution per parameter; a pass that keeps no rows passes null.
     */
    private static long calculateMacs(Analysis a, String className, Shape out, RowBuilder keep) throws IndexError {
        long macs = 0;
        if (a.isLeaf()) {
            // no submodule called: named_parameters() is the module's own, listed without building the map
            List<Parameter> own = a.parameters();
            Rule weightOrBias = null;
            for (int i = 0, n = own.size(); i < n; i++) {
                Parameter p = own.get(i);
                if (p.buffer()) {
                    continue;
                }
                String name = p.name();
                Rule rule = ruleFor(name);
                if (rule == FIRST_DIMENSION) {
                    if (weightOrBias == null) {   // the class name is read once per row, not once per parameter
                        weightOrBias = className.contains("Conv") ? CONV_POSITIONS : FIRST_DIMENSION;
                    }
                    rule = weightOrBias;
                }
                if (rule != null && firstNamed(own, i)) {
                    macs = Math.addExact(macs, countParameter(a, className, out, name, p, rule, keep));
                }
            }
            return macs;
        }
        boolean conv = className.contains("Conv");
        for (Map.Entry<String, Parameter> named : namedParameters(a).entrySet()) {
            String name = named.getKey();
            Rule rule = ruleFor(name);
            if (rule == FIRST_DIMENSION && conv) {
                rule = CONV_POSITIONS;
            }
            if (rule != null) {
                macs = Math.addExact(macs, countParameter(a, className, out, name, named.getValue(), rule, keep));
            }
        }
        return macs;
    }

    /**
     * The rule a parameter's name selects: {@link #FIRST_DIMENSION} for exactly 'weight' or 'bias' (which a
     * convolution turns into {@link #CONV_POSITIONS}), {@link #FIRST_TWO_DIMENSIONS} for any other name containing
     * either; null for a name that counts nothing.
     */
    private static Rule ruleFor(String name) {
        if (name.equals("weight") || name.equals("bias")) {
            return FIRST_DIMENSION;
        }
        return name.contains("weight") || name.contains("bias") ? FIRST_TWO_DIMENSIONS : null;
    }

    /** Whether no parameter before {@code i} has its name: named_parameters() lists a name once. */
    private static boolean firstNamed(List<Parameter> parameters, int i) {
        String name = parameters.get(i).name();
        for (int j = 0; j < i; j++) {
            if (!parameters.get(j).buffer() && parameters.get(j).name().equals(name)) {
                return false;
            }
        }
        return true;
    }

    /** One named parameter's MACs by its rule; recorded as a contribution of {@code keep} when that is not null. */
    private static long countParameter(Analysis a, String className, Shape out, String name, Parameter p, Rule rule,
                                       RowBuilder keep) throws IndexError {
        int[] dims = multipliedDimensions(rule, out.rank());
        long value = p.value();
        for (int k = 0; k < dims.length; k++) {
            value = multiplyExact(value, out.dim(dims[k]), className);
        }
        if (keep != null && value != 0) {
            keep.contributions.add(contribution(keep, a, name, p, dims, value, rule));
        }
        return value;
    }

    /**
     * The output dimensions a rule multiplies a parameter's elements by: for 'weight' and 'bias' the first (which
     * must exist), and for a convolution every one from the third on; for other weights and biases the first two.
     */
    private static int[] multipliedDimensions(Rule rule, int rank) throws IndexError {
        if (rule == FIRST_DIMENSION) {
            if (rank == 0) {
                throw new IndexError();
            }
            return FIRST;
        }
        if (rule == FIRST_TWO_DIMENSIONS) {
            return rank >= 2 ? FIRST_TWO : rank == 1 ? FIRST : NONE;
        }
        return rank < CONV_DIMENSIONS.length ? CONV_DIMENSIONS[rank] : convDimensions(rank);
    }

    private static final int[] NONE = {};
    private static final int[] FIRST = {0};
    private static final int[] FIRST_TWO = {0, 1};
    /** {@link #convDimensions} of the ranks outputs usually have, made once. */
    private static final int[][] CONV_DIMENSIONS = new int[8][];

    static {
        for (int rank = 0; rank < CONV_DIMENSIONS.length; rank++) {
            CONV_DIMENSIONS[rank] = convDimensions(rank);
        }
    }

    /** The first output dimension and every one from the third on; none of a 0-dimensional output. */
    private static int[] convDimensions(int rank) {
        if (rank == 0) {
            return NONE;
        }
        int[] dims = new int[Math.max(1, rank - 1)];
        for (int i = 2; i < rank; i++) {
            dims[i - 1] = i;
        }
        return dims;
    }

    private static long multiplyExact(long a, long b, String className) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(ID + " MACs of " + className + " overflow long");
        }
    }

    /** Adds two MAC sums, either of which may be -1 for beyond a long; -1 when the sum is. */
    private static long plusMacs(long a, long b) {
        if (a < 0 || b < 0) {
            return -1;
        }
        long sum = a + b;
        return sum < 0 ? -1 : sum;
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
    private static Contribution contribution(RowBuilder row, Analysis a, String name, Parameter p, int[] dims,
                                             long value, Rule rule) {
        List<Expr> factors = new ArrayList<>();
        factors.add(p.count());
        Bindings values = a.values();
        for (int i : dims) {
            Sym s = outputDimension(i);
            factors.add(s);
            if (!values.has(s)) {
                values = values.with(s, row.outputSize.dim(i));
            }
        }
        return new Contribution(row.path, row.className, contributionName(row.className, name, dims), mul(factors),
                values, 1, value, rule);
    }

    private static final Sym[] OUTPUT_DIMENSIONS = new Sym[8];

    static {
        for (int i = 0; i < OUTPUT_DIMENSIONS.length; i++) {
            OUTPUT_DIMENSIONS[i] = newOutputDimension(i);
        }
    }

    /** {@code out_0}: torchinfo's {@code output_size[0]}. */
    static Sym outputDimension(int i) {
        return i < OUTPUT_DIMENSIONS.length ? OUTPUT_DIMENSIONS[i] : newOutputDimension(i);
    }

    private static Sym newOutputDimension(int i) {
        return new Sym("out_" + i, "torchinfo's output_size[" + i + "]: dimension " + i + " of the module's first"
                + " output");
    }

    /**
     * Named like the layer's own terms where torchinfo means the same quantity (a convolution's or a linear layer's
     * weight multiplications and bias additions; a recurrent layer's weight multiplications by tensor kind), so that
     * a discrepancy lines up term by term; otherwise by the parameter and the dimensions it is multiplied by.
     */
    static String contributionName(String className, String name, int[] dims) {
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
        for (int k = 0; k < dims.length; k++) {
            sb.append(k == 0 ? " × " : "·").append("output_size[").append(dims[k]).append(']');
        }
        return sb.toString();
    }

    /**
     * What a module call adds to ModelStatistics, its own row aside: its leaf rows' MACs ({@code -1} beyond a long),
     * the total and trainable parameters counted for its completed rows, and what its own row's leftover subtracts.
     */
    private record Subtree(long macs, long params, long trainable, long below, long belowTrainable) {
    }

    /**
     * A row while the pass fills it in. A pass that keeps no rows reuses one
     * per depth ({@link #reset}).
     */
    private static final class RowBuilder {
        /** The output size a row records before its hook runs: none, as torchinfo's empty list. */
        private static final Shape NO_OUTPUT = Shape.of();

        final int depth;
        Node node;
        String path;
        String varName;
        String className;
        boolean container;
        boolean recursive;
        long params;
        long trainable;
        boolean executed;
        boolean inserted;
        /** The first output's shape; {@link #NO_OUTPUT} until the hook runs (and for an inserted container). */
        Shape outputSize;
        long macs;
        /**
         * What leftover_params subtracts: over the non-recursive rows below this one completed so far, a leaf's
         * num_params or a container's leftover_params.
         */
        long below;
        /** What leftover_trainable_params subtracts. */
        long belowTrainable;
        /** For a leaf row, its MACs by parameter when rows are kept; otherwise null. */
        final List<Contribution> contributions;

        RowBuilder(int depth, boolean keepContributions) {
            this.depth = depth;
            this.contributions = keepContributions ? new ArrayList<>() : null;
        }

        /** This row as the pre-hook records it, nothing below it yet. */
        RowBuilder reset(Node node, String path, String varName, String className, boolean container,
                         boolean recursive, long params, long trainable) {
            this.node = node;
            this.path = path;
            this.varName = varName;
            this.className = className;
            this.container = container;
            this.recursive = recursive;
            this.params = params;
            this.trainable = trainable;
            executed = false;
            inserted = false;
            outputSize = NO_OUTPUT;
            macs = 0;
            below = 0;
            belowTrainable = 0;
            return this;
        }

        Row build() {
            return new Row(path, varName, className, depth, !container, executed, recursive, params, trainable,
                    outputSize.dims(), macs, contributions);
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

        /** torchinfo's message; null when the pass kept no rows to name. */
        final String reason;
        final Rule rule;

        ForwardFailure(String executed, String cause, Rule rule) {
            super(cause, null, false, false);
            this.reason = executed == null ? null : "RuntimeError: Failed to run torchinfo. See above stack traces"
                    + " for more details. Executed layers up to: " + executed + "\ncaused by " + cause;
            this.rule = rule;
        }
    }

    @Override
    public String toString() {
        return ID;
    }
}
