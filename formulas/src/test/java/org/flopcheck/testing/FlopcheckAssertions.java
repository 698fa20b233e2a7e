package org.flopcheck.testing;

import org.flopcheck.layers.Analysis;

/** The one entry point for the domain assertions: {@code assertThat(analysis).hasOutput(1, 32, 64, 4)}. */
public final class FlopcheckAssertions {
    private FlopcheckAssertions() {
    }

    public static AnalysisAssert assertThat(Analysis actual) {
        return new AnalysisAssert(actual);
    }
}
