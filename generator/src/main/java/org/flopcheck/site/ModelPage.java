package org.flopcheck.site;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Discrepancy;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.golden.GoldenCase;
import org.flopcheck.golden.Reading;
import org.flopcheck.golden.Verifier;
import org.flopcheck.layers.Analysis;

/**
 * A catalogue model's discrepancy page: every call with its output shape, parameters and the part of each
 * convention's total it carries; each tool's total against the exact count, the gap broken into named terms
 * (grouped by layer type and term, summing exactly to the gap); and what the tools recorded, when the golden corpus
 * has the model.
 *
 * @param name        the catalogue name
 * @param description the spec's description
 * @param input       the input shape
 * @param params      the parameter total
 * @param conventions the table's columns
 * @param layers      one row per call, root first
 * @param gaps        each tool against exact
 * @param recorded    the golden readings, when there are any
 * @param rules       the rules the gaps cite
 */
public record ModelPage(String name, String description, Worked.ShapeText input, Quantity params,
                        List<HomePage.Column> conventions, List<LayerRow> layers, List<ToolGap> gaps,
                        List<Recorded> recorded, List<Worked.RuleText> rules) {

    /** One call with its totals. */
    public record LayerRow(String path, String type, int depth, Worked.ShapeText output, Quantity params,
                           List<Cell> cells) {
    }

    /** A convention's part of a row: a count, or why there is none. */
    public record Cell(Quantity value, String text) {
    }

    /** A tool's total against exact, as grouped terms. */
    public record ToolGap(String tool, String title, Cell total, Quantity gap, String failure, List<Group> lines) {
    }

    /** Lines of a gap with the same layer type and term, over {@code layers} calls. */
    public record Group(String layer, String name, int layers, Quantity delta, String rules) {
    }

    /** A golden reading and whether the tool's convention predicts it. */
    public record Recorded(String label, boolean failed, String error, Quantity macs, Quantity params, boolean agrees,
                           boolean pending) {
    }

    static ModelPage of(String name, String description, Analysis a, GoldenCase golden) {
        String subject = "model:" + name;
        List<HomePage.Column> columns = new ArrayList<>();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, String> pending = new HashMap<>();
        for (Convention c : Conventions.all()) {
            columns.add(new HomePage.Column(c.id(), c.title(), c.description()));
            try {
                outcomes.put(c.id(), c.outcome(a));
            } catch (UnsupportedOperationException notYet) {
                pending.put(c.id(), "explanation pending: " + notYet.getMessage());
            }
        }
        List<LayerRow> rows = new ArrayList<>();
        for (Node n : Node.walk(a)) {
            List<Cell> cells = new ArrayList<>();
            for (Convention c : Conventions.all()) {
                cells.add(n.occurrence() > 0 ? new Cell(null, "in the first call's row")
                        : cell(subject, n.path(), c.id(), outcomes.get(c.id()), pending.get(c.id())));
            }
            rows.add(new LayerRow(n.path().isEmpty() ? name : n.key(), n.analysis().layer().type(), n.depth(),
                    new Worked.ShapeText(Quantity.key("shape", subject, n.key(), "out"),
                            n.analysis().output().toString()),
                    Quantity.of(n.analysis().params().total(), "params", subject, n.key()), cells));
        }
        Map<String, Worked.RuleText> rules = new LinkedHashMap<>();
        List<ToolGap> gaps = new ArrayList<>();
        for (Convention tool : Conventions.tools()) {
            Cell total = cell(subject, "", tool.id(), outcomes.get(tool.id()), pending.get(tool.id()));
            if (pending.containsKey(tool.id())) {
                gaps.add(new ToolGap(tool.id(), tool.title(), total, null, pending.get(tool.id()), List.of()));
                continue;
            }
            Discrepancy d = Discrepancy.explain(a, tool, Conventions.EXACT);
            if (d.failure().isPresent()) {
                gaps.add(new ToolGap(tool.id(), tool.title(), total, null, d.failure().get(), List.of()));
                continue;
            }
            gaps.add(new ToolGap(tool.id(), tool.title(), total, Quantity.of(d.gap().orElseThrow(), "gap", subject,
                    tool.id(), "model", Conventions.EXACT.id()), null, groups(subject, tool.id(), d, rules)));
        }
        List<Recorded> recorded = new ArrayList<>();
        if (golden != null) {
            String gs = Examples.subject(golden);
            for (Reading r : golden.readings()) {
                String key = r.tool() + "|" + r.variant();
                boolean notYet = pending.containsKey(r.tool());
                boolean agrees = Verifier.checks("", golden, r).stream().allMatch(Verifier.Check::passed);
                recorded.add(new Recorded(r.label(), r.failed(), r.error().orElse(""),
                        r.macs().isPresent() ? Quantity.of(r.macs().getAsLong(), "golden", gs, key, "macs") : null,
                        r.params().isPresent() ? Quantity.of(r.params().getAsLong(), "golden", gs, key, "params")
                                : null, agrees, notYet));
            }
        }
        return new ModelPage(name, description, new Worked.ShapeText(Quantity.key("shape", subject, "", "in", "0"),
                a.inputs().get(0).toString()), Quantity.of(a.params().total(), "params", subject, ""), columns, rows,
                gaps, recorded, List.copyOf(rules.values()));
    }

    static Cell cell(String subject, String path, String convention, Outcome o, String pending) {
        if (pending != null) {
            return new Cell(null, pending);
        }
        if (o instanceof Outcome.Failed f) {
            return new Cell(null, "fails: " + f.reason());
        }
        return new Cell(Quantity.of(subtree(((Outcome.Counted) o).count().contributions(), path), "layer", subject,
                path, convention), "");
    }

    /** The contributions at a path or below it. */
    static long subtree(List<Contribution> parts, String path) {
        long sum = 0;
        for (Contribution c : parts) {
            if (path.isEmpty() || c.path().equals(path) || c.path().startsWith(path + ".")) {
                sum = Math.addExact(sum, c.value());
            }
        }
        return sum;
    }

    /** Gap lines grouped by layer type and term name, in order of first appearance. */
    static List<Group> groups(String subject, String tool, Discrepancy d, Map<String, Worked.RuleText> rules) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, List<String>> ids = new LinkedHashMap<>();
        Map<String, String[]> labels = new LinkedHashMap<>();
        for (Discrepancy.Line l : d.lines()) {
            String k = l.layer() + "\u0000" + l.name();
            long[] s = sums.computeIfAbsent(k, x -> new long[2]);
            s[0] = Math.addExact(s[0], l.delta());
            s[1]++;
            labels.putIfAbsent(k, new String[] {l.layer(), l.name()});
            List<String> r = ids.computeIfAbsent(k, x -> new ArrayList<>());
            for (Rule rule : List.of(l.ruleA(), l.ruleB()).stream().flatMap(java.util.Optional::stream).toList()) {
                if (!r.contains(rule.id())) {
                    r.add(rule.id());
                }
                rules.putIfAbsent(rule.id(), new Worked.RuleText(rule.id(), rule.statement(), rule.source()));
            }
        }
        List<Group> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            String[] label = labels.get(e.getKey());
            out.add(new Group(label[0], label[1], (int) e.getValue()[1], Quantity.of(e.getValue()[0], "gapgroup",
                    subject, tool, Integer.toString(i++)), String.join("; ", ids.get(e.getKey()))));
        }
        return out;
    }
}
