package org.flopcheck.site;

import org.flopcheck.expr.PlainText;

/**
 * Formatting for templates, so a template never does arithmetic or builds a number itself:
 * {@code $fmt.grouped(327680)} gives {@code 327,680}; {@code $fmt.signed(-16384)} gives {@code −16,384}.
 */
public final class Fmt {
    public static final Fmt INSTANCE = new Fmt();

    private Fmt() {
    }

    /** {@code 327,680}. */
    public String grouped(long value) {
        return (value < 0 ? "−" : "") + PlainText.grouped(Math.abs(value));
    }

    /** {@code +16,384} or {@code −16,384}; {@code 0} without a sign. */
    public String signed(long value) {
        return value == 0 ? "0" : (value > 0 ? "+" : "−") + PlainText.grouped(Math.abs(value));
    }
}
