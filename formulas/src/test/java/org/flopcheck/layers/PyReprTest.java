package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Floats in reprs are spelled as Python's {@code repr(float)} spells them (values checked against CPython 3). */
class PyReprTest {

    @ParameterizedTest(name = "repr({0}) = {1}")
    @CsvSource({
            "1e-5, 1e-05",
            "1e-6, 1e-06",
            "1e-12, 1e-12",
            "1.5e-5, 1.5e-05",
            "0.1, 0.1",
            "0.01, 0.01",
            "0.001, 0.001",
            "0.0001, 0.0001",
            "2.0, 2.0",
            "123.0, 123.0",
            "1e15, 1000000000000000.0",
            "1e16, 1e+16",
            "1.25e17, 1.25e+17",
            "0.30000000000000004, 0.30000000000000004",
            "-0.5, -0.5",
            "5e-324, 5e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308"})
    void should_spell_floats_as_python_repr_does(double value, String python) {
        assertThat(PyRepr.floatRepr(value)).isEqualTo(python);
    }

    @Test
    void should_spell_zeros_infinities_and_nan_as_python_does() {
        assertThat(PyRepr.floatRepr(0.0)).isEqualTo("0.0");
        assertThat(PyRepr.floatRepr(-0.0)).isEqualTo("-0.0");
        assertThat(PyRepr.floatRepr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(PyRepr.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(PyRepr.floatRepr(Double.NaN)).isEqualTo("nan");
    }

    @Test
    void should_spell_a_missing_float_as_none() {
        assertThat(PyRepr.optionalFloat(OptionalDouble.empty())).isEqualTo("None");
        assertThat(PyRepr.optionalFloat(OptionalDouble.of(0.1))).isEqualTo("0.1");
    }

    @Test
    void should_print_floats_with_the_shortest_digits_that_read_back() {
        assertThat(PyRepr.floatRepr(0.01)).isEqualTo("0.01");
        assertThat(PyRepr.floatRepr(3.96875)).isEqualTo("3.96875");
        assertThat(PyRepr.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PyRepr.floatRepr(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(PyRepr.floatRepr(-1.0)).isEqualTo("-1.0");
    }

    @Test
    void should_always_print_a_fractional_part_in_fixed_notation() {
        assertThat(PyRepr.floatRepr(6)).isEqualTo("6.0");
        assertThat(PyRepr.floatRepr(100)).isEqualTo("100.0");
        assertThat(PyRepr.floatRepr(0)).isEqualTo("0.0");
        assertThat(PyRepr.floatRepr(-0.0)).isEqualTo("-0.0");
        assertThat(PyRepr.floatRepr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PyRepr.floatRepr(0.0001)).isEqualTo("0.0001");
    }

    @Test
    void should_switch_to_exponent_notation_where_python_does() {
        assertThat(PyRepr.floatRepr(1e-05)).isEqualTo("1e-05");
        assertThat(PyRepr.floatRepr(2.5e-10)).isEqualTo("2.5e-10");
        assertThat(PyRepr.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PyRepr.floatRepr(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(PyRepr.floatRepr(1e100)).isEqualTo("1e+100");
    }

    @Test
    void should_print_special_values_and_tuples() {
        assertThat(PyRepr.floatRepr(Double.NaN)).isEqualTo("nan");
        assertThat(PyRepr.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(PyRepr.floatTuple(new double[] {2, 1.5})).isEqualTo("(2.0, 1.5)");
        assertThat(PyRepr.floatTuple(new double[] {2})).isEqualTo("(2.0,)");
        assertThat(PyRepr.string("none")).isEqualTo("'none'");
    }
}
