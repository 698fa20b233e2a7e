package org.flopcheck.convention;

import org.flopcheck.layers.Analysis;

/**
 * A way of counting: which of a layer's operations count and how much each weighs, plus, for a tool's convention,
 * that tool's own rules. Implementations are stateless and thread-safe.
 */
public interface Convention {

    /** The stable id used on the command line and in files: {@code exact}, {@code macs}, {@code flops}. */
    String id();

    /** A short title: {@code exact scalar operations}. */
    String title();

    /** What is counted, in a sentence or two. */
    String description();

    /** The convention's rules, each with its source. */
    java.util.List<Rule> rules();

    /**
     * What this convention reports for one analysed model or layer: a count with its contributions and the
     * parameter total it reports, or a failure when a tool would crash or return nothing.
     *
     * @throws org.flopcheck.CountOverflowException when the total does not fit in a {@code long}
     */
    Outcome outcome(Analysis analysis);

    /**
     * Runs a convention's prediction so that a number too large for a {@code long} anywhere in it is a named
     * {@link org.flopcheck.CountOverflowException}, never a bare {@link ArithmeticException}.
     */
    static Outcome guarded(String id, Analysis analysis, java.util.function.Supplier<Outcome> prediction) {
        try {
            return prediction.get();
        } catch (ArithmeticException overflow) {
            throw new org.flopcheck.CountOverflowException(id + " count of " + analysis.layer().type()
                    + " overflows long (" + overflow.getMessage() + ")");
        }
    }

    /**
     * The count, for a convention that does not fail on this model.
     *
     * @throws IllegalStateException when the convention's tool fails on this model
     */
    default Count count(Analysis analysis) {
        Outcome o = outcome(analysis);
        if (o instanceof Outcome.Counted c) {
            return c.count();
        }
        Outcome.Failed f = (Outcome.Failed) o;
        throw new IllegalStateException(id() + " fails on this model: " + f.reason());
    }
}
