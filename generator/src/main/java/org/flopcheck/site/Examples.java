package org.flopcheck.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Discrepancy;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.derivation.Derivation;
import org.flopcheck.expr.Sym;
import org.flopcheck.golden.GoldenCase;
import org.flopcheck.golden.Reading;
import org.flopcheck.golden.Verifier;
import org.flopcheck.layers.Analysis;
import org.flopcheck.shape.Shape;
import org.flopcheck.spec.SpecReader;
import org.flopcheck.spec.Value;
import org.flopcheck.terms.Parameter;

/** Builds {@link Worked} examples from golden cases and specs, every number a {@link Quantity} with its source. */
final class Examples {
    private Examples() {
    }

    /** The subject key of a golden case: {@code case:conv2d/basic}. */
    static String subject(GoldenCase c) {
        return "case:" + c.id();
    }

    /** A worked example of a golden case, with the recorded readings of every tool. */
    static Worked of(GoldenCase c) {
        Analysis a = SpecReader.layer(c.model()).analyze(SpecReader.inputs(c.inputs()));
        List<String> calls = c.readings().stream().filter(r -> r.variant().equals("direct")).map(Reading::call)
                .distinct().toList();
        return build(subject(c), c.id(), c.description(), PythonSnippet.of(c.model(), c.inputs(), calls), a,
                c, c.readings());
    }

    /** A worked example of a spec without golden readings. */
    static Worked of(String subject, String id, String description, Value model, Value inputs, Analysis a) {
        return build(subject, id, description, PythonSnippet.of(model, inputs, List.of()), a, null, List.of());
    }

    private static Worked build(String subject, String id, String description, String python, Analysis a,
                                GoldenCase c, List<Reading> readings) {
        List<Worked.ShapeText> inputs = new ArrayList<>();
        for (int i = 0; i < a.inputs().size(); i++) {
            inputs.add(new Worked.ShapeText(Quantity.key("shape", subject, "", "in", Integer.toString(i)),
                    a.inputs().get(i).toString()));
        }
        Worked.ShapeText output = new Worked.ShapeText(Quantity.key("shape", subject, "", "out"), a.output().toString());
        List<Worked.Call> calls = new ArrayList<>();
        for (Node n : Node.walk(a)) {
            if (!n.analysis().derivation().steps().isEmpty()) {
                calls.add(call(subject, n));
            }
        }
        List<Worked.Total> library = new ArrayList<>();
        for (Convention conv : Conventions.library()) {
            library.add(total(subject, conv, a));
        }
        Map<String, Worked.RuleText> rules = new LinkedHashMap<>();
        List<Worked.ToolRow> tools = new ArrayList<>();
        for (Reading r : readings) {
            tools.add(tool(subject, c, r, rules));
        }
        return new Worked(id, anchor(id), description, a.layer().toString(), python, inputs, output, calls,
                Quantity.of(a.params().total(), "params", subject, ""), library, tools, List.copyOf(rules.values()));
    }

    /** {@code conv2d-groups-2} for {@code conv2d/groups-2}. */
    static String anchor(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    static Worked.Total total(String subject, Convention conv, Analysis a) {
        Outcome o = conv.outcome(a);
        if (o instanceof Outcome.Failed f) {
            return new Worked.Total(conv.id(), conv.title(), null, f.reason());
        }
        return new Worked.Total(conv.id(), conv.title(),
                Quantity.of(((Outcome.Counted) o).count().total(), "total", subject, conv.id()), null);
    }

    /** One call's derivation: given symbols, steps by stage, tensors. */
    static Worked.Call call(String subject, Node n) {
        Analysis a = n.analysis();
        Derivation d = a.derivation();
        Set<Sym> defined = new LinkedHashSet<>();
        d.steps().forEach(s -> s.symbol().ifPresent(defined::add));
        List<Worked.Given> given = new ArrayList<>();
        for (Map.Entry<Sym, Long> e : a.values().asMap().entrySet()) {
            if (!defined.contains(e.getKey())) {
                given.add(new Worked.Given(MathMarkup.symbol(e.getKey()), e.getKey().meaning(),
                        Quantity.of(e.getValue(), "value", subject, n.key(), e.getKey().name())));
            }
        }
        List<Worked.Stage> stages = new ArrayList<>();
        org.flopcheck.derivation.Stage current = null;
        List<Worked.Step> steps = new ArrayList<>();
        List<org.flopcheck.derivation.Step> all = d.steps();
        for (int i = 0; i < all.size(); i++) {
            org.flopcheck.derivation.Step s = all.get(i);
            if (s.stage() != current) {
                if (current != null) {
                    stages.add(new Worked.Stage(current.title(), steps));
                }
                current = s.stage();
                steps = new ArrayList<>();
            }
            steps.add(step(subject, n.key(), i, s, a));
        }
        if (current != null) {
            stages.add(new Worked.Stage(current.title(), steps));
        }
        List<Worked.Tensor> tensors = new ArrayList<>();
        for (Parameter p : a.parameters()) {
            tensors.add(new Worked.Tensor(p.name(), new Worked.ShapeText(Quantity.key("tensorshape", subject,
                    n.key(), p.name()), p.shape().toString()), MathMarkup.of(p.count()),
                    Quantity.of(p.value(), "tensor", subject, n.key(), p.name()), p.buffer()));
        }
        return new Worked.Call(n.key().isEmpty() ? a.layer().type() : n.key() + " (" + a.layer().type() + ")",
                a.layer().toString(), given, stages, tensors);
    }

    static Worked.Step step(String subject, String path, int index, org.flopcheck.derivation.Step s, Analysis a) {
        if (s.isNote()) {
            return new Worked.Step(s.title(), true, null, null, null);
        }
        MathMarkup formula = s.symbol().map(sym -> MathMarkup.equation(sym, s.formula().orElseThrow()))
                .orElseGet(() -> MathMarkup.of(s.formula().orElseThrow()));
        return new Worked.Step(s.title(), false, formula,
                MathMarkup.substituted(s.formula().orElseThrow(), a.values()),
                Quantity.of(s.value(), "step", subject, path, Integer.toString(index)));
    }

    /** A recorded reading and its explanation against the exact count. */
    static Worked.ToolRow tool(String subject, GoldenCase c, Reading r, Map<String, Worked.RuleText> rules) {
        Convention conv = Verifier.convention(r.tool());
        Analysis measured = Verifier.analysis(c, r);
        boolean agrees = Verifier.checks("", c, r).stream().allMatch(Verifier.Check::passed);
        String key = r.tool() + "|" + r.variant();
        Quantity macs = r.macs().isPresent() ? Quantity.of(r.macs().getAsLong(), "golden", subject, key, "macs")
                : null;
        Quantity params = r.params().isPresent() ? Quantity.of(r.params().getAsLong(), "golden", subject, key,
                "params") : null;
        Worked.Gap gap;
        boolean pending = false;
        try {
            gap = gap(subject, key + "|" + Conventions.EXACT.id(), Discrepancy.explain(measured, conv,
                    Conventions.EXACT), rules);
        } catch (UnsupportedOperationException notYet) {
            pending = true;
            gap = new Worked.Gap("explanation pending: " + notYet.getMessage(), null, List.of());
        }
        return new Worked.ToolRow(r.label(), r.call(), r.failed(), r.error().orElse(""), macs, params, pending,
                agrees, gap);
    }

    /** A discrepancy as named lines, keyed for the tests. */
    static Worked.Gap gap(String subject, String key, Discrepancy d, Map<String, Worked.RuleText> rules) {
        if (d.failure().isPresent()) {
            return new Worked.Gap(d.failure().get(), null, List.of());
        }
        List<Worked.GapLine> lines = new ArrayList<>();
        for (int i = 0; i < d.lines().size(); i++) {
            Discrepancy.Line l = d.lines().get(i);
            List<String> ids = new ArrayList<>();
            for (Rule rule : List.of(l.ruleA(), l.ruleB()).stream().flatMap(java.util.Optional::stream).toList()) {
                if (!ids.contains(rule.id())) {
                    ids.add(rule.id());
                }
                rules.putIfAbsent(rule.id(), new Worked.RuleText(rule.id(), rule.statement(), rule.source()));
            }
            String where = l.path().isEmpty() ? l.layer() : l.path() + " (" + l.layer() + ")";
            lines.add(new Worked.GapLine(where, l.name(), Quantity.of(l.delta(), "gapline", subject, key,
                    Integer.toString(i)), String.join("; ", ids)));
        }
        return new Worked.Gap(null, Quantity.of(d.gap().orElseThrow(), "gap", subject, key), lines);
    }

    /** A shape as text. */
    static String text(Shape s) {
        return s.toString();
    }
}
