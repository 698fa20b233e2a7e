package org.flopcheck.convention;

import java.util.Objects;

/**
 * What a convention says about one model: a count and the parameters it reports, or, for a tool that would crash
 * or return nothing on this model, that failure and the reason.
 */
public sealed interface Outcome {

    /**
     * A count and the parameter total the convention reports (torch's total for the library's conventions; the
     * tool's own figure for a tool, which may differ).
     */
    record Counted(Count count, long params, java.util.OptionalLong trainableParams) implements Outcome {
        public Counted {
            Objects.requireNonNull(count, "count");
            Objects.requireNonNull(trainableParams, "trainableParams");
        }

        /** A count and parameter total, without a separate trainable figure. */
        public Counted(Count count, long params) {
            this(count, params, java.util.OptionalLong.empty());
        }
    }

    /** The tool fails on this model: it raises, or returns nothing. */
    record Failed(String convention, String reason, Rule rule) implements Outcome {
        public Failed {
            Objects.requireNonNull(convention, "convention");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rule, "rule");
        }
    }
}
