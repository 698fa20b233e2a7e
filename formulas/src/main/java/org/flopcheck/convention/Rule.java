package org.flopcheck.convention;

import java.util.Objects;

/**
 * One named rule of a convention, stated in a sentence, with where it comes from. For a tool's convention the
 * source is the tool's file and function ({@code thop/vision/basic_hooks.py count_normalization}); for the
 * library's own conventions it is the convention's definition.
 *
 * @param id        stable id, {@code thop-0.1.1/normalization-4-per-element}
 * @param statement what the rule does, in one sentence
 * @param source    where the rule is implemented or defined
 */
public record Rule(String id, String statement, String source) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return id + ": " + statement + " (" + source + ")";
    }
}
