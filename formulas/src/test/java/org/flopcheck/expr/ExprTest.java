package org.flopcheck.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.ceilDiv;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.floorDiv;
import static org.flopcheck.expr.Exprs.max;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;
import static org.quicktheories.QuickTheory.qt;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flopcheck.testing.LayerGenerators;
import org.junit.jupiter.api.Test;

class ExprTest {
    static final Sym N = new Sym("N", "batch size");
    static final Sym C_IN = new Sym("C_in", "input channels");
    static final Sym C_OUT = new Sym("C_out", "output channels");
    static final Sym L_OUT = new Sym("L_out", "output length");
    static final Sym K = new Sym("K", "kernel size");
    static final Sym G = new Sym("g", "groups");

    /** moduleprofiler's Conv1d form without bias. */
    static final Expr CONV1D = div(mul(N, C_OUT, L_OUT, sub(mul(num(2), C_IN, K), G)), G);

    static Bindings values() {
        Map<Sym, Long> v = new LinkedHashMap<>();
        v.put(N, 1L);
        v.put(C_IN, 3L);
        v.put(C_OUT, 16L);
        v.put(L_OUT, 96L);
        v.put(K, 5L);
        v.put(G, 1L);
        return Bindings.of(v);
    }

    @Test
    void plain_text_parenthesises_only_where_needed() {
        assertThat(CONV1D.plain()).isEqualTo("N·C_out·L_out·(2·C_in·K − g)/g");
        assertThat(sub(K, sub(C_IN, N)).plain()).isEqualTo("K − (C_in − N)");
        assertThat(sub(sub(K, C_IN), N).plain()).isEqualTo("K − C_in − N");
        assertThat(mul(add(K, N), C_IN).plain()).isEqualTo("(K + N)·C_in");
        assertThat(floorDiv(add(K, num(1)), num(2)).plain()).isEqualTo("⌊(K + 1)/2⌋");
        assertThat(max(K, num(1)).plain()).isEqualTo("max(K, 1)");
    }

    @Test
    void substitution_prints_values_grouped_by_thousands() {
        assertThat(PlainText.substitute(CONV1D, values())).isEqualTo("1·16·96·(2·3·5 − 1)/1");
        assertThat(PlainText.substitute(mul(L_OUT, num(1000)), values())).isEqualTo("96·1,000");
        assertThat(CONV1D.eval(values())).isEqualTo(16 * 96 * 29);
    }

    @Test
    void mathml_draws_exact_quotients_as_fractions_and_subscripts_as_msub() {
        String m = MathML.render(div(C_IN, G));
        assertThat(m).isEqualTo("<mrow><mfrac><mrow><msub><mi>C</mi><mi>in</mi></msub></mrow><mrow><mi>g</mi>"
                + "</mrow></mfrac></mrow>");
        assertThat(MathML.math(L_OUT, add(K, num(1)))).startsWith("<math display=\"block\">")
                .contains("<mo>=</mo>").endsWith("</math>");
        assertThat(MathML.substitute(CONV1D, values())).contains("<mn>96</mn>").doesNotContain("<mi>");
    }

    @Test
    void rounding_quotients_round_the_right_way_for_negative_values_too() {
        Bindings b = Bindings.empty().with(K, 7);
        assertThat(floorDiv(sub(num(0), K), num(2)).eval(b)).isEqualTo(-4);
        assertThat(ceilDiv(sub(num(0), K), num(2)).eval(b)).isEqualTo(-3);
        assertThat(ceilDiv(K, num(2)).eval(b)).isEqualTo(4);
    }

    @Test
    void an_inexact_quotient_is_a_programming_error() {
        assertThatThrownBy(() -> div(K, num(2)).eval(Bindings.empty().with(K, 7)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inexact division 7/2");
    }

    @Test
    void overflow_raises_instead_of_wrapping() {
        Bindings b = Bindings.empty().with(K, 1L << 62);
        assertThatThrownBy(() -> mul(K, num(2)).eval(b)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> add(K, K).eval(b)).isInstanceOf(ArithmeticException.class);
        assertThat(sub(mul(K, num(2)), num(1)).eval(Bindings.empty().with(K, (1L << 62) - 1)))
                .isEqualTo(Long.MAX_VALUE - 2);
    }

    @Test
    void expand_replaces_derived_symbols_by_their_definitions() {
        Expr outputs = mul(N, C_OUT, L_OUT);
        Expr expanded = Exprs.expand(outputs, Map.of(L_OUT, add(floorDiv(sub(new Sym("L_in", "input length"), K),
                num(1)), num(1))));
        assertThat(expanded.plain()).isEqualTo("N·C_out·(⌊(L_in − K)/1⌋ + 1)");
        assertThat(Exprs.symbols(expanded)).extracting(Sym::name).containsExactly("N", "C_out", "L_in", "K");
    }

    @Test
    void tap_count_equals_a_brute_force_count_of_landing_pairs() {
        qt().withFixedSeed(11L).withExamples(500).forAll(LayerGenerators.ints(1, 9, 1, 6, 1, 4, 1, 3, 0, 4, 1, 20))
                .checkAssert(v -> {
                    long a = v[0];
                    long k = v[1];
                    long s = v[2];
                    long d = v[3];
                    long p = v[4];
                    long range = v[5];
                    long brute = 0;
                    java.util.Set<Long> reached = new java.util.HashSet<>();
                    for (long i = 0; i < a; i++) {
                        for (long t = 0; t < k; t++) {
                            long pos = i * s + t * d - p;
                            if (pos >= 0 && pos < range) {
                                brute++;
                                reached.add(pos);
                            }
                        }
                    }
                    Bindings none = Bindings.empty();
                    assertThat(new TapCount("i", num(a), num(k), num(s), num(d), num(p), num(range)).eval(none))
                            .isEqualTo(brute);
                    assertThat(new CoveredCount("i", num(a), num(k), num(s), num(d), num(p), num(range)).eval(none))
                            .isEqualTo(reached.size());
                });
    }

    @Test
    void sigma_sums_its_body_over_the_index() {
        Sym o = new Sym("o", "output position");
        Expr windows = Exprs.sigma(o, num(0), sub(L_OUT, num(1)), sub(ceilDiv(mul(add(o, num(1)), K), L_OUT),
                floorDiv(mul(o, K), L_OUT)));
        // adaptive pooling of 10 inputs to 3 outputs: windows [0,4), [3,7), [6,10) hold 4 values each
        Bindings b = Bindings.empty().with(K, 10).with(L_OUT, 3);
        assertThat(windows.eval(b)).isEqualTo(12);
        assertThat(windows.plain()).isEqualTo("Σ_{o=0}^{L_out − 1} (⌈(o + 1)·K/L_out⌉ − ⌊o·K/L_out⌋)");
    }

    @Test
    void symbol_names_are_checked() {
        assertThatThrownBy(() -> new Sym("2x", "bad")).hasMessageContaining("symbol name must look like");
        assertThat(new Sym("K_h", "kernel height").subscript()).isEqualTo("h");
    }
}
