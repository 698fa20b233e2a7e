package org.flopcheck.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Step;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Exprs;
import org.flopcheck.expr.Sym;
import org.flopcheck.golden.GoldenCase;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.SpecReader;
import org.flopcheck.terms.Parameter;
import org.flopcheck.terms.Term;

/**
 * The page of one layer kind: its formulas for parameters, MACs and exact operations (from its first worked
 * example, one row per call that does work of its own), the meaning of every symbol, and the worked examples.
 *
 * @param type     torch's class name
 * @param family   the family it is listed under
 * @param formulas one row per call of the first example
 * @param symbols  every symbol the examples use, with its meaning, in order of first use
 * @param examples the worked examples
 */
public record LayerPage(String type, String family, List<FormulaRow> formulas, List<SymbolRow> symbols,
                        List<Worked> examples) {
    public LayerPage {
        formulas = List.copyOf(formulas);
        symbols = List.copyOf(symbols);
        examples = List.copyOf(examples);
    }

    /** The general formulas of one call. */
    public record FormulaRow(String label, MathMarkup paramsMath, MathMarkup macsMath, MathMarkup exactMath) {
    }

    /** A symbol and what it stands for. */
    public record SymbolRow(MathMarkup symbolMath, String name, String meaning) {
    }

    static LayerPage of(String family, SiteDefinition.Kind kind, List<GoldenCase> cases) {
        List<Worked> examples = new ArrayList<>();
        Map<String, SymbolRow> symbols = new LinkedHashMap<>();
        List<FormulaRow> formulas = new ArrayList<>();
        for (GoldenCase c : cases) {
            examples.add(Examples.of(c));
            Analysis a = SpecReader.layer(c.model()).analyze(SpecReader.inputs(c.inputs()));
            for (Node n : Node.walk(a)) {
                for (Sym s : n.analysis().values().asMap().keySet()) {
                    symbols.putIfAbsent(s.name(), new SymbolRow(MathMarkup.symbol(s), s.name(), s.meaning()));
                }
            }
            if (formulas.isEmpty()) {
                for (Node n : Node.walk(a)) {
                    if (!n.analysis().terms().isEmpty() || !n.analysis().parameters().isEmpty()) {
                        formulas.add(formulas(n));
                    }
                }
            }
        }
        return new LayerPage(kind.type(), family, formulas, List.copyOf(symbols.values()), examples);
    }

    /** Parameters: the sum of the trainable tensors' sizes; MACs: the MAC terms; exact: the closed form or sum. */
    static FormulaRow formulas(Node n) {
        Analysis a = n.analysis();
        List<Expr> params = new ArrayList<>();
        for (Parameter p : a.parameters()) {
            if (!p.buffer()) {
                params.add(p.count());
            }
        }
        List<Expr> macs = new ArrayList<>();
        List<Expr> exact = new ArrayList<>();
        for (Term t : a.terms()) {
            if (t.mac()) {
                macs.add(t.count());
            }
            exact.add(t.count());
        }
        Expr exactForm = a.derivation().steps(Stage.SUMMARY).stream()
                .filter(s -> s.title().startsWith("exact operations") && s.formula().isPresent())
                .map(Step::formula).map(java.util.Optional::orElseThrow).findFirst().orElse(sum(exact));
        return new FormulaRow(n.label(), MathMarkup.of(sum(params)), MathMarkup.of(sum(macs)),
                MathMarkup.of(exactForm));
    }

    static Expr sum(List<Expr> parts) {
        return parts.isEmpty() ? Exprs.num(0) : Exprs.add(parts);
    }
}
