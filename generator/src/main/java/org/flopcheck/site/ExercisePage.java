package org.flopcheck.site;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.convention.Conventions;

/**
 * A problem set or its answer key. Problems give a layer and an input; the answer key gives the output shape, the
 * parameters, the MACs and the exact operations, with the derivation.
 *
 * @param seed        the generator's seed
 * @param answers     true for the answer key
 * @param otherHref   the link to the other page (problems ↔ answers)
 * @param problems    the problems in order
 */
public record ExercisePage(long seed, boolean answers, String otherHref, List<Problem> problems) {
    public ExercisePage {
        problems = List.copyOf(problems);
    }

    /**
     * One problem and, on the answer key, its answer.
     *
     * @param number   1-based
     * @param anchor   the fragment id, the same on both pages
     * @param python   the layer as PyTorch code
     * @param input    the input shape
     * @param output   the output shape
     * @param params   the parameters
     * @param macs     the MACs
     * @param exact    the exact operations
     * @param calls    the derivation
     */
    public record Problem(int number, String anchor, String python, Worked.ShapeText input, Worked.ShapeText output,
                          Quantity params, Quantity macs, Quantity exact, List<Worked.Call> calls) {
    }

    static ExercisePage of(long seed, int count, boolean answers, String otherHref) {
        List<Problem> problems = new ArrayList<>();
        for (Exercises.Problem p : Exercises.generate(seed, count)) {
            String subject = Exercises.subject(seed, p);
            List<Worked.Call> calls = new ArrayList<>();
            for (Node n : Node.walk(p.analysis())) {
                calls.add(Examples.call(subject, n));
            }
            problems.add(new Problem(p.number(), "problem-" + p.number(), "nn." + p.layer(),
                    new Worked.ShapeText(Quantity.key("shape", subject, "", "in", "0"), p.input().toString()),
                    new Worked.ShapeText(Quantity.key("shape", subject, "", "out"), p.analysis().output().toString()),
                    Quantity.of(p.analysis().params().total(), "params", subject, ""),
                    Quantity.of(Conventions.MACS.count(p.analysis()).total(), "total", subject, "macs"),
                    Quantity.of(Conventions.EXACT.count(p.analysis()).total(), "total", subject, "exact"), calls));
        }
        return new ExercisePage(seed, answers, otherHref, problems);
    }
}
