package org.flopcheck.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A compiled {@link Formula} evaluates exactly as its expression: the same value, or the same exception with the
 * same message (overflow, division by zero, an inexact quotient), for random trees of every node kind on random
 * values, small, zero, negative and near the range of {@code long}.
 */
class FormulaTest {
    private static final Sym[] SYMBOLS = {new Sym("a", "a"), new Sym("b", "b"), new Sym("c", "c"), new Sym("N", "n")};

    @Test
    void compiled_evaluation_agrees_with_the_expression_on_random_trees() {
        int[] outcomes = new int[2];   // values, exceptions: both must occur for the test to mean something
        qt().withFixedSeed(20261122L).withExamples(20_000).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            Expr expr = tree(random, 4);
            Bindings values = bindings(random);
            Object expected = outcome(() -> expr.eval(values));
            Object actual = outcome(() -> Formula.of(expr).eval(values));
            assertThat(actual).as("%s with %s", PlainText.render(expr), values).isEqualTo(expected);
            outcomes[expected instanceof Long ? 0 : 1]++;
        });
        assertThat(outcomes[0]).as("evaluations that gave a value").isGreaterThan(5_000);
        assertThat(outcomes[1]).as("evaluations that raised").isGreaterThan(500);
    }

    @Test
    void a_formula_keeps_its_expression() {
        Expr e = Exprs.mul(SYMBOLS[0], Exprs.add(SYMBOLS[1], Exprs.num(2)));
        assertThat(Formula.of(e).expr()).isSameAs(e);
        assertThat(Formula.of(e)).hasToString(e.toString());
    }

    /** The value, or the exception's class and message. */
    private static Object outcome(java.util.function.LongSupplier evaluation) {
        try {
            return evaluation.getAsLong();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static Bindings bindings(Random random) {
        Bindings.Builder b = new Bindings.Builder();
        for (Sym s : SYMBOLS) {
            b.put(s, value(random));
        }
        return b.build();
    }

    private static long value(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> -1 - random.nextInt(5);
            case 2 -> Long.MAX_VALUE / (1 + random.nextInt(4)) - random.nextInt(3);
            case 3 -> 1L << (20 + random.nextInt(30));
            default -> 1 + random.nextInt(12);
        };
    }

    private static Expr tree(Random random, int depth) {
        int kinds = depth == 0 ? 2 : 10;
        return switch (random.nextInt(kinds)) {
            case 0 -> SYMBOLS[random.nextInt(SYMBOLS.length)];
            case 1 -> new Num(Math.max(0, value(random)));   // constants are not negative
            case 2 -> new Sum(operands(random, depth));
            case 3 -> new Product(operands(random, depth));
            case 4 -> new Difference(tree(random, depth - 1), tree(random, depth - 1));
            case 5 -> new Quotient(tree(random, depth - 1), tree(random, depth - 1));
            case 6 -> new FloorQuotient(tree(random, depth - 1), tree(random, depth - 1));
            case 7 -> new CeilQuotient(tree(random, depth - 1), tree(random, depth - 1));
            case 8 -> new Extremum(random.nextBoolean(), operands(random, depth));   // evaluated by its expression
            // a product or a sum of symbols alone has a node of its own
            default -> random.nextBoolean() ? new Product(symbols(random)) : new Sum(symbols(random));
        };
    }

    private static List<Expr> operands(Random random, int depth) {
        List<Expr> operands = new ArrayList<>();
        int n = 2 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            operands.add(random.nextInt(3) == 0 ? SYMBOLS[random.nextInt(SYMBOLS.length)] : tree(random, depth - 1));
        }
        return operands;
    }

    private static List<Expr> symbols(Random random) {
        List<Expr> operands = new ArrayList<>();
        int n = 2 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            operands.add(SYMBOLS[random.nextInt(SYMBOLS.length)]);
        }
        return operands;
    }
}
