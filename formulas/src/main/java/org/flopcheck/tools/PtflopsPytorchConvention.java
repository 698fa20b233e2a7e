package org.flopcheck.tools;

import java.util.List;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.layers.Analysis;

/** What ptflops' pytorch backend reports, in versions 0.7.5 and 0.7.2.2. (Being modelled.) */
public final class PtflopsPytorchConvention implements Convention {
    public static final PtflopsPytorchConvention V0_7_5 = new PtflopsPytorchConvention("0.7.5");
    public static final PtflopsPytorchConvention V0_7_2_2 = new PtflopsPytorchConvention("0.7.2.2");

    private final String version;

    private PtflopsPytorchConvention(String version) {
        this.version = version;
    }

    @Override
    public String id() {
        return "ptflops-" + version + "-pytorch";
    }

    @Override
    public String title() {
        return "ptflops " + version + ", pytorch backend";
    }

    @Override
    public String description() {
        return "what ptflops " + version + " reports with backend='pytorch'";
    }

    @Override
    public List<Rule> rules() {
        return List.of();
    }

    @Override
    public Outcome outcome(Analysis analysis) {
        throw new UnsupportedOperationException(id() + " is not modelled yet");
    }
}
