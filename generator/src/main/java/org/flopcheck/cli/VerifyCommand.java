package org.flopcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flopcheck.golden.GoldenCorpus;
import org.flopcheck.golden.GoldenFileException;
import org.flopcheck.golden.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-check a golden corpus against the tool conventions: every recorded MACs, params and"
                + " failure must be predicted exactly. Prints each mismatch, then 'N passed, M failed'; exits 1 on"
                + " any mismatch. Run it after upgrading a tool and capturing a new corpus."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1",
            description = "a directory of golden files (default: the corpus shipped in this jar)")
    Path directory;

    @Option(names = {"-v", "--verbose"}, description = "show each mismatch's prediction, rules and derivation")
    boolean verbose;

    @Override
    public Integer call() {
        GoldenCorpus corpus;
        try {
            if (directory == null) {
                corpus = GoldenCorpus.shipped();
            } else if (!Files.isDirectory(directory)) {
                throw new BadInputException(directory + ": not a directory of golden files");
            } else {
                corpus = GoldenCorpus.load(directory);
            }
        } catch (GoldenFileException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        long[] tally = new long[2];
        Verifier.verify(corpus).forEach(check -> {
            if (check.passed()) {
                tally[0]++;
            } else {
                tally[1]++;
                out.println("MISMATCH " + check.label());
                if (verbose) {
                    check.detail().lines().forEach(l -> out.println("    " + l));
                }
            }
        });
        out.println(tally[0] + " passed, " + tally[1] + " failed");
        out.flush();
        return tally[1] == 0 ? 0 : 1;
    }
}
