package org.flopcheck.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.flopcheck.derivation.Derivation;
import org.flopcheck.derivation.Step;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Bindings;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Parameter;
import org.flopcheck.terms.Params;
import org.flopcheck.terms.Term;
import org.flopcheck.terms.TermTable;

/**
 * What one layer does to one input: its output shapes, its parameter tensors, its operations as named terms, the
 * derivation that produced them, and, for a composite layer, the analyses of its children in call order.
 *
 * <p>Terms and parameters are the layer's own; a composite's totals add its children's
 * ({@link #params()}, {@link #allTerms()}). Conventions read the tree.
 *
 * <p>Counting never reads a derivation, so a layer analyses without writing its steps
 * ({@link Worksheet#recording()}); the first call of {@link #derivation()} analyses the layer once more on the same
 * inputs with its worksheet recording. Layers are immutable and an analysis depends only on the layer and its
 * inputs, so that second run writes the steps of exactly this analysis.
 */
public final class Analysis {
    /** What named copies share: everything but the row name. */
    private final Work work;
    private final String name;

    /**
     * One analysis's work, shared by the analysis that made it (its {@linkplain #origin() origin}) and every named
     * copy of it, so that a copy is only a name: ResNet-50's 183 rows share 67 of these.
     */
    private static final class Work {
        final Analysis origin;
        final Layer layer;
        final Inputs inputs;
        /** The first (main) output. */
        final Shape output;
        /** Every output; null until first read when there is only {@link #output}. */
        List<Shape> outputs;
        final Bindings values;
        // null until recorded, by a recording worksheet or on the first derivation()
        List<Step> steps;
        final TermTable terms;
        final List<Parameter> parameters;
        final List<Submodule> idle;
        final List<String> dataDependence;
        final boolean dependsOnData;
        final List<Analysis> children;
        /** Whether it calls no child: read for every row, so kept rather than asked of the list. */
        final boolean leaf;
        /** Whether the module has submodules, called or idle. */
        final boolean hasSubmodules;
        Params params;             // null when the total does not fit in a long; set once, by the constructor
        String paramsOverflow;     // then: the message params() raises
        // the sums of the subtree's term values (all, and the macs), set once by the constructor; unknown when a
        // sum does not fit in a long
        long termValues;
        long macTermValues;
        boolean termSumsOverflow;
        CallNames callNames;       // set once, by the constructor

        Work(Analysis origin, Layer layer, Inputs inputs, Shape output, List<Shape> outputs, Bindings values,
             List<Step> steps, TermTable terms, List<Parameter> parameters, List<Submodule> idle,
             List<String> dataDependence, List<Analysis> children) {
            this.origin = origin;
            this.layer = Objects.requireNonNull(layer, "layer");
            this.inputs = Objects.requireNonNull(inputs, "inputs");
            if (output != null) {
                this.output = output;
                this.outputs = null;
            } else {
                this.outputs = List.copyOf(outputs);
                if (this.outputs.isEmpty()) {
                    throw new IllegalArgumentException(layer.type() + " analysis needs at least one output shape");
                }
                this.output = this.outputs.get(0);
            }
            this.values = values;
            this.steps = steps == null ? null : List.copyOf(steps);
            this.terms = terms;
            this.parameters = parameters;
            this.idle = List.copyOf(idle);
            this.dataDependence = List.copyOf(dataDependence);
            boolean depends = !this.dataDependence.isEmpty();
            for (int i = 0; i < children.size(); i++) {
                depends |= children.get(i).work.dependsOnData;
            }
            this.dependsOnData = depends;
            this.children = List.copyOf(children);
            this.leaf = this.children.isEmpty();
            this.hasSubmodules = !leaf || !this.idle.isEmpty();
        }
    }

    /** {@code layer} analysed on {@code inputs}: the worksheet its analysis filled and the calls it made. */
    private Analysis(Layer layer, Inputs inputs, Shape output, List<Shape> outputs, Worksheet sheet,
                     List<Analysis> children) {
        this.name = "";
        Work w = new Work(this, layer, inputs, output, outputs, sheet.bindings(), recordedSteps(sheet),
                sheet.termTable(), sheet.parameters(), sheet.idleSubmodules(), sheet.dataDependence(), children);
        this.work = w;
        sumTerms(w, sheet);
        w.callNames = w.children.isEmpty() ? NO_CALLS : callNames(w.children);
        try {
            w.params = sumParams(sheet.tensorTotals(), w.callNames.first());
        } catch (org.flopcheck.CountOverflowException e) {
            w.paramsOverflow = e.getMessage();
        }
        // w's sums are written before this constructor ends and are read only through the final field work, so
        // every thread that sees this analysis sees them (JLS 17.5)
    }

    /** A named copy: the same work under another row name, nothing to copy or check again. */
    private Analysis(Work work, String name) {
        this.work = work;
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Sums of the values of every term in a subtree: {@code all} of them, and the multiplications of dot products
     * ({@code macs}, {@link Term#mac()}). Both are exact: a sum that does not fit in a {@code long} is never
     * returned (see {@link #termTotals()}).
     */
    public record TermTotals(long all, long macs) {
    }

    /**
     * The analysis of a layer without children: {@code layer} analysed on {@code inputs}, the arguments of the
     * {@link Layer#analyze} call that filled {@code sheet}.
     */
    public static Analysis leaf(Layer layer, Inputs inputs, List<Shape> outputs, Worksheet sheet) {
        return new Analysis(layer, inputs, null, outputs, sheet, List.of());
    }

    /** {@link #leaf(Layer, Inputs, List, Worksheet)} with one output. */
    public static Analysis leaf(Layer layer, Inputs inputs, Shape output, Worksheet sheet) {
        return new Analysis(layer, inputs, java.util.Objects.requireNonNull(output, "output"), null, sheet,
                List.of());
    }

    /** {@link #composite(Layer, Inputs, List, Worksheet, List)} with one output. */
    public static Analysis composite(Layer layer, Inputs inputs, Shape output, Worksheet sheet,
                                     List<Analysis> children) {
        return new Analysis(layer, inputs, java.util.Objects.requireNonNull(output, "output"), null, sheet,
                children);
    }

    /**
     * The analysis of a composite layer: its own working plus its children's analyses in call order;
     * {@code layer} analysed on {@code inputs}, the arguments of the {@link Layer#analyze} call that filled
     * {@code sheet}.
     */
    public static Analysis composite(Layer layer, Inputs inputs, List<Shape> outputs, Worksheet sheet,
                                     List<Analysis> children) {
        return new Analysis(layer, inputs, null, outputs, sheet, children);
    }

    private static List<Step> recordedSteps(Worksheet sheet) {
        return sheet.recording() ? sheet.steps() : null;
    }

    /** This analysis under a row name given by its parent ({@code "0"}, {@code "self_attn"}). */
    public Analysis named(String rowName) {
        return new Analysis(work, rowName);
    }

    /**
     * The analysis this one is a named copy of ({@link #named}), or this analysis itself. Copies share all their
     * work: the same layer on the same inputs, the same terms, parameters and children. A convention may compute
     * what it says about a subtree once per origin and reuse it wherever a copy occurs ({@code Repeat}'s copies,
     * torchvision's identical blocks in one stage).
     */
    public Analysis origin() {
        return work.origin;
    }

    public Layer layer() {
        return work.layer;
    }

    /** The row name its parent gave it; empty for a root. */
    public String name() {
        return name;
    }

    public Inputs inputs() {
        return work.inputs;
    }

    /** The first (main) output's shape. */
    public Shape output() {
        return work.output;
    }

    /** Every output's shape: LSTM gives (output, h_n, c_n), MultiheadAttention (output, weights). */
    public List<Shape> outputs() {
        List<Shape> all = work.outputs;
        if (all == null) {
            all = List.of(work.output);   // immutable: threads racing to make it agree
            work.outputs = all;
        }
        return all;
    }

    /** The value of every symbol in this layer's own formulas. */
    public Bindings values() {
        return work.values;
    }

    /** This layer's own terms, without its children's. */
    public List<Term> terms() {
        return work.terms.terms();
    }

    /**
     * The value of this layer's own first term with this name, or empty if it has none; read without making the
     * {@link Term} objects.
     */
    public java.util.OptionalLong termValue(String name) {
        return work.terms.value(name);
    }

    /** This layer's own terms followed by its descendants', depth first. */
    public List<Term> allTerms() {
        List<Term> all = new ArrayList<>();
        walk().forEach(a -> all.addAll(a.terms()));
        return all;
    }

    /** This layer's own tensors, without its children's. */
    public List<Parameter> parameters() {
        return work.parameters;
    }

    /**
     * Parameter totals of this layer and every descendant. A submodule called more than once (torchvision's
     * ResNet blocks call their {@code relu} twice) owns its tensors once, so rows with the same name count once.
     * Summed when the analysis is made, from its children's totals; a total too big for a {@code long} is raised
     * here, when read.
     *
     * @throws org.flopcheck.CountOverflowException when the total does not fit in a {@code long}
     */
    public Params params() {
        Params p = work.params;
        if (p == null) {
            throw new org.flopcheck.CountOverflowException(work.paramsOverflow);
        }
        return p;
    }

    /**
     * This layer's tensors plus each differently named child's totals, as {@link #params()} reports them.
     * Overflow is named at the layer whose sum overflows first: its own tensors, then its children in call order.
     */
    private Params sumParams(Params own, int[] firstCall) {
        List<Analysis> children = work.children;
        try {
            if (own == null) {
                throw new ArithmeticException("the layer's own tensors overflow");
            }
            if (children.isEmpty()) {
                return own;
            }
            long total = own.total();
            long trainable = own.trainable();
            long buffers = own.buffers();
            // rows with one name are one module called again: its tensors count once, at its first call
            for (int i = 0; i < children.size(); i++) {
                Params c = children.get(i).params();
                if (c == Params.NONE || firstCall[i] != i) {
                    continue;
                }
                total = Math.addExact(total, c.total());
                trainable = Math.addExact(trainable, c.trainable());
                buffers = Math.addExact(buffers, c.buffers());
            }
            return total == 0 && trainable == 0 && buffers == 0 ? Params.NONE
                    : new Params(total, trainable, buffers);
        } catch (ArithmeticException overflow) {
            throw new org.flopcheck.CountOverflowException(work.layer.type() + " parameter total overflows long");
        }
    }

    /** Up to this many children, names are compared pairwise instead of through a table. */
    private static final int FEW_CHILDREN = 16;

    /**
     * The sums of this layer's and every descendant's term values, each child counted as often as it is called
     * (unlike {@link #params()}, which counts a module's tensors once). Summed when the analysis is made, from its
     * children's sums, so the conventions that weight terms by kind (exact, macs, flops) read them without a walk.
     *
     * @throws ArithmeticException when a sum does not fit in a {@code long}
     */
    public TermTotals termTotals() {
        if (work.termSumsOverflow) {
            throw new ArithmeticException("a term total of " + work.layer.type() + " overflows long");
        }
        return new TermTotals(work.termValues, work.macTermValues);
    }

    /** Sets {@code w}'s term sums: the layer's own, from its worksheet, plus its children's. */
    private static void sumTerms(Work w, Worksheet sheet) {
        if (!sheet.termSumsKnown()) {
            w.termSumsOverflow = true;
            return;
        }
        long all = sheet.termValueSum();
        long macs = sheet.macTermValueSum();
        List<Analysis> children = w.children;
        try {
            for (int i = 0; i < children.size(); i++) {
                Work child = children.get(i).work;
                if (child.termSumsOverflow) {
                    w.termSumsOverflow = true;
                    return;
                }
                all = Math.addExact(all, child.termValues);
                macs = Math.addExact(macs, child.macTermValues);
            }
        } catch (ArithmeticException overflow) {
            w.termSumsOverflow = true;
            return;
        }
        w.termValues = all;
        w.macTermValues = macs;
    }

    /**
     * How this forward's child calls share names, computed when the analysis is made: per child, the bits
     * {@link #SOLE}, {@link #REPEAT} and {@link #LEAF_NAME}, and the index of the first call with its name.
     */
    private record CallNames(byte[] flags, int[] first) {
    }

    private static final CallNames NO_CALLS = new CallNames(new byte[0], new int[0]);

    /** {@link #soleCall}. */
    private static final byte SOLE = 1;
    /** {@link #calledEarlier}. */
    private static final byte REPEAT = 2;
    /** {@link #leafNameCall}. */
    private static final byte LEAF_NAME = 4;

    private CallNames callNames() {
        return work.callNames;
    }

    /**
     * Whether child call {@code i} is the only call in this forward at or under its name: the name has no dot, and
     * no other child's name is that name or starts with it and a dot ({@code "layers"} covers {@code "layers.0"}).
     * Such a call is its module's only one here, which lets the tool conventions treat its subtree on its own.
     * Computed once per {@linkplain #origin() origin}: the copies have the same children.
     */
    public boolean soleCall(int i) {
        return (callNames().flags()[i] & SOLE) != 0;
    }

    /** Whether a child call before {@code i} has exactly its name: the same submodule, called again. */
    public boolean calledEarlier(int i) {
        return (callNames().flags()[i] & REPEAT) != 0;
    }

    /**
     * Whether child call {@code i} has a name without a dot, no other child's name starts with it and a dot, and
     * every call with that name (this one included) is the call of a module without submodules that called none:
     * the calls at or under the name are rows of their own, each recursive exactly when {@linkplain #calledEarlier
     * called earlier}. A {@linkplain #soleCall sole} call to such a module is one.
     */
    public boolean leafNameCall(int i) {
        return (callNames().flags()[i] & LEAF_NAME) != 0;
    }

    /** A call of a module without submodules, which therefore called none. */
    private static boolean plainLeaf(Analysis call) {
        return !call.hasSubmodules();
    }

    private static CallNames callNames(List<Analysis> children) {
        int n = children.size();
        if (n > FEW_CHILDREN) {
            return manyCallNames(children);
        }
        // a handful of calls: names compared pairwise, hash codes first, and one bit per call in each mask
        int[] first = new int[n];
        int[] hashes = new int[n];   // read once: the pairs compare these, and names only when they are equal
        int repeated = 0;   // by first call: the name has more calls
        int notLeaves = 0;   // by first call: some call with the name is not a plain leaf
        boolean dotted = false;
        for (int i = 0; i < n; i++) {
            Analysis child = children.get(i);
            String name = child.name;
            dotted |= name.indexOf('.') >= 0;
            int hash = name.hashCode();
            hashes[i] = hash;
            int f = i;
            for (int j = 0; j < i; j++) {
                if (hashes[j] == hash && first[j] == j && children.get(j).name.equals(name)) {
                    f = j;
                    break;
                }
            }
            first[i] = f;
            if (f != i) {
                repeated |= 1 << f;
            }
            if (!plainLeaf(child)) {
                notLeaves |= 1 << f;
            }
        }
        int notClear = 0;   // by call: its name has a dot, or another name is under it
        if (dotted) {
            for (int i = 0; i < n; i++) {
                String name = children.get(i).name;
                boolean clear = name.indexOf('.') < 0;
                for (int j = 0; j < n && clear; j++) {
                    String other = children.get(j).name;
                    clear = other.length() == name.length() || !ModuleNames.hasFirstName(other, name);
                }
                if (!clear) {
                    notClear |= 1 << i;
                }
            }
        }
        byte[] flags = new byte[n];
        for (int i = 0; i < n; i++) {
            int f = first[i];
            boolean clear = (notClear & 1 << i) == 0;
            flags[i] = (byte) ((clear && (repeated & 1 << f) == 0 ? SOLE : 0) | (f != i ? REPEAT : 0)
                    | (clear && (notLeaves & 1 << f) == 0 ? LEAF_NAME : 0));
        }
        return new CallNames(flags, first);
    }

    /** {@link #callNames} for many calls: names found through a table. */
    private static CallNames manyCallNames(List<Analysis> children) {
        int n = children.size();
        String[] names = new String[n];
        int[] first = new int[n];   // the index of the first call with the same name
        boolean[] clear = new boolean[n];   // no dot, and no other name under it
        boolean[] leaves = new boolean[n];   // for the first call of a name: every call with it is a plain leaf
        boolean dotted = false;
        for (int i = 0; i < n; i++) {
            names[i] = children.get(i).name;
            dotted |= names[i].indexOf('.') >= 0;
        }
        java.util.Map<String, Integer> firstCall = new java.util.HashMap<>(2 * n);
        for (int i = 0; i < n; i++) {
            Integer earlier = firstCall.putIfAbsent(names[i], i);   // in call order: absent means first
            int f = earlier == null ? i : earlier;
            first[i] = f;
            boolean plain = plainLeaf(children.get(i));
            leaves[f] = f == i ? plain : leaves[f] && plain;
        }
        if (dotted) {
            java.util.Set<String> dottedFirstNames = new java.util.HashSet<>();
            for (String name : names) {
                int dot = name.indexOf('.');
                if (dot >= 0) {
                    dottedFirstNames.add(name.substring(0, dot));
                }
            }
            for (int i = 0; i < n; i++) {
                clear[i] = names[i].indexOf('.') < 0 && !dottedFirstNames.contains(names[i]);
            }
        } else {
            java.util.Arrays.fill(clear, true);
        }
        int[] calls = new int[n];   // by first call: how many calls have the name
        for (int i = 0; i < n; i++) {
            calls[first[i]]++;
        }
        byte[] flags = new byte[n];
        for (int i = 0; i < n; i++) {
            int f = first[i];
            flags[i] = (byte) ((clear[i] && calls[f] == 1 ? SOLE : 0) | (f != i ? REPEAT : 0)
                    | (clear[i] && leaves[f] ? LEAF_NAME : 0));
        }
        return new CallNames(flags, first);
    }

    /**
     * Why operations of this layer or a descendant depend on the data rather than only on shapes; empty when every
     * operation is counted exactly from shapes.
     */
    public List<String> dataDependence() {
        if (!work.dependsOnData) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        walk().forEach(a -> a.work.dataDependence.forEach(r -> all.add((a.name.isEmpty() ? a.layer().type()
                : a.name + " (" + a.layer().type() + ")") + ": " + r)));
        return all;
    }

    /** Submodules this layer declares but never calls, such as MultiheadAttention's {@code out_proj}. */
    public List<Submodule> idleSubmodules() {
        return work.idle;
    }

    /** True when torch would see submodules under this module, called or not: torch's notion of a non-leaf. */
    public boolean hasSubmodules() {
        return work.hasSubmodules;
    }

    public List<Analysis> children() {
        return work.children;
    }

    public boolean isLeaf() {
        return work.leaf;
    }

    /** This analysis and all its descendants, parents before children. */
    public Stream<Analysis> walk() {
        return Stream.concat(Stream.of(this), work.children.stream().flatMap(Analysis::walk));
    }

    /**
     * The steps that produced this layer's own counts. The first call analyses the layer again on the same inputs
     * with recording worksheets (see the class comment); named copies share their origin's steps.
     */
    public Derivation derivation() {
        return new Derivation(work.layer.toString(), steps(), work.values);
    }

    private List<Step> steps() {
        Work w = work;
        List<Step> recorded = w.steps;
        if (recorded == null) {
            recorded = Worksheet.recorded(() -> w.layer.analyze(w.inputs)).work.steps;
            w.steps = recorded;   // an immutable list: racing threads record equal steps
        }
        return recorded;
    }

    @Override
    public String toString() {
        return (name.isEmpty() ? "" : name + ": ") + work.layer + " " + work.inputs + " -> " + output();
    }
}
