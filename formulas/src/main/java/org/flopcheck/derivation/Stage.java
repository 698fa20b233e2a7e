package org.flopcheck.derivation;

/** Where a derivation step belongs, in the order a derivation is read. */
public enum Stage {
    /** Output sizes from input sizes and the layer's arguments. */
    SHAPE("Output shape"),
    /** Parameter and buffer tensors. */
    PARAMETERS("Parameters"),
    /** Operations for one output element (one filter position, one gate, one head). */
    PER_OUTPUT("Operations per output"),
    /** Counts of every operation over the whole input. */
    TOTALS("Operation counts"),
    /** Closed forms of whole totals, shown for teaching; each equals the sum of the terms it summarises. */
    SUMMARY("Totals");

    private final String title;

    Stage(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
