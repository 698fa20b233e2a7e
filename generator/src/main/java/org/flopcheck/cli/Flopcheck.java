package org.flopcheck.cli;

import java.io.PrintWriter;
import org.flopcheck.FlopcheckException;
import org.flopcheck.golden.GoldenFileException;
import org.flopcheck.spec.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;

/**
 * The {@code flopcheck} command. Errors never escape as stack traces: a mistake in the input is one line on
 * stderr and exit code 2; {@code --debug} adds the stack trace.
 */
@Command(name = "flopcheck", mixinStandardHelpOptions = true, version = "flopcheck 0.1.0",
        description = {"Exact parameter, MAC, FLOP and scalar-operation counts for neural-network models, under"
                + " every convention: exact, macs, flops, and what torchinfo 1.8.0, thop 0.1.1 and ptflops 0.7.5/0.7.2.2"
                + " would report."},
        subcommands = {CountCommand.class, CompareCommand.class, VerifyCommand.class, ConventionsCommand.class,
                SiteCommand.class, ExercisesCommand.class,
                HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:verify found a mismatch", "2:bad input: the message names the file, the"
                + " place (JSON path) and what is allowed", "3:internal error (a bug; --debug shows details)"})
public final class Flopcheck {
    static final int BAD_INPUT = 2;
    static final int INTERNAL = 3;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "print stack traces of errors")
    boolean debug;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with these streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Flopcheck root = new Flopcheck();
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> INTERNAL);
        cli.setParameterExceptionHandler((ex, argv) -> {
            // one line: what was wrong, the closest known option or command for a typo, and where help is
            CommandLine at = ex.getCommandLine();
            String command = at.getCommandSpec().qualifiedName(" ");
            err.println("flopcheck: " + oneLine(firstLine(ex.getMessage())) + hint(ex) + " (see '" + command + " --help')");
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean debug = root.debug || java.util.Arrays.asList(args).contains("--debug");
            int code;
            if (ex instanceof BadInputException || ex instanceof FlopcheckException
                    || ex instanceof GoldenFileException) {
                err.println("flopcheck: " + oneLine(ex.getMessage()));
                code = BAD_INPUT;
            } else {
                err.println("flopcheck: internal error: " + oneLine(String.valueOf(ex)) + (debug ? "" : " (run with --debug for details)"));
                code = INTERNAL;
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        try {
            return cli.execute(args);
        } catch (Throwable unexpected) {   // an Error escapes picocli's handlers; it still gets one line
            err.println("flopcheck: internal error: " + unexpected + " (run with --debug for details)");
            if (java.util.Arrays.asList(args).contains("--debug")) {
                unexpected.printStackTrace(err);
            }
            err.flush();
            return INTERNAL;
        }
    }

    /**
     * The message on one line: a control character a spec or argument brought in (a newline inside a key) is shown
     * escaped, as {@code \n} or {@code \u0007}, instead of breaking the line.
     */
    static String oneLine(String message) {
        StringBuilder b = new StringBuilder();
        for (char c : String.valueOf(message).toCharArray()) {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String firstLine(String message) {
        String m = message == null ? "invalid command line" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** {@code ; did you mean '--depth'?} for a misspelt option or command, or the empty string. */
    private static String hint(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return "";
        }
        String typo = u.getUnmatched().get(0);
        if (typo.length() <= 2) {
            return "";   // '-x' is as close to '-c' as to '-d': no hint
        }
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        java.util.List<String> known = new java.util.ArrayList<>();
        if (typo.startsWith("-")) {
            typo = typo.replaceFirst("=.*", "");
            spec.options().forEach(o -> known.addAll(java.util.List.of(o.names())));
        } else {
            known.addAll(spec.subcommands().keySet());
        }
        return Suggestions.hint(typo, known);
    }
}
