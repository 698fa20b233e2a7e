package org.flopcheck.golden;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one tool reported for one case: its totals, or the error it raised.
 *
 * @param tool            the tool id ({@code thop-0.1.1})
 * @param variant         {@code direct}, {@code wrapped} or {@code positional}
 * @param call            the Python call that was made
 * @param mode            how the model's mode and gradients were set
 * @param macs            the tool's total, absent exactly when it failed
 * @param params          the tool's parameter total, absent exactly when it failed
 * @param trainableParams torchinfo's trainable parameters, when reported
 * @param error           the error text, when the tool failed
 * @param warnings        Python warnings raised during the call
 * @param location        {@code $.cases[i].readings[j]}
 */
public record Reading(String tool, String variant, String call, String mode, OptionalLong macs, OptionalLong params,
                      OptionalLong trainableParams, Optional<String> error, List<String> warnings, String location) {
    public Reading {
        warnings = List.copyOf(warnings);
    }

    public boolean failed() {
        return error.isPresent();
    }

    /** {@code thop-0.1.1} or {@code thop-0.1.1 (wrapped)}. */
    public String label() {
        return variant.equals("direct") ? tool : tool + " (" + variant + ")";
    }
}
