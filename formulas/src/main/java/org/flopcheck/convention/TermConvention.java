package org.flopcheck.convention;

import java.util.IdentityHashMap;
import java.util.Map;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.CountOverflowException;
import org.flopcheck.layers.Analysis;
import org.flopcheck.terms.Term;

/**
 * A convention that weights each term of every layer in the model and adds them up; the library's own
 * conventions ({@link Conventions#EXACT}, {@link Conventions#MACS}, {@link Conventions#FLOPS}) are of this kind.
 * A term's weight depends only on whether it is a multiplication of a dot product ({@link Term#mac()}), so a
 * total is {@code otherWeight·(all − macs) + macWeight·macs} over the model's {@link Analysis#termTotals()},
 * which the three conventions share.
 */
final class TermConvention implements Convention {
    private final String id;
    private final String title;
    private final String description;
    private final long otherWeight;
    private final long macWeight;
    private final Rule rule;

    /**
     * @param otherWeight what each operation of a term that is not a multiplication of a dot product counts
     * @param macWeight   what each multiplication of a dot product counts
     */
    TermConvention(String id, String title, String description, long otherWeight, long macWeight) {
        if (otherWeight < 0 || macWeight < 0) {
            throw new IllegalArgumentException("term weights are not negative: " + otherWeight + ", " + macWeight);
        }
        this.id = id;
        this.title = title;
        this.description = description;
        this.otherWeight = otherWeight;
        this.macWeight = macWeight;
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
     * The weighted sum of every term in the model, from the model's term totals; the contributions, one per
     * weighted term and row, are written when read.
     */
    private Count sum(Analysis analysis) {
        long total;
        try {
            Analysis.TermTotals sums = analysis.termTotals();
            total = Math.addExact(Math.multiplyExact(otherWeight, sums.all() - sums.macs()),
                    Math.multiplyExact(macWeight, sums.macs()));
        } catch (ArithmeticException tooBig) {
            total = overflowingTotal(analysis);
        }
        return Count.lazy(id, total, () -> {
            List<Contribution> parts = new ArrayList<>();
            collect(analysis, "", parts);
            return parts;
        });
    }

    /**
     * Some sum did not fit in a {@code long}: the term totals (even of terms this convention weights 0) or the
     * weighted total. Summing term by term says which: a single weighted term too big is named, otherwise the
     * total overflows. A sum this walk completes is returned: all weights and values are non-negative.
     */
    private long overflowingTotal(Analysis analysis) {
        try {
            return total(analysis, new IdentityHashMap<>());
        } catch (ArithmeticException overflow) {
            throw new CountOverflowException(id + " total of " + analysis.layer().type() + " overflows long");
        }
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
        long w = weight(t);
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

    private long weight(Term t) {
        return t.mac() ? macWeight : otherWeight;
    }

    private void collect(Analysis a, String path, List<Contribution> into) {
        for (Term t : a.terms()) {
            long value = weighted(a, t);
            if (value != 0) {
                into.add(new Contribution(path, a.layer().type(), t.name(), t.count(), a.values(),
                        weight(t), value, rule));
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
