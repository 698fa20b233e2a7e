package org.flopcheck.golden;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.flopcheck.FlopcheckException;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Outcome;
import org.flopcheck.expr.PlainText;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.spec.SpecReader;

/**
 * Holds each tool's convention to each recorded reading: the recorded MACs, params, trainable params or failure
 * against the prediction, one {@link Check} per metric. The golden test tree and {@code flopcheck verify} both
 * run these checks.
 */
public final class Verifier {
    private Verifier() {
    }

    /**
     * One recorded number (or failure) against its prediction.
     *
     * @param file     the golden file's name
     * @param kase     the case
     * @param reading  the tool's reading
     * @param metric   {@code MACs}, {@code params}, {@code trainable params} or {@code fails}
     * @param recorded what the tool printed ({@code fails}: absent)
     * @param passed   whether the prediction equals the record
     * @param detail   the prediction, with the contributions and rules behind it
     */
    public record Check(String file, GoldenCase kase, Reading reading, String metric, OptionalLong recorded,
                       boolean passed, String detail) {

        /** {@code conv.json conv2d/kws thop-0.1.1 MACs = 360,448}. */
        public String label() {
            return file + " " + kase.id() + " " + reading.label() + " " + metric
                    + recorded.stream().mapToObj(v -> " = " + PlainText.grouped(v)).findFirst().orElse("");
        }
    }

    /** The convention that models a tool id of the corpus. */
    public static Convention convention(String tool) {
        return Conventions.tools().stream().filter(t -> t.id().equals(tool)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no convention models tool " + tool));
    }

    /** The module tree a reading measured: the case's model, wrapped as the reading's variant requires. */
    public static Analysis analysis(GoldenCase c, Reading r) {
        Inputs inputs = SpecReader.inputs(c.inputs());
        return Wrappers.forVariant(r.variant(), SpecReader.layer(c.model())).analyze(inputs);
    }

    /** What the reading's tool convention predicts for it. */
    public static Outcome predict(GoldenCase c, Reading r) {
        return convention(r.tool()).outcome(analysis(c, r));
    }

    /** Every check of every reading in the corpus, in file, case and reading order. */
    public static Stream<Check> verify(GoldenCorpus corpus) {
        return corpus.files().stream().flatMap(f -> f.cases().stream().flatMap(c -> c.readings().stream()
                .flatMap(r -> checks(f.name(), c, r).stream())));
    }

    /** The checks of one reading: its failure, or its MACs, params and (when recorded) trainable params. */
    public static List<Check> checks(String file, GoldenCase c, Reading r) {
        Outcome o;
        try {
            o = predict(c, r);
        } catch (FlopcheckException | IllegalStateException | UnsupportedOperationException e) {
            String why = "no prediction: " + e.getMessage();
            List<Check> none = new ArrayList<>();
            if (r.failed()) {
                none.add(new Check(file, c, r, "fails", OptionalLong.empty(), false, why));
            } else {
                none.add(new Check(file, c, r, "MACs", r.macs(), false, why));
                none.add(new Check(file, c, r, "params", r.params(), false, why));
            }
            return none;
        }
        String detail = explain(c, r, o);
        List<Check> checks = new ArrayList<>();
        if (r.failed()) {
            checks.add(new Check(file, c, r, "fails", OptionalLong.empty(), o instanceof Outcome.Failed, detail));
            return checks;
        }
        Optional<Outcome.Counted> counted = o instanceof Outcome.Counted k ? Optional.of(k) : Optional.empty();
        checks.add(new Check(file, c, r, "MACs", r.macs(),
                counted.map(k -> k.count().total() == r.macs().getAsLong()).orElse(false), detail));
        checks.add(new Check(file, c, r, "params", r.params(),
                counted.map(k -> k.params() == r.params().getAsLong()).orElse(false), detail));
        if (r.trainableParams().isPresent()) {
            checks.add(new Check(file, c, r, "trainable params", r.trainableParams(),
                    counted.map(k -> k.trainableParams().equals(r.trainableParams())).orElse(false), detail));
        }
        return checks;
    }

    /** The prediction with its contributions and rules, then the case's derivation. */
    public static String explain(GoldenCase c, Reading r, Outcome o) {
        StringBuilder sb = new StringBuilder("case ").append(c.id()).append(" (").append(c.description())
                .append(")\nrecorded: ").append(r.failed() ? "failure: " + r.error().orElseThrow()
                        : PlainText.grouped(r.macs().getAsLong()) + " MACs, " + PlainText.grouped(r.params().getAsLong())
                        + " params").append("\ncall: ").append(r.call()).append('\n');
        if (o instanceof Outcome.Counted counted) {
            sb.append("predicted: ").append(PlainText.grouped(counted.count().total())).append(" MACs, ")
                    .append(PlainText.grouped(counted.params())).append(" params, from\n");
            for (Contribution k : counted.count().contributions()) {
                sb.append("  ").append(k).append("   [").append(k.rule().id()).append("]\n");
            }
        } else if (o instanceof Outcome.Failed failed) {
            sb.append("predicted: failure: ").append(failed.reason()).append(" [").append(failed.rule().id())
                    .append("]\n");
        }
        analysis(c, r).walk().forEach(a -> sb.append(a.derivation().plain()));
        return sb.toString();
    }
}
