package org.flopcheck.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One in-process run of the command line: its exit code and what it wrote. */
record CliRun(int exit, String out, String err) {

    static CliRun of(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Flopcheck.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** The lines written to stderr, without line terminators. */
    List<String> errLines() {
        return err.lines().toList();
    }

    /** True when stderr is exactly one line ending in a newline. */
    boolean errIsOneLine() {
        String e = err.replace("\r\n", "\n");
        return e.endsWith("\n") && e.indexOf('\n') == e.length() - 1 && !e.isBlank();
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stderr ---\n" + err + "--- stdout (first 400 chars) ---\n"
                + out.substring(0, Math.min(400, out.length()));
    }
}
