package org.flopcheck.terms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
