package org.flopcheck.terms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.OptionalLong;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Exprs;
import org.flopcheck.expr.Formula;
import org.flopcheck.expr.Sym;
import org.junit.jupiter.api.Test;

/** A term table holds what a worksheet recorded, and makes the same terms the worksheet's own calls describe. */
class TermTableTest {
    private static final Sym N = new Sym("N", "batch size");
    private static final Sym C = new Sym("C", "channels");
    private static final Formula ELEMENTS = Formula.of(Exprs.mul(N, C));
    private static final TermKind PRODUCTS = TermKind.mac("products", ELEMENTS.expr(), "one per element");
    private static final TermKind SUMS = TermKind.of("sums", Op.ADDITION, C, "one per channel");

    @Test
    void should_make_the_terms_a_worksheet_records_by_kind_or_by_name() {
        Worksheet byKind = new Worksheet("Layer");
        byKind.given(N, 3);
        byKind.given(C, 5);
        byKind.term(PRODUCTS, ELEMENTS);
        byKind.term(SUMS);
        Worksheet byName = new Worksheet("Layer");
        byName.given(N, 3);
        byName.given(C, 5);
        byName.macTerm("products", ELEMENTS.expr(), "one per element");
        byName.term("sums", Op.ADDITION, C, "one per channel");

        TermTable table = byKind.termTable();
        assertThat(table.terms()).isEqualTo(byName.termTable().terms()).containsExactly(
                new Term("products", Op.MULTIPLICATION, ELEMENTS.expr(), 15, true, "one per element"),
                new Term("sums", Op.ADDITION, C, 5, false, "one per channel"));
        assertThat(table.terms()).isSameAs(table.terms());
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.kind(1)).isSameAs(SUMS);
        assertThat(table.value(0)).isEqualTo(15);
        assertThat(table.value("sums")).isEqualTo(OptionalLong.of(5));
        assertThat(table.value("divisions")).isEmpty();
        assertThat(byKind.termValueSum()).isEqualTo(byName.termValueSum()).isEqualTo(20);
        assertThat(byKind.macTermValueSum()).isEqualTo(byName.macTermValueSum()).isEqualTo(15);
        assertThat(new Worksheet("Empty").termTable()).isSameAs(TermTable.EMPTY);
    }

    @Test
    void should_record_as_a_plain_builder_whatever_order_the_terms_come_in() {
        TermKind[] kinds = new TermKind[6];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = TermKind.of("term " + i, Op.ADDITION, C, "note " + i);
        }
        TermTable.Order order = TermTable.Order.of(kinds);
        qt().withFixedSeed(20261122L).withExamples(3_000).forAll(longs().all()).checkAssert(seed -> {
            java.util.Random random = new java.util.Random(seed);
            TermTable.Builder plain = new TermTable.Builder(1);
            TermTable.Builder ordered = new TermTable.Builder(order);
            int n = random.nextInt(10);
            for (int i = 0; i < n; i++) {
                // mostly the expected kind next, sometimes another, a repeat, or one from outside the order
                TermKind kind = random.nextInt(4) > 0 && i < kinds.length ? kinds[i]
                        : random.nextBoolean() ? kinds[random.nextInt(kinds.length)] : SUMS;
                long value = random.nextInt(1000);
                plain.add(kind, value);
                ordered.add(kind, value);
            }
            assertThat(ordered.terms()).isEqualTo(plain.terms());
            assertThat(ordered.build().terms()).isEqualTo(plain.build().terms());
        });
    }

    @Test
    void should_refuse_what_a_term_refuses() {
        assertThatThrownBy(() -> new TermTable.Builder(1).add(SUMS, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("term 'sums' has a negative count: -1");
        assertThatThrownBy(() -> new Term("sums", Op.ADDITION, C, -1, false, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("term 'sums' has a negative count: -1");
        assertThatThrownBy(() -> new Term("adds", Op.ADDITION, C, 1, true, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only multiplications can be the products of multiply-accumulates: adds");
    }

    @Test
    void should_refuse_a_formula_that_is_not_the_kind_s() {
        Worksheet w = new Worksheet("Layer");
        w.given(N, 3);
        w.given(C, 5);
        assertThatThrownBy(() -> w.term(PRODUCTS, Formula.of(Exprs.mul(N, C))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("term 'products' is counted by N·C, not by N·C");
    }
}
