package org.flopcheck.tools;

import java.util.List;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.layers.Analysis;

/** What ptflops 0.7.5, aten backend reports. (Being modelled; see the golden corpus.) */
public final class PtflopsAtenConvention implements Convention {
    public static final PtflopsAtenConvention INSTANCE = new PtflopsAtenConvention();

    private PtflopsAtenConvention() {
    }

    @Override
    public String id() {
        return "ptflops-0.7.5-aten";
    }

    @Override
    public String title() {
        return "ptflops 0.7.5, aten backend";
    }

    @Override
    public String description() {
        return "what ptflops 0.7.5, aten backend reports";
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
