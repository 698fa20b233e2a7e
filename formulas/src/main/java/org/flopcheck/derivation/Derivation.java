package org.flopcheck.derivation;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.flopcheck.expr.Bindings;

/**
 * The ordered steps that lead from a layer's arguments and input shape to its counts, with the values of every
 * symbol used. {@link #plain()} prints it the way a teacher would write it.
 *
 * @param layer  the layer's one-line description, such as {@code Conv1d(3, 16, kernel_size=(5,))}
 * @param steps  the steps in order
 * @param values the value of every symbol the steps use
 */
public record Derivation(String layer, List<Step> steps, Bindings values) {
    public Derivation {
        Objects.requireNonNull(layer, "layer");
        steps = List.copyOf(steps);
        Objects.requireNonNull(values, "values");
    }

    public List<Step> steps(Stage stage) {
        return steps.stream().filter(s -> s.stage() == stage).collect(Collectors.toList());
    }

    /** Every step on its own line, grouped under the stage titles. */
    public String plain() {
        StringBuilder sb = new StringBuilder(layer).append('\n');
        Stage current = null;
        for (Step step : steps) {
            if (step.stage() != current) {
                current = step.stage();
                sb.append(current.title()).append('\n');
            }
            sb.append("  ").append(step.plain(values)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return plain();
    }
}
