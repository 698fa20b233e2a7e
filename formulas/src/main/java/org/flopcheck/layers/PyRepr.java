package org.flopcheck.layers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's spelling of values in module reprs, where Java's differs: a float prints as Python's {@code repr}
 * ({@code 1e-05}, {@code 0.1}, {@code 2.0}, {@code 1e+16}), the shortest decimal that reads back as the same
 * double, in scientific notation when its decimal exponent is below −4 or at least 16.
 */
public final class PyRepr {
    private PyRepr() {
    }

    /** {@code repr(float)}: {@code 1e-05} for 1e-5, {@code 0.1}, {@code 2.0}, {@code nan}, {@code inf}. */
    public static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String sign = (value < 0 || (value == 0 && 1 / value < 0)) ? "-" : "";
        double magnitude = Math.abs(value);
        if (magnitude == 0) {
            return sign + "0.0";
        }
        BigDecimal exact = new BigDecimal(magnitude);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == magnitude) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale();   // value = d.ddd × 10^exponent
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.valueOf(Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (digits.length() <= exponent + 1) {
            return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
        }
        return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }

    /** {@code None} or the float's repr. */
    static String optionalFloat(java.util.OptionalDouble value) {
        return value.isPresent() ? floatRepr(value.getAsDouble()) : "None";
    }

    /** {@code (2.0, 1.5)}; one value prints as {@code (2.0,)}. */
    static String floatTuple(double[] values) {
        if (values.length == 1) {
            return "(" + floatRepr(values[0]) + ",)";
        }
        return java.util.Arrays.stream(values).mapToObj(PyRepr::floatRepr)
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    /** {@code 'none'}: a keyword string as Python quotes it. */
    static String string(String s) {
        return "'" + s + "'";
    }
}
