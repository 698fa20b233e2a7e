package org.flopcheck.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "count", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Count a model from a spec file or the catalogue: per-layer rows (name, type, input and"
                + " output shapes, parameters, and each chosen convention) and totals, without running anything."},
        footer = {"", "Examples:", "  flopcheck count kws", "  flopcheck count my-net.json --convention macs,thop-0.1.1",
                "  flopcheck count resnet50 --format json --depth 2"})
final class CountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC|NAME", description = "a spec file (JSON) or a catalogue model name")
    String model;

    @Option(names = {"-c", "--convention"}, split = ",", paramLabel = "ID",
            description = "conventions to show (repeatable or comma-separated; default: all of them)")
    List<String> conventions;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json, csv or markdown")
    String format;

    @Option(names = {"-d", "--depth"}, paramLabel = "N", defaultValue = "3",
            description = "deepest row shown, the model being depth 0 (default: ${DEFAULT-VALUE})")
    int depth;

    @Override
    public Integer call() {
        Formats f = parseFormat(format);
        if (depth < 0) {
            throw new BadInputException("--depth must not be negative, got " + depth);
        }
        List<org.flopcheck.convention.Convention> chosen = ConventionIds.resolve(conventions);
        LoadedSpec loaded = LoadedSpec.load(model);
        Report report = loaded.guard(() -> Report.of(loaded, chosen, depth));
        PrintWriter out = spec.commandLine().getOut();
        f.write(report, out);
        out.flush();
        return 0;
    }

    static Formats parseFormat(String format) {
        try {
            return Formats.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown format '" + format + "' (allowed: table, json, csv, markdown)");
        }
    }
}
