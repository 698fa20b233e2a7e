package org.flopcheck.derivation;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.flopcheck.expr.Bindings;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.MathML;
import org.flopcheck.expr.PlainText;
import org.flopcheck.expr.Sym;

/**
 * One line of a derivation: a title, optionally the symbol it defines, the formula, and its value. Rendered as
 * {@code title: lhs = formula = formula with values = value}. A step without a formula is a note.
 *
 * <p>The title is written only when someone reads it: counting a model never formats the text of its
 * derivation.
 */
public final class Step {
    private final Stage stage;
    private final Supplier<String> titleText;
    private final Optional<Sym> symbol;
    private final Optional<Expr> formula;
    private final long value;
    private String title;

    /**
     * @param stage   where the step belongs
     * @param title   {@code output length}, {@code weight multiplications}
     * @param symbol  the symbol this step defines, if any
     * @param formula the formula, absent for a note
     * @param value   the formula's value (0 for a note)
     */
    public Step(Stage stage, String title, Optional<Sym> symbol, Optional<Expr> formula, long value) {
        this(stage, () -> title, symbol, formula, value);
        Objects.requireNonNull(title, "title");
    }

    /** A step whose title is composed on first use. */
    public Step(Stage stage, Supplier<String> title, Optional<Sym> symbol, Optional<Expr> formula, long value) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.titleText = Objects.requireNonNull(title, "title");
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.formula = Objects.requireNonNull(formula, "formula");
        this.value = value;
    }

    public Stage stage() {
        return stage;
    }

    public String title() {
        if (title == null) {
            title = titleText.get();
        }
        return title;
    }

    public Optional<Sym> symbol() {
        return symbol;
    }

    public Optional<Expr> formula() {
        return formula;
    }

    public long value() {
        return value;
    }

    public boolean isNote() {
        return formula.isEmpty();
    }

    /** The symbolic line: {@code L_out = ⌊(L_in + 2·p − d·(K − 1) − 1)/s⌋ + 1}. */
    public String symbolic() {
        return formula.map(f -> symbol.map(s -> s.name() + " = ").orElse("") + PlainText.render(f)).orElse("");
    }

    /** The formula with values: {@code ⌊(100 + 2·0 − 1·(5 − 1) − 1)/1⌋ + 1}. */
    public String substituted(Bindings values) {
        return formula.map(f -> PlainText.substitute(f, values)).orElse("");
    }

    /** The whole step on one line, as the plain-text derivation prints it. */
    public String plain(Bindings values) {
        if (isNote()) {
            return title();
        }
        String sym = symbolic();
        String sub = substituted(values);
        String result = PlainText.grouped(value);
        StringBuilder sb = new StringBuilder(title()).append(": ").append(sym);
        if (!sub.equals(result)) {
            sb.append(" = ").append(sub);
        }
        return sb.append(" = ").append(result).toString();
    }

    /** The symbolic formula as MathML content, or the empty string for a note. */
    public String mathml() {
        return formula.map(MathML::render).orElse("");
    }

    /** The formula with values as MathML content, or the empty string for a note. */
    public String mathmlSubstituted(Bindings values) {
        return formula.map(f -> MathML.substitute(f, values)).orElse("");
    }

    @Override
    public String toString() {
        return title() + formula.map(f -> ": " + PlainText.render(f)).orElse("");
    }
}
