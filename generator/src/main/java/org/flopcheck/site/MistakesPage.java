package org.flopcheck.site;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.FlopcheckException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Exprs;
import org.flopcheck.expr.Sym;
import org.flopcheck.golden.GoldenCase;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.ModelSpec;
import org.flopcheck.terms.Parameter;
import org.flopcheck.terms.Term;

/**
 * Common mistakes, each with the wrong and the right computation in the same symbols, and the spec that
 * demonstrates it (a test runs every one).
 *
 * @param mistakes in the site definition's order
 */
public record MistakesPage(List<Mistake> mistakes) {
    public MistakesPage {
        mistakes = List.copyOf(mistakes);
    }

    /**
     * One mistake.
     *
     * @param id      its anchor
     * @param title   what goes wrong
     * @param why     why, in a sentence or two
     * @param spec    the spec that demonstrates it, as JSON
     * @param python  the same in PyTorch
     * @param wrong   the wrong computation
     * @param right   the right computation
     * @param error   what flopcheck reports when the mistake makes the model invalid, or the empty string
     * @param tools   what the tools recorded on the same layer, when the golden corpus has it
     */
    public record Mistake(String id, String title, String why, String spec, String python,
                          List<Computation> wrong, List<Computation> right, String error, List<Worked.ToolRow> tools) {
    }

    /** A labelled computation: the formula, the formula with values, the value. */
    public record Computation(String label, MathMarkup formulaMath, MathMarkup substitutedMath, Quantity value) {
    }

    static MistakesPage of(SiteDefinition def, java.util.function.Function<String, GoldenCase> golden) {
        List<Mistake> all = new ArrayList<>();
        for (SiteDefinition.Mistake m : def.mistakes()) {
            all.add(mistake(m, golden));
        }
        return new MistakesPage(all);
    }

    static String subject(SiteDefinition.Mistake m) {
        return "mistake:" + m.id();
    }

    static Mistake mistake(SiteDefinition.Mistake m, java.util.function.Function<String, GoldenCase> golden) {
        ModelSpec spec = m.model();
        String subject = subject(m);
        Analysis a = spec.model().analyze(spec.inputs());
        List<Computation> wrong = new ArrayList<>();
        List<Computation> right = new ArrayList<>();
        String error = "";
        switch (m.id()) {
            case "numel-times-out-channels" -> {
                Bindings v = a.values();
                Expr numel = Exprs.mul(sym(a, "N"), sym(a, "C_out"), sym(a, "L_out"));
                right.add(new Computation("output elements, output.numel()", MathMarkup.of(numel),
                        MathMarkup.substituted(numel, v), Quantity.of(a.output().numel(), "numel", subject, "",
                                "out")));
                Term t = KwsPage.term(a, "weight multiplications");
                right.add(computation("MACs: each output element is one dot product of C_in/g·K products", t.count(),
                        v, Quantity.of(t.value(), "term", subject, "", t.name())));
                Expr wrongForm = Exprs.mul(numel, sym(a, "C_out"), Exprs.div(sym(a, "C_in"), sym(a, "g")),
                        sym(a, "K"));
                wrong.add(computation("output.numel() × out_channels × in_channels/groups × kernel_size",
                        wrongForm, v, Quantity.of(wrongForm.eval(v), "mistake", m.id(), "wrong")));
            }
            case "linear-after-pooling" -> {
                Analysis designedPool = Node.at(a, "2");
                Analysis linear = Node.at(a, "4");
                Expr chw = Exprs.mul(sym(designedPool, "C"), sym(designedPool, "H_out"), sym(designedPool, "W_out"));
                right.add(computation("at the designed input " + spec.inputs() + ", Flatten turns the pooled map "
                        + designedPool.output() + " into C·H_out·W_out features: the Linear's in_features", chw,
                        designedPool.values(), Quantity.of(Node.at(a, "3").output().dim(1), "dim", subject, "3",
                                "out", "1")));
                // the same layers without the Linear, on the other input: what in_features would have to be
                ModelSpec prefix = prefix(m);
                Analysis other = prefix.model().analyze(prefix.inputs());
                Analysis pool = Node.at(other, "2");
                right.add(computation("at the input " + prefix.inputs() + ", the pooled map is " + pool.output()
                        + ", so in_features would have to be", chw, pool.values(),
                        Quantity.of(Node.at(other, "3").output().dim(1), "dim", subject + ":other", "3", "out", "1")));
                wrong.add(computation("the Linear keeps in_features from the designed input", sym(linear, "H_in"),
                        linear.values(), Quantity.of(linear.values().value(sym(linear, "H_in")), "value", subject,
                                "4", "H_in")));
                ModelSpec full = otherInput(m, m.spec());
                try {
                    full.model().analyze(full.inputs());
                    throw new IllegalStateException("mistake " + m.id() + ": the other input was accepted");
                } catch (FlopcheckException e) {
                    String where = e.origin().flatMap(full::locationOf).orElse("$.model");
                    error = "spec.json: " + where + ": " + e.getMessage();
                }
            }
            case "dropped-zero" -> {
                List<Expr> counts = new ArrayList<>();
                for (Parameter p : a.parameters()) {
                    counts.add(p.count());
                }
                Expr params = Exprs.add(counts);
                right.add(computation("parameters: weight H_out·H_in plus bias H_out", params, a.values(),
                        Quantity.of(a.params().total(), "params", subject, "")));
                SiteDefinition.Typo typo = m.typo();
                Map<Sym, Long> typed = new LinkedHashMap<>(a.values().asMap());
                typed.put(sym(a, typo.symbol()), typo.value());
                Bindings tv = Bindings.of(typed);
                wrong.add(computation("the same formula with " + typo.symbol() + " typed with a zero missing",
                        params, tv, Quantity.of(params.eval(tv), "mistake", m.id(), "wrong")));
            }
            case "flops-versus-macs" -> {
                Term t = KwsPage.term(a, "weight multiplications");
                wrong.add(computation("\"FLOPs\" printed by a tool that counts multiply-accumulates", t.count(),
                        a.values(), Quantity.of(Conventions.MACS.count(a).total(), "total", subject, "macs")));
                Expr twice = Exprs.mul(Exprs.num(2), t.count());
                right.add(computation("FLOPs as papers count them: 2 per MAC", twice, a.values(),
                        Quantity.of(Conventions.FLOPS.count(a).total(), "total", subject, "flops")));
                List<Expr> every = new ArrayList<>();
                a.terms().forEach(x -> every.add(x.count()));
                right.add(computation("exact operations: every multiplication and addition, bias included",
                        Exprs.add(every), a.values(), Quantity.of(Conventions.EXACT.count(a).total(), "total",
                                subject, "exact")));
            }
            case "per-sample-versus-per-batch" -> {
                Term t = KwsPage.term(a, "weight multiplications");
                right.add(computation("MACs for the whole batch of N", t.count(), a.values(),
                        Quantity.of(t.value(), "term", subject, "", t.name())));
                Map<Sym, Long> one = new LinkedHashMap<>(a.values().asMap());
                one.put(sym(a, "N"), 1L);
                Bindings ov = Bindings.of(one);
                right.add(computation("MACs per sample: the same formula with N = 1", t.count(), ov,
                        Quantity.of(t.count().eval(ov), "mistake", m.id(), "per-sample")));
                wrong.add(computation("the batch's count reported as the cost of one image", t.count(),
                        a.values(), Quantity.of(t.value(), "term", subject, "", t.name())));
            }
            case "transposed-at-output-positions" -> {
                Term t = KwsPage.term(a, "weight multiplications");
                right.add(computation("MACs: every input element times the C_out/g·K weights of its filters",
                        t.count(), a.values(), Quantity.of(t.value(), "term", subject, "", t.name())));
                Expr wrongForm = Exprs.mul(sym(a, "N"), sym(a, "C_out"), sym(a, "H_out"), sym(a, "W_out"),
                        Exprs.div(sym(a, "C_in"), sym(a, "g")), sym(a, "K_h"), sym(a, "K_w"));
                wrong.add(computation("counted like a convolution at each output position", wrongForm,
                        a.values(), Quantity.of(wrongForm.eval(a.values()), "mistake", m.id(), "wrong")));
            }
            default -> throw new IllegalArgumentException("site.json: no mistake called " + m.id());
        }
        List<Worked.ToolRow> tools = new ArrayList<>();
        if (m.golden() != null) {
            GoldenCase c = golden.apply(m.golden());
            Map<String, Worked.RuleText> rules = new LinkedHashMap<>();
            c.readings().stream().filter(r -> r.variant().equals("direct"))
                    .forEach(r -> tools.add(Examples.tool(Examples.subject(c), c, r, rules)));
        }
        return new Mistake(m.id(), m.title(), m.why(), m.spec().toPrettyString(),
                PythonSnippet.of(field(m, "model"), field(m, "inputs"),
                        List.of()), wrong, right, error, tools);
    }

    private static org.flopcheck.spec.Value field(SiteDefinition.Mistake m, String name) {
        return ((org.flopcheck.spec.Value.Obj) m.value()).fields().get(name);
    }

    private static Computation computation(String label, Expr e, Bindings v, Quantity q) {
        if (e.eval(v) != q.value()) {
            throw new IllegalStateException(label + ": formula gives " + e.eval(v) + ", quantity " + q);
        }
        return new Computation(label, MathMarkup.of(e), MathMarkup.substituted(e, v), q);
    }

    static Sym sym(Analysis a, String name) {
        return KwsPage.sym(a, name);
    }

    /** The mistake's spec on its other input. */
    static ModelSpec otherInput(SiteDefinition.Mistake m, com.fasterxml.jackson.databind.JsonNode spec) {
        ObjectNode copy = spec.deepCopy();
        ArrayNode inputs = copy.putArray("inputs");
        ArrayNode shape = inputs.addArray();
        m.otherInput().forEach(shape::add);
        return org.flopcheck.spec.SpecReader.model(org.flopcheck.json.JsonValues.fromTree(copy, "$"));
    }

    /** The mistake's model without its last layer, on the other input. */
    static ModelSpec prefix(SiteDefinition.Mistake m) {
        ObjectNode copy = m.spec().deepCopy();
        ArrayNode layers = (ArrayNode) copy.get("model").get("layers");
        layers.remove(layers.size() - 1);
        return otherInput(m, copy);
    }
}
