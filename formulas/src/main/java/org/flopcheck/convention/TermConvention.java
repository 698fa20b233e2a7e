package org.flopcheck.convention;

import java.util.IdentityHashMap;
import java.util.Map;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.flopcheck.CountOverflowException;
import org.flopcheck.layers.Analysis;
import org.flopcheck.terms.Term;

/**
 * A convention that weights each term of every layer in the model and adds them up; the library's own
 * conventions ({@link Conventions#EXACT}, {@link Conventions#MACS}, {@link Conventions#FLOPS}) are of this kind.
 */
final class TermConvention implements Convention {
    private final String id;
    private final String title;
    private final String description;
    private final ToLongFunction<Term> weight;
    private final Rule rule;

    TermConvention(String id, String title, String description, ToLongFunction<Term> weight) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.weight = weight;
        this.rule = new Rule(id + "/terms", description, "flopcheck convention '" + id + "'");
    }

    /** The one rule of a term convention: its definition. */
    public java.util.List<Rule> rules() {
        return java.util.List.of(rule);
    }

    /** A count, or a failure when some operations of the model depend on the data and cannot be counted. */
    @Override
    public Outcome outcome(Analysis analysis) {
        List<String> dataDependent = analysis.dataDependence();
        if (!dataDependent.isEmpty()) {
            return new Outcome.Failed(id, "cannot be counted from shapes: " + String.join("; ", dataDependent),
                    DATA_DEPENDENT);
        }
        return new Outcome.Counted(sum(analysis), analysis.params().total());
    }

    static final Rule DATA_DEPENDENT = new Rule("flopcheck/data-dependent", "operations whose number depends on the"
            + " values of the data, not only on shapes, are not guessed: the count is refused", "flopcheck");

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String description() {
        return description;
    }

    /**
     * The weighted sum of every term in the model. The total is summed once per shared subtree
     * ({@link Analysis#origin()}); the contributions, one per weighted term and row, are written when read.
     */
    private Count sum(Analysis analysis) {
        long total;
        try {
            total = total(analysis, new IdentityHashMap<>());
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(id + " total of " + analysis.layer().type() + " overflows long");
        }
        return Count.lazy(id, total, () -> {
            List<Contribution> parts = new ArrayList<>();
            collect(analysis, "", parts);
            return parts;
        });
    }

    private long total(Analysis a, Map<Analysis, Long> done) {
        Long known = done.get(a.origin());
        if (known != null) {
            return known;
        }
        long sum = 0;
        for (Term t : a.terms()) {
            sum = Math.addExact(sum, weighted(a, t));
        }
        for (Analysis child : a.children()) {
            sum = Math.addExact(sum, total(child, done));
        }
        done.put(a.origin(), sum);
        return sum;
    }

    /** The term's weight times its count; 0 for a term this convention does not count. */
    private long weighted(Analysis a, Term t) {
        long w = weight.applyAsLong(t);
        if (w == 0 || t.value() == 0) {
            return 0;
        }
        try {
            return Math.multiplyExact(w, t.value());
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(id + " of " + a.layer().type() + " " + t.name()
                    + " overflows long: " + w + "·" + t.value());
        }
    }

    private void collect(Analysis a, String path, List<Contribution> into) {
        for (Term t : a.terms()) {
            long value = weighted(a, t);
            if (value != 0) {
                into.add(new Contribution(path, a.layer().type(), t.name(), t.count(), a.values(),
                        weight.applyAsLong(t), value, rule));
            }
        }
        for (Analysis child : a.children()) {
            collect(child, path.isEmpty() ? child.name() : path + "." + child.name(), into);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
