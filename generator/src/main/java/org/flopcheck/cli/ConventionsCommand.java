package org.flopcheck.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Rule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "conventions", mixinStandardHelpOptions = true,
        description = "List every convention with its rules and where each rule comes from.")
final class ConventionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Convention c : Conventions.all()) {
            out.println(c.id() + "  " + c.title());
            out.println("  " + c.description());
            for (Rule r : c.rules()) {
                out.println("  - " + r.id() + ": " + r.statement());
                out.println("      source: " + r.source());
            }
            out.println();
        }
        out.flush();
        return 0;
    }
}
