package org.flopcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus ({@code bad-inputs.txt} beside this class's package in the test resources): each entry is a
 * spec file or a command line the user could plausibly get wrong, with what the one-line message must say. Every
 * entry must end with exit code 2 and exactly one line on stderr, starting with {@code flopcheck: <file>: } for a
 * spec file; the line names the JSON path (with the line and column the entry marks with {@code ‸}), and each phrase
 * the entry lists, such as the allowed values or the suggested name.
 */
class BadInputCorpusTest {
    static final String CORPUS = "/org/flopcheck/cli/bad-inputs.txt";
    /** Marks in an entry's spec where the message must point; removed before the file is written. */
    static final char MARK = '‸';
    static final String DEFAULT_ARGS = "count {spec} --convention exact,macs,flops";

    @TempDir
    Path dir;

    /** One corpus entry. */
    record Entry(String title, int line, String args, String spec, byte[] bytes, String at, List<String> says,
                 List<String> suggests) {
        String family() {
            return title.substring(1, title.indexOf('/'));
        }

        String kind() {
            return title.substring(title.indexOf('/') + 1, title.indexOf(']'));
        }

        boolean hasFile() {
            return spec != null || bytes != null;
        }
    }

    static List<Entry> entries() {
        String text;
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream(CORPUS)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> out = new ArrayList<>();
        List<String> lines = text.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String l = lines.get(i);
            if (!l.startsWith("=== ")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    throw new IllegalStateException(CORPUS + " line " + (i + 1) + ": outside an entry: " + l);
                }
                i++;
                continue;
            }
            String title = l.substring(4).strip();
            int start = i + 1;
            i++;
            String args = DEFAULT_ARGS;
            String spec = null;
            byte[] bytes = null;
            String at = null;
            List<String> says = new ArrayList<>();
            List<String> suggests = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).startsWith("=== ")) {
                String d = lines.get(i);
                if (d.equals("spec:")) {
                    StringBuilder b = new StringBuilder();
                    i++;
                    boolean first = true;
                    while (i < lines.size() && !isDirective(lines.get(i))) {
                        b.append(first ? "" : "\n").append(lines.get(i));
                        first = false;
                        i++;
                    }
                    spec = b.toString();
                    continue;
                }
                if (d.startsWith("args:")) {
                    args = d.substring(5).strip();
                } else if (d.startsWith("bytes:")) {
                    bytes = HexFormat.ofDelimiter(" ").parseHex(d.substring(6).strip());
                } else if (d.startsWith("at:")) {
                    at = d.substring(3).strip();
                } else if (d.startsWith("says:")) {
                    says.add(d.substring(5).strip());
                } else if (d.startsWith("suggests:")) {
                    suggests.add(d.substring(9).strip());
                } else if (!d.isBlank() && !d.startsWith("#")) {
                    throw new IllegalStateException(CORPUS + " line " + (i + 1) + ": unknown directive: " + d);
                }
                i++;
            }
            if (!title.matches("\\[[a-z-]+/[a-z-]+\\] .+")) {
                throw new IllegalStateException(CORPUS + " line " + start + ": a title is '[family/kind] what'");
            }
            if (says.isEmpty() && suggests.isEmpty()) {
                throw new IllegalStateException(CORPUS + " line " + start + ": an entry must say what it expects");
            }
            out.add(new Entry(title, start, args, spec, bytes, at, List.copyOf(says), List.copyOf(suggests)));
        }
        return out;
    }

    private static boolean isDirective(String line) {
        return line.startsWith("=== ") || line.startsWith("args:") || line.startsWith("at:")
                || line.startsWith("says:") || line.startsWith("suggests:") || line.startsWith("bytes:");
    }

    @TestFactory
    Stream<DynamicTest> every_bad_input_is_one_line_naming_the_place_and_what_is_allowed() {
        return entries().stream().map(e -> DynamicTest.dynamicTest(e.title(), () -> check(e)));
    }

    private void check(Entry e) throws IOException {
        Path file = dir.resolve("spec.json");
        String expectedAt = e.at();
        if (e.spec() != null) {
            int mark = e.spec().indexOf(MARK);
            String text = e.spec().replace(String.valueOf(MARK), "");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (mark >= 0) {
                assertThat(e.at()).as("an entry with %s names the path with at:", MARK).isNotNull();
                expectedAt = e.at() + " (" + lineAndColumn(e.spec(), mark) + ")";
            }
        } else if (e.bytes() != null) {
            Files.write(file, e.bytes());
        }
        Path sub = Files.createDirectories(dir.resolve("a-directory"));
        List<String> args = split(e.args().replace("{spec}", file.toString()).replace("{dir}", sub.toString())
                .replace("{missing}", dir.resolve("no-such-file.json").toString()));
        // a size the program would enumerate for hours must be refused, not waited for
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CliRun.of(args), () -> "no answer"
                + " within 10 s: corpus line " + e.line() + ", " + args);
        String context = "corpus line " + e.line() + ", " + args + "\n" + run;
        assertThat(run.exit()).as(context).isEqualTo(2);
        assertThat(run.errIsOneLine()).as("exactly one line on stderr: " + context).isTrue();
        assertThat(run.out()).as(context).isEmpty();
        String message = run.err().strip();
        boolean fileArgument = e.hasFile() && e.args().contains("{spec}");
        assertThat(message).as(context).startsWith(fileArgument ? "flopcheck: " + file + ": " : "flopcheck: ");
        if (expectedAt != null) {
            // the path with its position, or (when the entry marks none) the path followed by a position
            assertThat(message).as(context).contains(expectedAt.contains("(line") ? expectedAt + ": "
                    : expectedAt + " (line ");
        }
        for (String phrase : e.says()) {
            assertThat(message).as(context).contains(phrase);
        }
        for (String name : e.suggests()) {
            assertThat(message).as(context).contains("did you mean '" + name + "'?");
        }
    }

    /** Splits a command line at blanks; '...' groups words and '' is an empty argument. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ' && !quoted) {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
            }
        }
        if (word != null) {
            out.add(word.toString());
        }
        return out;
    }

    static String lineAndColumn(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (index - lineStart + 1);
    }

    @Test
    void debug_adds_the_stack_trace_after_the_same_one_line_message() throws IOException {
        Path file = dir.resolve("groups.json");
        Files.writeString(file, "{\"inputs\": [[1, 3, 8, 8]], \"model\": {\"type\": \"Conv2d\", \"in_channels\": 3,"
                + " \"out_channels\": 4, \"kernel_size\": 3, \"groups\": 2}}");
        CliRun plain = CliRun.of(List.of("count", file.toString(), "-c", "exact"));
        CliRun debug = CliRun.of(List.of("count", file.toString(), "-c", "exact", "--debug"));
        assertThat(plain.exit()).isEqualTo(2);
        assertThat(debug.exit()).isEqualTo(2);
        assertThat(debug.errLines().get(0)).isEqualTo(plain.errLines().get(0))
                .contains("$.model.groups (line 1, column 121): Conv2d: in_channels (3) must be divisible by groups (2)");
        assertThat(debug.errLines()).hasSizeGreaterThan(3);
        assertThat(debug.errLines().get(2)).startsWith("\tat ");
    }

    @Test
    void the_corpus_covers_every_family_and_kind_of_mistake() {
        List<Entry> all = entries();
        Map<String, Integer> families = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        all.forEach(e -> {
            families.merge(e.family(), 1, Integer::sum);
            kinds.merge(e.kind(), 1, Integer::sum);
        });
        System.out.println("bad-input corpus: " + all.size() + " entries; by family " + families + "; by kind "
                + kinds);
        assertThat(all).hasSizeGreaterThanOrEqualTo(110);
        assertThat(all.stream().map(Entry::title).distinct().count()).as("titles are unique").isEqualTo(all.size());
        assertThat(families.keySet()).contains("json", "spec", "inputs", "conv", "convtranspose", "linear", "norm",
                "embedding", "recurrent", "attention", "pooling", "activation", "upsample", "flatten", "sequential",
                "cli");
        // each layer family has an unknown argument, a missing one, a wrong type and an impossible configuration
        for (String family : List.of("conv", "convtranspose", "linear", "norm", "embedding", "recurrent",
                "attention", "pooling", "activation", "upsample", "flatten", "sequential")) {
            List<String> present = all.stream().filter(e -> e.family().equals(family)).map(Entry::kind).toList();
            assertThat(present).as(family).contains("unknown-type", "unknown-argument", "wrong-type",
                    "impossible");
            if (!List.of("activation", "flatten").contains(family)) {
                assertThat(present).as(family).contains("missing");
            }
        }
    }
}
