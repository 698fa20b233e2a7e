package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Floats and tuples printed as Python's {@code repr} prints them, so module reprs match torch's. */
class PyReprTest {

    @Test
    void should_print_floats_with_the_shortest_digits_that_read_back() {
        assertThat(PyRepr.ofFloat(0.01)).isEqualTo("0.01");
        assertThat(PyRepr.ofFloat(3.96875)).isEqualTo("3.96875");
        assertThat(PyRepr.ofFloat(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PyRepr.ofFloat(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(PyRepr.ofFloat(-1.0)).isEqualTo("-1.0");
    }

    @Test
    void should_always_print_a_fractional_part_in_fixed_notation() {
        assertThat(PyRepr.ofFloat(6)).isEqualTo("6.0");
        assertThat(PyRepr.ofFloat(100)).isEqualTo("100.0");
        assertThat(PyRepr.ofFloat(0)).isEqualTo("0.0");
        assertThat(PyRepr.ofFloat(-0.0)).isEqualTo("-0.0");
        assertThat(PyRepr.ofFloat(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PyRepr.ofFloat(0.0001)).isEqualTo("0.0001");
    }

    @Test
    void should_switch_to_exponent_notation_where_python_does() {
        assertThat(PyRepr.ofFloat(1e-05)).isEqualTo("1e-05");
        assertThat(PyRepr.ofFloat(2.5e-10)).isEqualTo("2.5e-10");
        assertThat(PyRepr.ofFloat(1e16)).isEqualTo("1e+16");
        assertThat(PyRepr.ofFloat(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(PyRepr.ofFloat(1e100)).isEqualTo("1e+100");
    }

    @Test
    void should_print_special_values_and_tuples() {
        assertThat(PyRepr.ofFloat(Double.NaN)).isEqualTo("nan");
        assertThat(PyRepr.ofFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(PyRepr.ofFloats(new double[] {2, 1.5})).isEqualTo("(2.0, 1.5)");
        assertThat(PyRepr.ofFloats(new double[] {2})).isEqualTo("(2.0,)");
        assertThat(PyRepr.ofString("none")).isEqualTo("'none'");
    }
}
