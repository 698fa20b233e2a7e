package org.flopcheck.cli;

import java.util.Locale;
import org.flopcheck.expr.PlainText;

/** Readable numbers: {@code 327,680} and {@code 327.7K}, {@code 4.09G}. */
final class Units {
    private static final String[] SUFFIX = {"", "K", "M", "G", "T", "P", "E"};

    private Units() {
    }

    static String grouped(long v) {
        return PlainText.grouped(v);
    }

    /** Below 10,000 the exact number; above, three significant digits and a decimal suffix. */
    static String compact(long v) {
        if (Math.abs(v) < 10_000) {
            return PlainText.grouped(v);
        }
        double x = v;
        int i = 0;
        while (Math.abs(x) >= 1000 && i < SUFFIX.length - 1) {
            x /= 1000;
            i++;
        }
        String digits = Math.abs(x) >= 100 ? String.format(Locale.ROOT, "%.0f", x)
                : Math.abs(x) >= 10 ? String.format(Locale.ROOT, "%.1f", x) : String.format(Locale.ROOT, "%.2f", x);
        return digits + SUFFIX[i];
    }

    /** {@code 327,680 (327.7K)}. */
    static String both(long v) {
        String c = compact(v);
        return Math.abs(v) < 10_000 ? c : grouped(v) + " (" + c + ")";
    }
}
