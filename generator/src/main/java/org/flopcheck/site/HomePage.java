package org.flopcheck.site;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Outcome;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Exprs;
import org.flopcheck.golden.GoldenCase;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.SpecReader;

/**
 * The home page: what is counted and why the tools disagree (with the keyword-spotting readings as the hook), the
 * catalogue of layer kinds by family, and the conventions at a glance: a matrix of layer kind by convention whose
 * cells give each convention's rule for the kind's first worked example in words and symbols.
 *
 * @param kws         the keyword-spotting case's direct readings, tool by tool
 * @param kwsMacs     the keyword-spotting model's true MACs
 * @param families    the layer kinds by family
 * @param conventions the matrix's columns
 * @param matrix      one row per layer kind
 */
public record HomePage(List<ToolReading> kws, Quantity kwsMacs, List<Family> families, List<Column> conventions,
                       List<Row> matrix) {

    /** A reading on the home page. */
    public record ToolReading(String tool, Quantity macs) {
    }

    /** A family of layer kinds, each linked to its page. */
    public record Family(String name, List<KindLink> kinds) {
    }

    /** A link to a layer kind's page. */
    public record KindLink(String type, String href, int examples) {
    }

    /** A convention: id, title and what it counts. */
    public record Column(String id, String title, String description) {
    }

    /** A layer kind's cells, one per convention, for its first worked example. */
    public record Row(String type, String href, String example, List<Cell> cells) {
    }

    /**
     * One convention's rule for one kind.
     *
     * @param words    the terms counted, in words
     * @param formula  true when {@code math} holds the formula (a single call's terms)
     * @param math     the weighted sum of the terms counted, in symbols
     * @param rules    the rule ids applied
     * @param state    {@code counted}, {@code nothing} (counts zero), {@code fails} or {@code pending}
     * @param failure  why the tool fails (state {@code fails}) or is not modelled yet ({@code pending})
     */
    public record Cell(String words, boolean formula, MathMarkup math, String rules, String state,
                       String failure) {
    }

    /** The matrix cell of one convention on one analysed example. */
    static Cell cell(Convention conv, Analysis a) {
        Outcome o;
        try {
            o = conv.outcome(a);
        } catch (UnsupportedOperationException notYet) {
            return new Cell("", false, null, "", "pending", "explanation pending: " + notYet.getMessage());
        }
        if (o instanceof Outcome.Failed f) {
            return new Cell("", false, null, f.rule().id(), "fails", f.reason());
        }
        List<Contribution> parts = ((Outcome.Counted) o).count().contributions();
        if (parts.isEmpty()) {
            return new Cell("counts nothing", false, null, "", "nothing", "");
        }
        Set<String> names = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        Expr total = null;
        for (Contribution c : parts) {
            names.add(c.weight() == 1 ? c.name() : c.weight() + " × " + c.name());
            rules.add(c.rule().id());
            paths.add(c.path());
            Expr weighted = Math.abs(c.weight()) == 1 ? c.formula() : Exprs.mul(Exprs.num(Math.abs(c.weight())),
                    c.formula());
            if (total == null) {
                total = c.weight() < 0 ? Exprs.sub(Exprs.num(0), weighted) : weighted;
            } else {
                total = c.weight() < 0 ? Exprs.sub(total, weighted) : Exprs.add(total, weighted);
            }
        }
        List<String> shown = new ArrayList<>(names);
        String words = shown.size() <= 5 ? String.join("; ", shown)
                : String.join("; ", shown.subList(0, 5)) + "; and " + (shown.size() - 5) + " more terms";
        boolean formula = paths.size() == 1 && parts.size() <= 6;
        return new Cell(words, formula, formula ? MathMarkup.of(total) : null,
                conv.id().equals(Conventions.EXACT.id()) || Conventions.library().contains(conv) ? ""
                        : String.join("; ", rules), "counted", "");
    }

    static Row row(SiteDefinition.Kind kind, GoldenCase first) {
        Analysis a = SpecReader.layer(first.model()).analyze(SpecReader.inputs(first.inputs()));
        List<Cell> cells = new ArrayList<>();
        for (Convention c : Conventions.all()) {
            cells.add(cell(c, a));
        }
        return new Row(kind.type(), "layers/" + kind.page(), first.id(), cells);
    }
}
