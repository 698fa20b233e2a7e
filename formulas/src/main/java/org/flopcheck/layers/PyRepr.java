package org.flopcheck.layers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Python's {@code repr} of the values torch's module reprs print: floats ({@code 0.01}, {@code 3.96875},
 * {@code 6.0}, {@code 1e-05}), strings ({@code 'none'}) and tuples ({@code (2.0, 1.5)}, {@code (5,)}), so a layer's
 * {@code toString()} is character for character what {@code print(module)} shows.
 */
final class PyRepr {
    private PyRepr() {
    }

    /**
     * {@code repr(float(x))}: the shortest decimal that reads back as the same double, in fixed notation for
     * decimal exponents −4 to 15 (always with a fractional part, {@code 6.0}) and in exponent notation otherwise
     * ({@code 1e-05}, {@code 1.5e+16}).
     */
    static String ofFloat(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(x);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == x) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();   // x = d.ddd × 10^exponent
        String sign = x < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (exponent >= digits.length() - 1) {
            return sign + digits + "0".repeat(exponent - (digits.length() - 1)) + ".0";
        }
        return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }

    /** {@code (2.0, 1.5)}; one value prints as {@code (2.0,)}. */
    static String ofFloats(double[] values) {
        if (values.length == 1) {
            return "(" + ofFloat(values[0]) + ",)";
        }
        return Arrays.stream(values).mapToObj(PyRepr::ofFloat).collect(Collectors.joining(", ", "(", ")"));
    }

    /** {@code 'none'}: a keyword string as Python quotes it. */
    static String ofString(String s) {
        return "'" + s + "'";
    }
}
