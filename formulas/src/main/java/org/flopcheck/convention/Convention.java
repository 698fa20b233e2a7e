package org.flopcheck.convention;

import org.flopcheck.layers.Analysis;

/**
 * A way of counting: which of a layer's operations count and how much each weighs, plus, for a tool's convention,
 * that tool's own rules. Implementations are stateless and thread-safe.
 */
public interface Convention {

    /** The stable id used on the command line and in files: {@code exact}, {@code macs}, {@code flops}. */
    String id();

    /** A short title: {@code exact scalar operations}. */
    String title();

    /** What is counted, in a sentence or two. */
    String description();

    /**
     * Counts one analysed model or layer.
     *
     * @throws org.flopcheck.CountOverflowException when the total does not fit in a {@code long}
     */
    Count count(Analysis analysis);
}
