package org.flopcheck.tools;

import java.util.List;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.layers.Analysis;

/** What thop 0.1.1 reports. (Being modelled; see the golden corpus.) */
public final class ThopConvention implements Convention {
    public static final ThopConvention INSTANCE = new ThopConvention();

    private ThopConvention() {
    }

    @Override
    public String id() {
        return "thop-0.1.1";
    }

    @Override
    public String title() {
        return "thop 0.1.1";
    }

    @Override
    public String description() {
        return "what thop 0.1.1 reports";
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
