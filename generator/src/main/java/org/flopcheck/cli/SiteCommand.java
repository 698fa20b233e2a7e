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

@Command(name = "site", mixinStandardHelpOptions = true,
        description = {"Write the teaching site: a page per layer kind with its formulas and worked examples, the"
                + " keyword-spotting example in full, common mistakes, a discrepancy page per catalogue model, and"
                + " exercises with an answer key. Static files that work opened from the file system."},
        footer = {"", "Example:", "  flopcheck site --out site/target/site   (then open site/target/site/index.html)"})
final class SiteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder to write the site into")
    Path out;

    @Override
    public Integer call() {
        List<Path> written = SiteBuilder.shipped().write(out);
        PrintWriter w = spec.commandLine().getOut();
        Path dir = out.toAbsolutePath().normalize();
        w.println("wrote " + written.size() + " files to " + dir + "; open " + dir.resolve("index.html"));
        w.flush();
        return 0;
    }
}
