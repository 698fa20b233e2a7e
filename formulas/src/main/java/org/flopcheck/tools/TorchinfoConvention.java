package org.flopcheck.tools;

import java.util.List;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.layers.Analysis;

/** What torchinfo 1.8.0 reports. (Being modelled; see the golden corpus.) */
public final class TorchinfoConvention implements Convention {
    public static final TorchinfoConvention INSTANCE = new TorchinfoConvention();

    private TorchinfoConvention() {
    }

    @Override
    public String id() {
        return "torchinfo-1.8.0";
    }

    @Override
    public String title() {
        return "torchinfo 1.8.0";
    }

    @Override
    public String description() {
        return "what torchinfo 1.8.0 reports";
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
