package org.flopcheck.testing;

import java.util.EnumMap;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;
import org.flopcheck.convention.Convention;
import org.flopcheck.expr.PlainText;
import org.flopcheck.layers.Analysis;
import org.flopcheck.oracle.OpCounter;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.terms.Term;

/**
 * Assertions on one analysis. Every failure message shows the expected and actual numbers and the analysis's own
 * derivation, so a wrong count can be traced to the step that produced it.
 */
public final class AnalysisAssert extends AbstractAssert<AnalysisAssert, Analysis> {

    AnalysisAssert(Analysis actual) {
        super(actual, AnalysisAssert.class);
    }

    public AnalysisAssert hasOutput(Shape expected) {
        isNotNull();
        if (!actual.output().equals(expected)) {
            failWithMessage("expected output %s but was %s%n%s", expected, actual.output(), derivations());
        }
        return this;
    }

    public AnalysisAssert hasOutput(long... dims) {
        return hasOutput(Shape.of(dims));
    }

    public AnalysisAssert hasParams(long expected) {
        isNotNull();
        if (actual.params().total() != expected) {
            failWithMessage("expected %s parameters but was %s%n%s", PlainText.grouped(expected),
                    PlainText.grouped(actual.params().total()), derivations());
        }
        return this;
    }

    public AnalysisAssert hasBuffers(long expected) {
        isNotNull();
        if (actual.params().buffers() != expected) {
            failWithMessage("expected %s buffer elements but was %s%n%s", PlainText.grouped(expected),
                    PlainText.grouped(actual.params().buffers()), derivations());
        }
        return this;
    }

    /** The convention's total for this analysis equals {@code expected}. */
    public AnalysisAssert counts(Convention convention, long expected) {
        isNotNull();
        long total = convention.count(actual).total();
        if (total != expected) {
            failWithMessage("expected %s = %s but was %s%n%s%n%s", convention.id(), PlainText.grouped(expected),
                    PlainText.grouped(total), convention.count(actual).plain(), derivations());
        }
        return this;
    }

    /** The term with this name has this value. */
    public AnalysisAssert hasTerm(String name, long expected) {
        isNotNull();
        Term term = actual.allTerms().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        if (term == null) {
            failWithMessage("expected a term '%s' but the terms are %s%n%s", name, actual.allTerms(), derivations());
        } else if (term.value() != expected) {
            failWithMessage("expected %s = %s but was %s%n%s", name, PlainText.grouped(expected), term, derivations());
        }
        return this;
    }

    /**
     * The terms, summed by kind of operation, equal what the oracle counted when it ran the layer structurally,
     * and the multiply-accumulate products equal the oracle's dot-product products.
     */
    public AnalysisAssert matchesOracle(OpCounter oracle) {
        isNotNull();
        Map<Op, Long> closed = byOp(actual);
        Map<Op, Long> counted = new EnumMap<>(Op.class);
        counted.putAll(oracle.counts());
        long macs = actual.allTerms().stream().filter(Term::mac).mapToLong(Term::value).sum();
        if (!closed.equals(counted) || macs != oracle.macs()) {
            failWithMessage("closed forms give %s with %s MACs, the oracle counted %s with %s MACs%n%s", closed,
                    macs, counted, oracle.macs(), derivations());
        }
        return this;
    }

    /** Non-zero term values summed per operation kind. */
    public static Map<Op, Long> byOp(Analysis analysis) {
        Map<Op, Long> sums = new EnumMap<>(Op.class);
        for (Term t : analysis.allTerms()) {
            if (t.value() != 0) {
                sums.merge(t.op(), t.value(), Math::addExact);
            }
        }
        return sums;
    }

    private String derivations() {
        StringBuilder sb = new StringBuilder();
        actual.walk().forEach(a -> sb.append(a.derivation().plain()));
        return sb.toString();
    }
}
