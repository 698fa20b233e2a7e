package org.flopcheck.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Discrepancy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Explain why two conventions disagree on a model: the gap as named terms, layer by layer,"
                + " each with the rule and the tool source it comes from; the terms sum exactly to the gap."},
        footer = {"", "Example:", "  flopcheck compare kws --conventions thop-0.1.1,torchinfo-1.8.0"})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC|NAME", description = "a spec file (JSON) or a catalogue model name")
    String model;

    @Option(names = "--conventions", split = ",", paramLabel = "A,B", required = true,
            description = "the two conventions to compare, first minus second")
    List<String> conventions;

    @Override
    public Integer call() {
        List<Convention> pair = ConventionIds.resolve(conventions);
        if (conventions.size() != 2 || pair.size() != 2) {
            throw new BadInputException("--conventions takes exactly two different convention ids, got "
                    + String.join(",", conventions));
        }
        LoadedSpec loaded = LoadedSpec.load(model);
        PrintWriter out = spec.commandLine().getOut();
        out.print(loaded.guard(() -> Discrepancy.explain(loaded.analysis(), pair.get(0), pair.get(1)).plain()));
        out.flush();
        return 0;
    }
}
