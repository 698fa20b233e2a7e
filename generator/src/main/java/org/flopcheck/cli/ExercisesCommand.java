package org.flopcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.flopcheck.site.SiteBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "exercises", mixinStandardHelpOptions = true,
        description = {"Write a printable problem set (given a layer and an input: output shape, parameters, MACs,"
                + " exact operations) and its answer key with the derivations. The same seed gives the same"
                + " problems."},
        footer = {"", "Example:", "  flopcheck exercises --seed 7 --count 10 --out week3"})
final class ExercisesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "S", required = true, description = "the problem set's seed")
    long seed;

    @Option(names = "--count", paramLabel = "K", defaultValue = "10", description = "how many problems (default 10)")
    int count;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "exercises",
            description = "where to write exercises.html, answers.html and site.css (default: ./exercises)")
    Path out;

    @Override
    public Integer call() {
        if (count < 1 || count > 500) {
            throw new BadInputException("--count must be between 1 and 500, got " + count);
        }
        List<Path> written = SiteBuilder.writeExercises(out, seed, count);
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + count + " problems (seed " + seed + "): " + written.get(0) + ", answer key "
                + written.get(1));
        w.flush();
        return 0;
    }
}
