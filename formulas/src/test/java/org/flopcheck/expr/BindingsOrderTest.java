package org.flopcheck.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A builder that expects an order ({@link Bindings.Builder#Builder(Bindings.Order)}) binds exactly as a plain
 * builder does, whatever order the symbols actually come in: the same values, the same map in the same order, the
 * same error for a symbol bound twice.
 */
class BindingsOrderTest {
    private static final Sym[] SYMBOLS = new Sym[10];

    static {
        for (int i = 0; i < SYMBOLS.length; i++) {
            SYMBOLS[i] = new Sym("Q_" + i, "symbol " + i);
        }
    }

    @Test
    void anOrderedBuilderBindsAsAPlainOneInAnyOrder() {
        Bindings.Order order = Bindings.Order.of(SYMBOLS);
        qt().withFixedSeed(20261122L).withExamples(5_000).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            List<Sym> bound = new ArrayList<>(List.of(SYMBOLS));
            // mostly the expected order, sometimes swapped, cut short, or with a symbol bound twice or from outside
            if (random.nextInt(3) == 0) {
                Collections.swap(bound, random.nextInt(bound.size()), random.nextInt(bound.size()));
            }
            bound = new ArrayList<>(bound.subList(0, random.nextInt(bound.size() + 1)));
            if (random.nextInt(4) == 0 && !bound.isEmpty()) {
                bound.add(random.nextInt(bound.size() + 1), bound.get(random.nextInt(bound.size())));
            }
            if (random.nextInt(4) == 0) {
                bound.add(random.nextInt(bound.size() + 1), new Sym("Z_" + random.nextInt(3), "outside the order"));
            }
            Bindings.Builder plain = new Bindings.Builder(2);
            Bindings.Builder ordered = new Bindings.Builder(order);
            for (Sym s : bound) {
                long value = random.nextLong();
                Object expected = outcome(() -> plain.put(s, value));
                assertThat(outcome(() -> ordered.put(s, value))).isEqualTo(expected);
                if (expected instanceof String) {
                    break;   // a builder is not used after a programming error
                }
                assertThat(ordered.live().asMap()).containsExactlyEntriesOf(plain.live().asMap());
            }
            Bindings p = plain.build();
            Bindings o = ordered.build();
            assertThat(o.asMap()).containsExactlyEntriesOf(p.asMap());
            assertThat(o).hasToString(p.toString());
            for (Sym s : SYMBOLS) {
                assertThat(o.has(s)).isEqualTo(p.has(s));
                assertThat(outcome(() -> o.value(s))).isEqualTo(outcome(() -> p.value(s)));
            }
        });
    }

    @Test
    void anOrderNamesEachSymbolOnce() {
        assertThatThrownBy(() -> Bindings.Order.of(SYMBOLS[0], SYMBOLS[1], new Sym("Q_0", "the same name")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("symbol Q_0 appears twice in an order");
    }

    /** TRUE, or the exception's class and message. */
    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            call.get();
            return Boolean.TRUE;
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
