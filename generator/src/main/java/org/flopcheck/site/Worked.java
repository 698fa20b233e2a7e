package org.flopcheck.site;

import java.util.List;

/**
 * A worked example as a page shows it: the layer (torch's repr and the PyTorch code), the shapes, each call's
 * derivation with values substituted, the parameter tensors, the library's counts, and what each pinned tool
 * recorded for it, with the named reason for every difference from the exact count.
 *
 * @param id          the golden case id (or the subject's name)
 * @param anchor      the fragment id on the page
 * @param description what the example exercises
 * @param repr        torch's repr of the layer
 * @param python      the PyTorch code that builds and runs it
 * @param inputs      the input shapes
 * @param output      the output shape
 * @param calls       one derivation per call that does work of its own, root first
 * @param params      the parameter total, trainable or not
 * @param library     exact, macs and flops totals
 * @param tools       one row per recorded tool reading; empty for an example without golden readings
 * @param rules       the rules the tool explanations cite, each once
 */
public record Worked(String id, String anchor, String description, String repr, String python, List<ShapeText> inputs,
                     ShapeText output, List<Call> calls, Quantity params, List<Total> library, List<ToolRow> tools,
                     List<RuleText> rules) {
    public Worked {
        inputs = List.copyOf(inputs);
        calls = List.copyOf(calls);
        library = List.copyOf(library);
        tools = List.copyOf(tools);
        rules = List.copyOf(rules);
    }

    /** A shape as text, with the key the tests resolve it by. */
    public record ShapeText(String key, String text) {
    }

    /** A convention's total, or why it cannot be given (then {@code value} is null). */
    public record Total(String id, String title, Quantity value, String failure) {
    }

    /**
     * One call's working: its label and repr, the symbols given (with values), the steps by stage, the tensors.
     */
    public record Call(String label, String repr, List<Given> given, List<Stage> stages, List<Tensor> tensors) {
        public Call {
            given = List.copyOf(given);
            stages = List.copyOf(stages);
            tensors = List.copyOf(tensors);
        }
    }

    /** A symbol with its value: {@code C_in = 4}. */
    public record Given(MathMarkup symbolMath, String meaning, Quantity value) {
    }

    /** A stage of a derivation and its steps. */
    public record Stage(String title, List<Step> steps) {
        public Stage {
            steps = List.copyOf(steps);
        }
    }

    /**
     * One step: a note (text only), or a formula with its values substituted and its value.
     *
     * @param title           what the step computes, or the note
     * @param note            true for a note
     * @param formulaMath     {@code lhs = formula} (null for a note)
     * @param substitutedMath the formula with values (null for a note)
     * @param value           the value (null for a note)
     */
    public record Step(String title, boolean note, MathMarkup formulaMath, MathMarkup substitutedMath,
                       Quantity value) {
    }

    /** A parameter or buffer tensor. */
    public record Tensor(String name, ShapeText shape, MathMarkup countMath, Quantity count, boolean buffer) {
    }

    /**
     * What one tool recorded for the example and how the tool's convention explains it.
     *
     * @param label        {@code thop-0.1.1} or {@code thop-0.1.1 (wrapped)}
     * @param call         the Python call that produced the reading
     * @param failed       true when the tool raised
     * @param error        the tool's error (failed readings)
     * @param macs         the recorded total (null when failed)
     * @param params       the recorded parameter total (null when failed)
     * @param pending      true while the tool's convention is not modelled yet: the site tests fail on it
     * @param agrees       true when the convention predicts the recorded numbers (or the failure)
     * @param explanation  why the reading differs from the exact count
     */
    public record ToolRow(String label, String call, boolean failed, String error, Quantity macs, Quantity params,
                          boolean pending, boolean agrees, Gap explanation) {
    }

    /**
     * A tool's total against the exact count as named terms: each line a term counted differently, with the rule
     * behind it; the lines sum to the gap.
     *
     * @param failure why no gap can be given (a convention fails on this model), or null
     * @param gap     tool minus exact (null on failure)
     * @param lines   the terms that differ
     */
    public record Gap(String failure, Quantity gap, List<GapLine> lines) {
        public Gap {
            lines = List.copyOf(lines);
        }
    }

    /** One term of a gap. */
    public record GapLine(String where, String name, Quantity delta, String rules) {
    }

    /** A rule with its statement and source. */
    public record RuleText(String id, String statement, String source) {
    }
}
