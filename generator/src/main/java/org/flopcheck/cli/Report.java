package org.flopcheck.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Outcome;
import org.flopcheck.layers.Analysis;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Params;

/**
 * What {@code flopcheck count} prints, format-independent: one row per layer call down to a depth, each with its
 * shapes, parameters and, per chosen convention, the part of that convention's total the row's subtree carries.
 * A row's value is the sum of the contributions whose path is the row's path or lies below it, so the root row
 * is the convention's total and a tool's whole-model adjustments (a division by the batch counter) appear on the
 * root only.
 */
final class Report {

    /** One convention's figure for one row: a count, or the reason the convention fails on this model. */
    record Cell(OptionalLong value, Optional<String> failure) {
        static Cell of(long v) {
            return new Cell(OptionalLong.of(v), Optional.empty());
        }

        static Cell failed(String reason) {
            return new Cell(OptionalLong.empty(), Optional.of(reason));
        }
    }

    /** One layer call. */
    record Row(String path, String name, String type, int depth, List<Shape> inputs, List<Shape> outputs,
               Params params, Map<String, Cell> cells) {
    }

    final String label;
    final LoadedSpec spec;
    final List<Convention> conventions;
    final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    final List<Row> rows = new ArrayList<>();

    private Report(LoadedSpec spec, List<Convention> conventions) {
        this.spec = spec;
        this.label = spec.spec().name().orElse(spec.label());
        this.conventions = List.copyOf(conventions);
    }

    static Report of(LoadedSpec spec, List<Convention> conventions, int depth) {
        Report r = new Report(spec, conventions);
        Map<String, Map<String, Long>> byPath = new HashMap<>();
        for (Convention c : conventions) {
            Outcome o = c.outcome(spec.analysis());
            r.outcomes.put(c.id(), o);
            if (o instanceof Outcome.Counted counted) {
                Map<String, Long> sums = new HashMap<>();
                for (Contribution k : counted.count().contributions()) {
                    sums.merge(k.path(), k.value(), Math::addExact);
                }
                byPath.put(c.id(), sums);
            }
        }
        r.walk(spec.analysis(), "", r.label, 0, depth, byPath);
        return r;
    }

    private void walk(Analysis a, String path, String name, int depth, int maxDepth,
                      Map<String, Map<String, Long>> byPath) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Convention c : conventions) {
            Outcome o = outcomes.get(c.id());
            if (o instanceof Outcome.Failed f) {
                cells.put(c.id(), Cell.failed(f.reason()));
            } else {
                long sum = 0;
                for (Map.Entry<String, Long> e : byPath.get(c.id()).entrySet()) {
                    String p = e.getKey();
                    if (path.isEmpty() || p.equals(path) || p.startsWith(path + ".")) {
                        sum = Math.addExact(sum, e.getValue());
                    }
                }
                cells.put(c.id(), Cell.of(sum));
            }
        }
        rows.add(new Row(path, name, a.layer().type(), depth, a.inputs().shapes(), a.outputs(), a.params(), cells));
        if (depth < maxDepth) {
            for (Analysis child : a.children()) {
                String childPath = path.isEmpty() ? child.name() : path + "." + child.name();
                walk(child, childPath, child.name(), depth + 1, maxDepth, byPath);
            }
        }
    }

    Row root() {
        return rows.get(0);
    }

    /** What the convention reports as parameters: torch's total for the library's, the tool's own for a tool. */
    OptionalLong toolParams(String convention) {
        Outcome o = outcomes.get(convention);
        return o instanceof Outcome.Counted c ? OptionalLong.of(c.params()) : OptionalLong.empty();
    }
}
