package org.flopcheck.convention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flopcheck.expr.PlainText;
import org.flopcheck.layers.Analysis;

/**
 * Why two conventions give different numbers for the same model: the gap between their totals as a list of named
 * terms, each with the rule behind it, that sums exactly to the gap, and the layers that carry it.
 *
 * <p>Contributions are matched by layer path and name: a term both conventions count the same way cancels; a term
 * only one counts, or counts differently (another weight, a tool's own formula), is a line of the explanation.
 * Whole-model adjustments (a tool's division by the batch size) are contributions too, so nothing is left
 * unexplained.
 *
 * @param a      the first convention's id
 * @param b      the second convention's id
 * @param totalA the first total, absent when that convention fails on this model
 * @param totalB the second total, absent when that convention fails
 * @param lines  the terms that differ, in model order; their deltas sum to {@code totalA − totalB}
 * @param failure why no gap can be given, when a convention fails on this model
 */
public record Discrepancy(String a, String b, Optional<Long> totalA, Optional<Long> totalB, List<Line> lines,
                          Optional<String> failure) {
    public Discrepancy {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        lines = List.copyOf(lines);
    }

    /**
     * One term on which the conventions differ.
     *
     * @param path   the layer's row path ({@code ""} for the root)
     * @param layer  the layer's type
     * @param name   what is counted
     * @param valueA what the first convention counts for it (0 when it does not)
     * @param valueB what the second counts
     * @param ruleA  the first convention's rule for it, when it counts it
     * @param ruleB  the second convention's rule, when it counts it
     */
    public record Line(String path, String layer, String name, long valueA, long valueB, Optional<Rule> ruleA,
                       Optional<Rule> ruleB) {
        /** {@code valueA − valueB}. */
        public long delta() {
            return Math.subtractExact(valueA, valueB);
        }

        /** {@code 1 (BatchNorm2d) BatchNorm counted as 4 per element: +32,768}. */
        public String plain(String a, String b) {
            String where = path.isEmpty() ? layer : path + " (" + layer + ")";
            long d = delta();
            StringBuilder sb = new StringBuilder(where).append(' ').append(name).append(": ")
                    .append(d >= 0 ? "+" : "−").append(PlainText.grouped(Math.abs(d)));
            if (valueA != 0 && valueB != 0) {
                sb.append(" (").append(a).append(' ').append(PlainText.grouped(valueA)).append(", ").append(b)
                        .append(' ').append(PlainText.grouped(valueB)).append(')');
            } else {
                sb.append(" (counted by ").append(valueA != 0 ? a : b).append(" only)");
            }
            List<String> ids = new ArrayList<>();
            ruleA.ifPresent(r -> ids.add(r.id()));
            ruleB.filter(r -> !ruleA.equals(Optional.of(r))).ifPresent(r -> ids.add(r.id()));
            if (!ids.isEmpty()) {
                sb.append(" [").append(String.join("; ", ids)).append(']');
            }
            return sb.toString();
        }
    }

    /** Explains {@code a}'s total minus {@code b}'s for one analysed model. */
    public static Discrepancy explain(Analysis analysis, Convention a, Convention b) {
        Outcome oa = a.outcome(analysis);
        Outcome ob = b.outcome(analysis);
        if (oa instanceof Outcome.Failed f) {
            return new Discrepancy(a.id(), b.id(), Optional.empty(), total(ob), List.of(),
                    Optional.of(a.id() + " fails on this model: " + f.reason()));
        }
        if (ob instanceof Outcome.Failed f) {
            return new Discrepancy(a.id(), b.id(), total(oa), Optional.empty(), List.of(),
                    Optional.of(b.id() + " fails on this model: " + f.reason()));
        }
        Count ca = ((Outcome.Counted) oa).count();
        Count cb = ((Outcome.Counted) ob).count();
        Map<String, Line> byKey = new LinkedHashMap<>();
        for (Contribution c : ca.contributions()) {
            byKey.merge(key(c), line(c, c.value(), 0, c.rule(), null), Discrepancy::combine);
        }
        for (Contribution c : cb.contributions()) {
            byKey.merge(key(c), line(c, 0, c.value(), null, c.rule()), Discrepancy::combine);
        }
        List<Line> lines = new ArrayList<>();
        for (Line l : byKey.values()) {
            if (l.delta() != 0) {
                lines.add(l);
            }
        }
        return new Discrepancy(a.id(), b.id(), Optional.of(ca.total()), Optional.of(cb.total()), lines,
                Optional.empty());
    }

    private static Optional<Long> total(Outcome o) {
        return o instanceof Outcome.Counted c ? Optional.of(c.count().total()) : Optional.empty();
    }

    private static String key(Contribution c) {
        return c.path() + "\u0000" + c.name();
    }

    private static Line line(Contribution c, long va, long vb, Rule ra, Rule rb) {
        return new Line(c.path(), c.layer(), c.name(), va, vb, Optional.ofNullable(ra), Optional.ofNullable(rb));
    }

    private static Line combine(Line x, Line y) {
        return new Line(x.path(), x.layer(), x.name(), Math.addExact(x.valueA(), y.valueA()),
                Math.addExact(x.valueB(), y.valueB()), x.ruleA().or(y::ruleA), x.ruleB().or(y::ruleB));
    }

    /** {@code a − b}, when both conventions count this model. */
    public Optional<Long> gap() {
        return totalA.flatMap(x -> totalB.map(y -> Math.subtractExact(x, y)));
    }

    /** The gap carried by each layer path, in model order, for layers that carry any. */
    public Map<String, Long> byLayer() {
        Map<String, Long> sums = new LinkedHashMap<>();
        for (Line l : lines) {
            String where = l.path().isEmpty() ? l.layer() : l.path() + " (" + l.layer() + ")";
            sums.merge(where, l.delta(), Math::addExact);
        }
        sums.values().removeIf(v -> v == 0);
        return sums;
    }

    /** The explanation as text: the gap, the lines, and the layers that carry the gap. */
    public String plain() {
        if (failure.isPresent()) {
            return a + " vs " + b + ": no gap can be given; " + failure.get() + "\n";
        }
        StringBuilder sb = new StringBuilder(a).append(" − ").append(b).append(" = ")
                .append(PlainText.grouped(totalA.orElseThrow())).append(" − ").append(PlainText.grouped(totalB.orElseThrow()))
                .append(" = ").append(gap().orElseThrow() < 0 ? "−" : "").append(PlainText.grouped(Math.abs(gap().orElseThrow())))
                .append('\n');
        if (lines.isEmpty()) {
            sb.append("  the two conventions count every term alike\n");
        }
        for (Line l : lines) {
            sb.append("  ").append(l.plain(a, b)).append('\n');
        }
        if (byLayer().size() > 1) {
            sb.append("by layer:\n");
            byLayer().forEach((layer, d) -> sb.append("  ").append(layer).append(": ").append(d >= 0 ? "+" : "−")
                    .append(PlainText.grouped(Math.abs(d))).append('\n'));
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Line l : lines) {
            l.ruleA().ifPresent(r -> rules.putIfAbsent(r.id(), r));
            l.ruleB().ifPresent(r -> rules.putIfAbsent(r.id(), r));
        }
        if (!rules.isEmpty()) {
            sb.append("rules:\n");
            rules.values().forEach(r -> sb.append("  ").append(r.id()).append(": ").append(r.statement())
                    .append("\n    source: ").append(r.source()).append('\n'));
        }
        return sb.toString();
    }
}
