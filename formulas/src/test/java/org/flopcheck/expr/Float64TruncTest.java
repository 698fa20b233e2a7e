package org.flopcheck.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.div;
import static org.flopcheck.expr.Exprs.float64Trunc;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Float64TruncTest {
    static final Sym IN = new Sym("L_in", "input length");
    static final Sym OUT = new Sym("L_out", "output length");
    static final Sym M = new Sym("n_y", "output elements");

    /** thop's adaptive-pool count: int((in/out + 1)·numel) in float64. */
    static final Expr ADAPTIVE = float64Trunc(mul(add(div(IN, OUT), num(1)), M));

    static Bindings values(long in, long out, long m) {
        return Bindings.of(new java.util.LinkedHashMap<>(Map.of(IN, in, OUT, out, M, m)));
    }

    @Test
    void should_divide_in_floating_point_and_truncate_toward_zero() {
        // 16/5 + 1 = 4.2, times 15 is 63.0 in float64: 63
        assertThat(ADAPTIVE.eval(values(16, 5, 15))).isEqualTo(63);
        // 11/3 rounds down in float64, so (11/3 + 1)·3 is 13.999999999999998, not 14
        assertThat((11.0 / 3.0 + 1.0) * 3.0).isLessThan(14.0);
        assertThat(ADAPTIVE.eval(values(11, 3, 3))).isEqualTo(13);
        // an inexact Quotient outside the node is a programming error; inside it is a float division
        assertThatThrownBy(() -> div(IN, OUT).eval(values(11, 3, 3))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_form_products_and_sums_left_to_right() {
        // 0.1 + 0.2 + 0.3 = 0.6000000000000001 left to right, 0.6 right to left; times 10 truncates to 6 either way,
        // but the difference shows in Float64Trunc.evalDouble
        Expr tenths = add(div(num(1), num(10)), div(num(2), num(10)), div(num(3), num(10)));
        assertThat(Float64Trunc.evalDouble(tenths, Bindings.empty())).isEqualTo(0.1 + 0.2 + 0.3)
                .isNotEqualTo(0.6);
        assertThat(Float64Trunc.evalDouble(sub(num(1), div(num(1), num(3))), Bindings.empty()))
                .isEqualTo(1.0 - 1.0 / 3.0);
        assertThat(float64Trunc(mul(tenths, num(10))).eval(Bindings.empty())).isEqualTo(6);
    }

    @Test
    void should_render_as_a_float64_floor_in_text_and_mathml() {
        assertThat(ADAPTIVE.plain()).isEqualTo("⌊(L_in/L_out + 1)·n_y⌋_f64");
        assertThat(PlainText.substitute(ADAPTIVE, values(11, 3, 3))).isEqualTo("⌊(11/3 + 1)·3⌋_f64");
        assertThat(MathML.render(ADAPTIVE)).startsWith("<mrow><msub><mrow><mo>&#x230A;</mo>")
                .contains("<mfrac>").endsWith("<mo>&#x230B;</mo></mrow><mi>f64</mi></msub></mrow>");
    }

    @Test
    void should_expose_its_symbols_to_expand_and_refuse_values_beyond_long() {
        assertThat(Exprs.symbols(ADAPTIVE)).containsExactly(IN, OUT, M);
        Expr expanded = Exprs.expand(ADAPTIVE, Map.of(M, mul(num(3), OUT)));
        assertThat(expanded.plain()).isEqualTo("⌊(L_in/L_out + 1)·3·L_out⌋_f64");
        assertThatThrownBy(() -> float64Trunc(mul(num(Long.MAX_VALUE), num(4))).eval(Bindings.empty()))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("does not truncate to a long");
    }
}
