package org.flopcheck.derivation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flopcheck.CountOverflowException;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Exprs;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Num;
import org.flopcheck.expr.PlainText;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.terms.Parameter;
import org.flopcheck.terms.Term;
import org.flopcheck.terms.TermKind;
import org.flopcheck.terms.TermTable;

/**
 * The working a layer writes down while it analyses one input: the given values, then each derived quantity,
 * parameter tensor and operation term in the order a teacher would derive them. Every formula is evaluated
 * exactly the moment it is written; a value that overflows {@code long} raises a
 * {@link CountOverflowException} that names the layer and the quantity.
 *
 * <p><b>Counting and recording.</b> Counting a model needs the values, terms and parameters, not the steps that
 * explain them. A worksheet therefore writes down its steps and notes only when it {@linkplain #recording()
 * records}: inside {@link #recorded}, which {@link org.flopcheck.layers.Analysis#derivation()} uses to analyse a
 * layer once more when its derivation is first read. Everything else (every evaluation, every binding, every
 * term and tensor, every overflow check) happens in both modes in the same order, so an analysis and its
 * recorded derivation come from one run of the same code. Work that only serves the derivation is left to the
 * recording run: a note given as a {@code Supplier} is composed only when the derivation is read, and a layer may
 * ask {@link #recording()} before building anything else only a derivation shows.
 *
 * <p>Used once per analysis, by one thread; the layer then hands it to
 * {@link org.flopcheck.layers.Analysis}, which keeps immutable copies of what was written.
 */
public final class Worksheet {
    private static final Shape SCALAR = Shape.of();

    /** Set on a thread while {@link #recorded} runs: worksheets opened then record their steps. */
    private static final ThreadLocal<Boolean> RECORDING = new ThreadLocal<>();
    /** How many threads are inside {@link #recorded}: while none is, no worksheet needs to look at its thread. */
    private static final java.util.concurrent.atomic.AtomicInteger RECORDING_THREADS =
            new java.util.concurrent.atomic.AtomicInteger();

    private final String layer;
    private final Bindings.Builder values;
    private final List<Step> steps;   // null: counting only, no steps are written
    private TermTable.Builder terms;      // null: none yet, as for a composite or a shape-only layer
    private List<Parameter> parameters;   // null: none yet
    private boolean parametersShared;     // parameters is a caller's immutable list, recorded as it is
    private org.flopcheck.terms.Params sharedTotals;   // then: its totals, while no other tensor is added
    private List<org.flopcheck.layers.Submodule> idle;   // null: none, as for nearly every layer
    private List<String> dataDependence;                   // null: none
    /** The last tensor's shape: tensors of one shape (a norm's weight, bias and statistics) share one object. */
    private Shape lastShape;
    // running sums of the terms and tensors written so far, for the analysis; an overflow leaves them unknown
    private long termValues;
    private long macTermValues;
    private boolean termSumsOverflow;
    private long parameterElements;
    private long bufferElements;
    private boolean tensorSumsOverflow;

    /** @param layer the layer's type, which error messages name ({@code Conv2d}) */
    public Worksheet(String layer) {
        this(layer, 8);
    }

    /**
     * A worksheet for a layer that binds about {@code values} symbols (givens and definitions), so that their
     * storage is allocated once.
     */
    public Worksheet(String layer, int values) {
        this(layer, new Bindings.Builder(values));
    }

    /**
     * A worksheet for a layer that usually binds its values in {@code order}: then they are stored without
     * searching or copying symbols ({@link Bindings.Builder#Builder(Bindings.Order)}).
     */
    public Worksheet(String layer, Bindings.Order order) {
        this(layer, new Bindings.Builder(order));
    }

    private Worksheet(String layer, Bindings.Builder values) {
        this.layer = layer;
        this.values = values;
        this.steps = RECORDING_THREADS.get() != 0 && RECORDING.get() == Boolean.TRUE ? new ArrayList<>() : null;
    }

    /**
     * Runs {@code analysis} with every worksheet opened on this thread during the run recording its steps, and
     * returns its result. Analyses are deterministic, so a layer analysed again this way on the same inputs
     * writes the same values, terms and parameters, now with the steps that derive them.
     */
    public static <T> T recorded(java.util.function.Supplier<T> analysis) {
        Boolean before = RECORDING.get();
        RECORDING.set(Boolean.TRUE);
        RECORDING_THREADS.incrementAndGet();
        try {
            return analysis.get();
        } finally {
            RECORDING_THREADS.decrementAndGet();
            if (before == null) {
                RECORDING.remove();
            } else {
                RECORDING.set(before);
            }
        }
    }

    /** True when this worksheet writes down its steps and notes (inside {@link #recorded}). */
    public boolean recording() {
        return steps != null;
    }

    public String layer() {
        return layer;
    }

    /** Binds a value taken from the layer's arguments or the input shape. */
    public Sym given(Sym symbol, long value) {
        values.put(symbol, value);
        return symbol;
    }

    /** Defines {@code symbol = formula}, evaluates it and records the step. */
    public Sym define(Stage stage, String title, Sym symbol, Expr formula) {
        return define(stage, title, symbol, formula, evaluate(title, formula));
    }

    /** {@link #define(Stage, String, Sym, Expr)} of a formula compiled once ({@link Formula}). */
    public Sym define(Stage stage, String title, Sym symbol, Formula formula) {
        return define(stage, title, symbol, formula.expr(), evaluate(title, formula));
    }

    private Sym define(Stage stage, String title, Sym symbol, Expr formula, long value) {
        values.put(symbol, value);
        if (steps != null) {
            steps.add(new Step(stage, title, Optional.of(symbol), Optional.of(formula), value));
        }
        return symbol;
    }

    /** Records a step that shows a formula without naming it as a symbol; returns its value. */
    public long show(Stage stage, String title, Expr formula) {
        return show(stage, title, formula, evaluate(title, formula));
    }

    /** {@link #show(Stage, String, Expr)} of a formula compiled once ({@link Formula}). */
    public long show(Stage stage, String title, Formula formula) {
        return show(stage, title, formula.expr(), evaluate(title, formula));
    }

    private long show(Stage stage, String title, Expr formula, long value) {
        if (steps != null) {
            steps.add(new Step(stage, title, Optional.empty(), Optional.of(formula), value));
        }
        return value;
    }

    /**
     * Records a closed form of a whole total, shown for teaching ({@link Stage#SUMMARY}). A closed form whose value
     * does not fit in a {@code long} is recorded as a note instead of failing the analysis: the terms it summarises
     * may still be counted by a convention that does not need all of them. Only a recording worksheet evaluates
     * it: a closed form changes no count.
     */
    public void summary(String title, Expr formula) {
        if (steps == null) {
            return;
        }
        try {
            steps.add(new Step(Stage.SUMMARY, title, Optional.empty(), Optional.of(formula),
                    formula.eval(values.live())));
        } catch (ArithmeticException overflow) {
            note(Stage.SUMMARY, title + ": " + PlainText.render(formula) + " exceeds the range of a 64-bit count");
        }
    }

    /** Records a sentence in the derivation, such as why a rule applies. */
    public void note(Stage stage, String text) {
        if (steps != null) {
            steps.add(new Step(stage, text, Optional.empty(), Optional.empty(), 0));
        }
    }

    /**
     * Records a sentence composed only when the derivation is read (shapes printed, numbers formatted); a counting
     * worksheet never composes it.
     */
    public void note(Stage stage, java.util.function.Supplier<String> text) {
        if (steps != null) {
            steps.add(new Step(stage, text, Optional.empty(), Optional.empty(), 0));
        }
    }

    /** The value of a given or defined symbol. */
    public long value(Sym symbol) {
        return values.live().value(symbol);
    }

    /** Records a term that is not a multiply-accumulate product. */
    public void term(String name, Op op, Expr count, String note) {
        addTerm(TermKind.of(name, op, count, note), evaluate(name, count));
    }

    /** {@link #term(String, Op, Expr, String)} of a formula compiled once ({@link Formula}). */
    public void term(String name, Op op, Formula count, String note) {
        addTerm(TermKind.of(name, op, count.expr(), note), evaluate(name, count));
    }

    /** Records the multiplications of dot products: the term the {@code macs} convention counts. */
    public void macTerm(String name, Expr count, String note) {
        addTerm(TermKind.mac(name, count, note), evaluate(name, count));
    }

    /** {@link #macTerm(String, Expr, String)} of a formula compiled once ({@link Formula}). */
    public void macTerm(String name, Formula count, String note) {
        addTerm(TermKind.mac(name, count.expr(), note), evaluate(name, count));
    }

    /**
     * Records a term of a kind written once with the layer's formulas, counted by {@code count}, whose expression
     * must be the kind's.
     */
    public void term(TermKind kind, Formula count) {
        if (count.expr() != kind.count()) {
            throw new IllegalArgumentException("term '" + kind.name() + "' is counted by " + kind.count()
                    + ", not by " + count);
        }
        addTerm(kind, evaluate(kind.name(), count));
    }

    /** Records a term of a kind written once with the layer's formulas, counted by the kind's expression. */
    public void term(TermKind kind) {
        addTerm(kind, evaluate(kind.name(), kind.count()));
    }

    /**
     * Says which kinds of terms this worksheet's layer is about to record, in order, before the first: while they
     * come in that order only their values are stored ({@link TermTable.Builder#Builder(TermTable.Order)}).
     */
    public void expectTerms(TermTable.Order order) {
        if (terms == null) {
            terms = new TermTable.Builder(order);
        }
    }

    /** Records a term whose value was just evaluated. */
    private void addTerm(TermKind kind, long value) {
        if (terms == null) {
            terms = new TermTable.Builder(4);
        }
        terms.add(kind, value);
        if (!termSumsOverflow) {
            try {
                termValues = Math.addExact(termValues, value);
                if (kind.mac()) {
                    macTermValues = Math.addExact(macTermValues, value);
                }
            } catch (ArithmeticException overflow) {
                termSumsOverflow = true;   // the analysis reports it when its sums are read
            }
        }
        if (steps != null) {
            steps.add(new Step(Stage.TOTALS, kind.name(), Optional.empty(), Optional.of(kind.count()), value));
        }
    }

    /** Records a trainable parameter tensor with the given dimensions. */
    public Parameter parameter(String name, Expr... dims) {
        return addTensor(name, false, dims);
    }

    /** {@link #parameter(String, Expr...)} of dimensions written once ({@link TensorDims}). */
    public Parameter parameter(String name, TensorDims dims) {
        return addTensor(name, false, dims);
    }

    /**
     * Declares a submodule whose forward this layer never calls (its tensors are used functionally); record its
     * tensors with {@link #parameter} under the prefix {@code name.}.
     */
    public void idleSubmodule(String name, String type) {
        if (idle == null) {
            idle = new ArrayList<>();
        }
        idle.add(new org.flopcheck.layers.Submodule(name, type));
        note(Stage.PARAMETERS, () -> name + " (" + type + ") is a submodule whose forward is never called: its"
                + " tensors are used functionally");
    }

    /** Records a buffer (state that is not a parameter, such as a running mean) with the given dimensions. */
    public Parameter buffer(String name, Expr... dims) {
        return addTensor(name, true, dims);
    }

    /** {@link #buffer(String, Expr...)} of dimensions written once ({@link TensorDims}). */
    public Parameter buffer(String name, TensorDims dims) {
        return addTensor(name, true, dims);
    }

    private Parameter addTensor(String name, boolean buffer, Expr... dims) {
        long[] sizes = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            sizes[i] = evaluate(name, " shape", dims[i]);
        }
        return addTensor(name, buffer, sizes, TensorDims.count(dims));
    }

    private Parameter addTensor(String name, boolean buffer, TensorDims dims) {
        long[] sizes = new long[dims.rank()];
        for (int i = 0; i < sizes.length; i++) {
            Formula size = dims.size(i);
            try {
                sizes[i] = size.eval(values.live());
            } catch (ArithmeticException overflow) {
                throw overflow(name + " shape", size.expr());
            }
        }
        return addTensor(name, buffer, sizes, dims.count());
    }

    /** Records the tensor {@code name} of these sizes, just evaluated, and {@code count}, their product. */
    private Parameter addTensor(String name, boolean buffer, long[] sizes, Expr count) {
        Shape shape = sizes.length == 0 ? SCALAR : sameSizes(lastShape, sizes) ? lastShape : Shape.of(sizes);
        // the count is the product of the sizes just evaluated: multiplied in the same order as Product.eval, so
        // it overflows exactly when that evaluation would
        long value = 1;
        try {
            for (long size : sizes) {
                value = Math.multiplyExact(value, size);
            }
        } catch (ArithmeticException overflow) {
            throw overflow(name + " elements", count);
        }
        return addTensor(new Parameter(name, shape, count, value, buffer, !buffer));
    }

    /**
     * Records tensors this worksheet's layer made earlier with {@link #parameter} and {@link #buffer} from its
     * arguments alone, as those calls would record them again: a layer whose tensors do not depend on its input
     * makes them once, as torch's modules do in {@code __init__} ({@code org.flopcheck.layers.ArgumentTensors}).
     */
    public void tensors(Tensors made) {
        List<Parameter> list = made.list();
        if (parameters == null && steps == null) {
            // the first tensors: the list itself is recorded, and copied only if more tensors follow
            for (int i = 0; i < list.size(); i++) {
                Parameter p = list.get(i);
                addToSums(p.buffer(), p.value());
                lastShape = p.shape();
            }
            parameters = list;
            parametersShared = true;
            sharedTotals = made.totals();
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            addTensor(list.get(i));
        }
    }

    /**
     * Tensors a layer made once ({@link #tensorsMade()}), with their totals, for {@link #tensors} to record on
     * every analysis.
     */
    public record Tensors(List<Parameter> list, org.flopcheck.terms.Params totals) {
        public Tensors {
            list = List.copyOf(list);
            java.util.Objects.requireNonNull(totals, "totals");
        }
    }

    /** The tensors written so far, with their totals, or null when a total does not fit in a {@code long}. */
    public Tensors tensorsMade() {
        org.flopcheck.terms.Params totals = tensorTotals();
        return totals == null ? null : new Tensors(parameters(), totals);
    }

    /** Adds a tensor's elements to the running sums; an overflow leaves them unknown. */
    private void addToSums(boolean buffer, long value) {
        if (!tensorSumsOverflow) {
            try {
                if (buffer) {
                    bufferElements = Math.addExact(bufferElements, value);
                } else {
                    parameterElements = Math.addExact(parameterElements, value);
                }
            } catch (ArithmeticException overflow) {
                tensorSumsOverflow = true;   // the analysis reports it when its parameters are read
            }
        }
    }

    private Parameter addTensor(Parameter p) {
        lastShape = p.shape();
        boolean buffer = p.buffer();
        long value = p.value();
        addToSums(buffer, value);
        if (parameters == null) {
            parameters = new ArrayList<>();
        } else if (parametersShared) {
            parameters = new ArrayList<>(parameters);
            parametersShared = false;
            sharedTotals = null;
        }
        parameters.add(p);
        if (steps != null) {
            steps.add(new Step(Stage.PARAMETERS, () -> (buffer ? "buffer " : "") + p.name() + " " + p.shape(),
                    Optional.empty(), Optional.of(p.count()), value));
        }
        return p;
    }

    /** Whether {@code shape} has exactly these sizes (false for null). */
    private static boolean sameSizes(Shape shape, long[] sizes) {
        if (shape == null || shape.rank() != sizes.length) {
            return false;
        }
        for (int i = 0; i < sizes.length; i++) {
            if (shape.dim(i) != sizes[i]) {
                return false;
            }
        }
        return true;
    }

    /** The current value of {@code formula}, exactly, without recording anything. */
    public long evaluate(String quantity, Formula formula) {
        try {
            return formula.eval(values.live());
        } catch (ArithmeticException overflow) {
            throw overflow(quantity, formula.expr());
        }
    }

    /** The current value of {@code formula}, exactly, without recording anything. */
    public long evaluate(String quantity, Expr formula) {
        try {
            return formula.eval(values.live());
        } catch (ArithmeticException overflow) {
            throw overflow(quantity, formula);
        }
    }

    /** {@link #evaluate(String, Expr)} of the quantity {@code name + suffix}, named only if it overflows. */
    private long evaluate(String name, String suffix, Expr formula) {
        try {
            return formula.eval(values.live());
        } catch (ArithmeticException overflow) {
            throw overflow(name + suffix, formula);
        }
    }

    /**
     * The number of elements of a tensor of this shape, 1 for a scalar: the value of the product
     * {@code d₀·d₁·…} of its dimensions, computed without writing that formula down. A product too big for a
     * {@code long} raises the {@link CountOverflowException} that {@link #evaluate(String, Expr)} raises for the
     * formula, naming the dimensions.
     */
    public long elements(String quantity, Shape shape) {
        return elements(() -> quantity, shape);
    }

    /** {@link #elements(String, Shape)} with the quantity's name composed only if the product overflows. */
    public long elements(java.util.function.Supplier<String> quantity, Shape shape) {
        try {
            return shape.numel();
        } catch (ArithmeticException overflow) {
            List<Expr> dims = new ArrayList<>(shape.rank());
            for (int i = 0; i < shape.rank(); i++) {
                dims.add(new Num(shape.dim(i)));
            }
            return evaluate(quantity.get(), Exprs.mul(dims));   // the same exact product: it overflows again
        }
    }

    private CountOverflowException overflow(String quantity, Expr formula) {
        String values = valuesOf(formula);
        return new CountOverflowException(layer + " " + quantity + " overflows long: " + PlainText.render(formula)
                + (values.isEmpty() ? "" : " with " + values));
    }

    private String valuesOf(Expr formula) {
        Set<Sym> used = Exprs.symbols(formula);
        StringBuilder sb = new StringBuilder();
        Bindings live = values.live();
        for (Sym s : used) {
            if (live.has(s)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(s.name()).append('=')
                        .append(PlainText.grouped(live.value(s)));
            }
        }
        return sb.toString();
    }

    /**
     * Whether the sums of the terms written so far fit in a {@code long}: the sums of all their values and of the
     * multiplications of dot products, {@link org.flopcheck.layers.Analysis#termTotals()} of these terms alone.
     */
    public boolean termSumsKnown() {
        return !termSumsOverflow;
    }

    /** The sum of the values of the terms written so far; see {@link #termSumsKnown()}. */
    public long termValueSum() {
        return termValues;
    }

    /** The sum of the values of the multiply-accumulate terms written so far; see {@link #termSumsKnown()}. */
    public long macTermValueSum() {
        return macTermValues;
    }

    /**
     * The totals of the tensors written so far: parameters (every one a worksheet writes is trainable) and buffers,
     * or null when a sum does not fit in a {@code long}.
     */
    public org.flopcheck.terms.Params tensorTotals() {
        if (tensorSumsOverflow) {
            return null;
        }
        if (sharedTotals != null) {
            return sharedTotals;   // the sums are those totals: only its tensors were added
        }
        return parameterElements == 0 && bufferElements == 0 ? org.flopcheck.terms.Params.NONE
                : new org.flopcheck.terms.Params(parameterElements, parameterElements, bufferElements);
    }

    /** An immutable copy of every value bound so far. */
    public Bindings bindings() {
        return values.build();
    }

    // a worksheet is finished when its layer hands it to an Analysis: these views are never written to again

    /** The steps written so far; none unless this worksheet {@linkplain #recording() records}. */
    public List<Step> steps() {
        return steps == null ? List.of() : java.util.Collections.unmodifiableList(steps);
    }

    /** The terms written so far. */
    public List<Term> terms() {
        return terms == null ? List.of() : terms.terms();
    }

    /** The terms, for the analysis this worksheet is handed to; nothing is written after. */
    public TermTable termTable() {
        return terms == null ? TermTable.EMPTY : terms.build();
    }

    public List<Parameter> parameters() {
        return parameters == null ? List.of() : parametersShared ? parameters
                : java.util.Collections.unmodifiableList(parameters);
    }

    /**
     * Records that some of this layer's operations depend on the data, not only on shapes (Embedding's max_norm
     * renormalises only the rows that occur and exceed the norm): exact conventions then report that they cannot
     * count this model instead of a number that leaves those operations out.
     */
    public void dataDependent(String reason) {
        if (dataDependence == null) {
            dataDependence = new ArrayList<>();
        }
        dataDependence.add(reason);
        note(Stage.TOTALS, () -> "not counted: " + reason);
    }

    public List<String> dataDependence() {
        return dataDependence == null ? List.of() : List.copyOf(dataDependence);
    }

    public List<org.flopcheck.layers.Submodule> idleSubmodules() {
        return idle == null ? List.of() : List.copyOf(idle);
    }
}
