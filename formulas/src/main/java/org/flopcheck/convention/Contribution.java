package org.flopcheck.convention;

import java.util.Objects;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.PlainText;

/**
 * One named part of a convention's total: which layer, what is counted, by which formula, and with what weight.
 *
 * @param path    the layer's row path in the model ({@code ""} for the root, {@code "1.self_attn"})
 * @param layer   the layer's type ({@code Conv2d})
 * @param name    what is counted ({@code weight multiplications})
 * @param formula the closed form of the unweighted count
 * @param values  the symbol values the formula is evaluated with
 * @param weight  how many units the convention charges per counted operation (2 for FLOPs per MAC)
 * @param value   weight times the formula's value; negative for an adjustment that removes a count (a tool's
 *                division by the batch size, say)
 * @param rule    the convention's rule that produced this contribution
 */
public record Contribution(String path, String layer, String name, Expr formula, Bindings values, long weight,
                           long value, Rule rule) {
    public Contribution {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(formula, "formula");
        Objects.requireNonNull(values, "values");
    }

    @Override
    public String toString() {
        String where = path.isEmpty() ? layer : path + " (" + layer + ")";
        String w = weight == 1 ? "" : weight + "·(";
        String close = weight == 1 ? "" : ")";
        return where + " " + name + ": " + w + PlainText.render(formula) + close + " = "
                + PlainText.grouped(value);
    }
}
