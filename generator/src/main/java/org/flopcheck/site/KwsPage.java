package org.flopcheck.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Discrepancy;
import org.flopcheck.derivation.Step;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Sym;
import org.flopcheck.golden.GoldenCase;
import org.flopcheck.golden.Reading;
import org.flopcheck.golden.Verifier;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.SpecReader;
import org.flopcheck.terms.Parameter;
import org.flopcheck.terms.Term;

/**
 * The keyword-spotting example in full: a tutorial's 130×40 front end, Conv2d(1, 32, [4, 10], stride [2, 8], no
 * bias), BatchNorm2d(32, eps 1e-4), Hardtanh(0, 4·127/128), counted step by step; the published derivation's slips
 * (quoted, and explained with the same formulas); and what each tool reports, explained.
 *
 * <p>Every number is a {@link Quantity} taken from the analysis or the golden corpus; the published figures are
 * the only numbers typed anywhere, in the site definition, and the page prints them as quotations.
 */
public record KwsPage(Worked worked, Quantity hIn, Quantity wIn, Worked.Step height, Worked.Step width,
                      Quantity cOut, Quantity hOut, Quantity wOut, Quantity outputs, Quantity perOutput,
                      Quantity macs, Worked.Tensor weight, List<Worked.Tensor> normTensors, Quantity normParams,
                      Quantity params, Quantity normScale, Quantity normShift, Quantity normTwoPerElement,
                      Quantity totalAsPublished, Quantity kw, Worked.Step swappedHeight, Quantity swappedProduct,
                      SiteDefinition.Published published, boolean convolutionQuoteExplained,
                      boolean totalQuoteMatches, List<ToolStory> tools, List<Worked.RuleText> rules) {

    /** A tool's reading against the true MACs, with the named terms that make up the difference. */
    public record ToolStory(String tool, Quantity macs, boolean pending, Worked.Gap againstMacs) {
    }

    

    static KwsPage of(SiteDefinition.Kws def, GoldenCase c) {
        String subject = Examples.subject(c);
        Analysis model = SpecReader.layer(c.model()).analyze(SpecReader.inputs(c.inputs()));
        Analysis conv = Node.at(model, "0");
        Analysis norm = Node.at(model, "1");
        Bindings v = conv.values();
        Sym hInSym = sym(conv, "H_in");
        Sym wInSym = sym(conv, "W_in");
        Sym kh = sym(conv, "K_h");
        Sym kwSym = sym(conv, "K_w");
        int heightIndex = stepIndex(conv, "output height");
        int widthIndex = stepIndex(conv, "output width");
        int perOutputIndex = stepIndex(conv, "products per output (one filter position)");
        Step heightStep = conv.derivation().steps().get(heightIndex);

        // the published 61: the height formula with the kernel's width in place of its height
        Map<Sym, Long> swapped = new LinkedHashMap<>(v.asMap());
        swapped.put(kh, v.value(kwSym));
        Bindings swappedValues = Bindings.of(swapped);
        long swappedH = heightStep.formula().orElseThrow().eval(swappedValues);
        Worked.Step swappedStep = new Worked.Step("output height with K_h taken as the kernel's width", false,
                MathMarkup.equation(heightStep.symbol().orElseThrow(), heightStep.formula().orElseThrow()),
                MathMarkup.substituted(heightStep.formula().orElseThrow(), swappedValues),
                Quantity.of(swappedH, "kws", subject, "swapped-height"));
        long perOutput = conv.derivation().steps().get(perOutputIndex).value();
        long swappedProduct = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(
                v.value(sym(conv, "C_out")), swappedH), v.value(sym(conv, "W_out"))), perOutput);

        Term weightMults = term(conv, "weight multiplications");
        Term scale = term(norm, "scale multiplications");
        Term shift = term(norm, "shift additions");
        long twoPerElement = Math.addExact(scale.value(), shift.value());
        long asPublished = Math.addExact(weightMults.value(), twoPerElement);

        List<Worked.Tensor> normTensors = new ArrayList<>();
        for (Parameter p : norm.parameters()) {
            if (!p.buffer()) {
                normTensors.add(tensor(subject, "1", p));
            }
        }
        Parameter w = conv.parameters().get(0);

        Map<String, Worked.RuleText> rules = new LinkedHashMap<>();
        List<ToolStory> tools = new ArrayList<>();
        for (Reading r : c.readings()) {
            if (!r.variant().equals("direct")) {
                continue;
            }
            Convention tool = Verifier.convention(r.tool());
            String key = r.tool() + "|" + r.variant() + "|" + Conventions.MACS.id();
            Quantity macs = Quantity.of(r.macs().orElseThrow(), "golden", subject, r.tool() + "|" + r.variant(),
                    "macs");
            try {
                tools.add(new ToolStory(r.label(), macs, false,
                        Examples.gap(subject, key, Discrepancy.explain(model, tool, Conventions.MACS), rules)));
            } catch (UnsupportedOperationException notYet) {
                tools.add(new ToolStory(r.label(), macs, true, new Worked.Gap("explanation pending: "
                        + notYet.getMessage(), null, List.of())));
            }
        }

        return new KwsPage(Examples.of(c),
                Quantity.of(v.value(hInSym), "value", subject, "0", "H_in"),
                Quantity.of(v.value(wInSym), "value", subject, "0", "W_in"),
                Examples.step(subject, "0", heightIndex, heightStep, conv),
                Examples.step(subject, "0", widthIndex, conv.derivation().steps().get(widthIndex), conv),
                Quantity.of(v.value(sym(conv, "C_out")), "value", subject, "0", "C_out"),
                Quantity.of(v.value(sym(conv, "H_out")), "value", subject, "0", "H_out"),
                Quantity.of(v.value(sym(conv, "W_out")), "value", subject, "0", "W_out"),
                Quantity.of(conv.output().numel(), "numel", subject, "0", "out"),
                Quantity.of(perOutput, "step", subject, "0", Integer.toString(perOutputIndex)),
                Quantity.of(weightMults.value(), "term", subject, "0", weightMults.name()),
                tensor(subject, "0", w), normTensors,
                Quantity.of(norm.params().total(), "params", subject, "1"),
                Quantity.of(model.params().total(), "params", subject, ""),
                Quantity.of(scale.value(), "term", subject, "1", scale.name()),
                Quantity.of(shift.value(), "term", subject, "1", shift.name()),
                Quantity.of(twoPerElement, "kws", subject, "norm-two-per-element"),
                Quantity.of(asPublished, "kws", subject, "total-as-published"),
                Quantity.of(v.value(kwSym), "value", subject, "0", "K_w"),
                swappedStep,
                Quantity.of(swappedProduct, "kws", subject, "swapped-product"),
                def.published(), swappedProduct == def.published().convolutionValue(),
                asPublished == def.published().totalValue(), tools, List.copyOf(rules.values()));
    }

    static Worked.Tensor tensor(String subject, String path, Parameter p) {
        return new Worked.Tensor(p.name(), new Worked.ShapeText(Quantity.key("tensorshape", subject, path, p.name()),
                p.shape().toString()), MathMarkup.of(p.count()), Quantity.of(p.value(), "tensor", subject, path,
                p.name()), p.buffer());
    }

    static Sym sym(Analysis a, String name) {
        return a.values().asMap().keySet().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(a.layer().type() + " has no symbol " + name));
    }

    static Term term(Analysis a, String name) {
        return a.terms().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(a.layer().type() + " has no term " + name));
    }

    static int stepIndex(Analysis a, String title) {
        List<Step> steps = a.derivation().steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).title().equals(title)) {
                return i;
            }
        }
        throw new IllegalStateException(a.layer().type() + " has no step " + title);
    }
}
