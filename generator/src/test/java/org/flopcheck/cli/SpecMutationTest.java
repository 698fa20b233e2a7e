package org.flopcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flopcheck.catalogue.Catalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of valid specs, each mutated a little (a key deleted, duplicated or misspelt, a value of the wrong type,
 * numbers replaced by 0, -1, huge or fractional values, strings near-missed, lists swapped, nested or unnested,
 * inputs removed or added, the text truncated or a character inserted or deleted), run through {@code flopcheck
 * count}. Whatever the mutation, the command ends with exit 0 and a report, or exit 2 and one line on stderr that
 * starts with the file's name: never exit 3, never an escaped exception, never a hang.
 *
 * <p>The seeds are the catalogue's models and every third golden case whose spec flopcheck counts. Every convention
 * is asked for, the tools' included: a tool convention meeting a mutated model must predict a count or a
 * failure, never throw.
 */
class SpecMutationTest {
    /** Override with -Dflopcheck.mutants=N and -Dflopcheck.mutationSeed=S to explore beyond the fixed run. */
    private static final int MUTANTS = Integer.getInteger("flopcheck.mutants", 4_000);
    private static final long SEED = Long.getLong("flopcheck.mutationSeed", 20_261_201L);
    private static final Duration PER_RUN = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> FORMATS = List.of("table", "json", "csv", "markdown");
    /** Keywords of the layer kinds, for adding an argument the object may or may not take. */
    private static final List<String> KEYWORDS = List.of("in_channels", "out_channels", "kernel_size", "stride",
            "padding", "dilation", "groups", "bias", "padding_mode", "output_padding", "in_features", "out_features",
            "num_features", "eps", "momentum", "affine", "track_running_stats", "normalized_shape",
            "elementwise_affine", "num_groups", "num_channels", "num_embeddings", "embedding_dim", "padding_idx",
            "max_norm", "input_size", "hidden_size", "num_layers", "batch_first", "dropout", "bidirectional",
            "proj_size", "nonlinearity", "embed_dim", "num_heads", "kdim", "vdim", "add_bias_kv", "add_zero_attn",
            "ceil_mode", "count_include_pad", "divisor_override", "return_indices", "output_size", "inplace",
            "negative_slope", "min_val", "max_val", "approximate", "dim", "size", "scale_factor", "mode",
            "align_corners", "p", "start_dim", "end_dim", "layers", "name", "type", "same_as", "inputs", "model");

    private static List<String> seeds;
    private static ExecutorService runner;

    @TempDir
    static Path dir;

    private final Map<String, Integer> exits = new TreeMap<>();
    private final Map<String, Integer> mutationsUsed = new TreeMap<>();
    private final List<String> slow = new ArrayList<>();

    @BeforeAll
    static void readSeeds() throws IOException {
        runner = newRunner();
        List<String> candidates = new ArrayList<>();
        for (String name : Catalogue.names()) {
            candidates.add(Catalogue.text(name).orElseThrow());
        }
        String base = "/org/flopcheck/golden/cases/";
        int k = 0;
        for (String file : resource(base + "index.txt").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            for (JsonNode c : JSON.readTree(resource(base + file)).get("cases")) {
                if (k++ % 3 != 0) {
                    continue;
                }
                ObjectNode spec = NODES.objectNode();
                spec.put("name", c.get("id").asText());
                spec.set("inputs", c.get("inputs"));
                spec.set("model", c.get("model"));
                candidates.add(spec.toPrettyString());
            }
        }
        seeds = new ArrayList<>();
        Path file = dir.resolve("seed.json");
        for (String text : candidates) {
            Files.writeString(file, text);
            if (count(file, "table", 3).exit() == 0) {
                seeds.add(text);
            }
        }
    }

    /** A daemon thread for the runs, so that a run that never ends cannot keep the test JVM alive. */
    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flopcheck-mutant");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        runner.shutdownNow();
    }

    private static String resource(String name) {
        try (InputStream in = SpecMutationTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CliRun count(Path file, String format, int depth) {
        return CliRun.of(List.of("count", file.toString(), "--format", format, "--depth", String.valueOf(depth)));
    }

    @Test
    void mutated_specs_end_in_a_report_or_one_line_of_bad_input_never_an_internal_error() {
        assertThat(seeds).as("seeds that count cleanly").hasSizeGreaterThan(100);
        Path file = dir.resolve("mutant.json");
        String prefix = "flopcheck: " + file + ": ";
        qt().withFixedSeed(SEED).withExamples(MUTANTS).withShrinkCycles(0).forAll(longs().all())
                .checkAssert(seed -> {
                    Random random = new Random(seed);
                    String base = seeds.get(random.nextInt(seeds.size()));
                    List<String> applied = new ArrayList<>();
                    String text = mutate(base, random, applied);
                    applied.forEach(m -> mutationsUsed.merge(m.substring(0, m.indexOf(':')), 1, Integer::sum));
                    String format = FORMATS.get(random.nextInt(FORMATS.size()));
                    int depth = random.nextInt(5);
                    long started = System.nanoTime();
                    CliRun run = runGuarded(file, text, format, depth, applied);
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (millis > 200) {
                        slow.add(millis + " ms: " + applied + " " + text.substring(0, Math.min(300, text.length()))
                                .replace('\n', ' '));
                    }
                    exits.merge(String.valueOf(run.exit()), 1, Integer::sum);
                    if (Boolean.getBoolean("flopcheck.printMessages")) {
                        System.out.println("message: " + applied + " => " + run.err().strip());
                    }
                    String context = "mutations " + applied + " gave:\n" + text + "\n" + run;
                    assertThat(run.exit()).as(context).isIn(0, 2);
                    if (run.exit() == 0) {
                        assertThat(run.out()).as(context).isNotBlank();
                        assertThat(run.err()).as(context).isEmpty();
                    } else {
                        assertThat(run.errIsOneLine()).as("one line on stderr: " + context).isTrue();
                        assertThat(run.err()).as(context).startsWith(prefix);
                    }
                });
        System.out.println("SpecMutationTest: " + seeds.size() + " seeds, " + MUTANTS + " mutants, exit codes "
                + exits + ", mutations " + mutationsUsed);
        slow.forEach(l -> System.out.println("slow: " + l));
        int ok = exits.getOrDefault("0", 0);
        int bad = exits.getOrDefault("2", 0);
        assertThat(ok + bad).isEqualTo(MUTANTS);
        // both outcomes must occur substantially, or the mutations test only one side
        assertThat(ok).as("mutants still valid").isGreaterThan(MUTANTS / 10);
        assertThat(bad).as("mutants refused").isGreaterThan(MUTANTS / 2);
    }

    private static CliRun runGuarded(Path file, String text, String format, int depth, List<String> applied) {
        Future<CliRun> f = runner.submit(() -> {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return count(file, format, depth);
        });
        try {
            return f.get(PER_RUN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            runner.shutdownNow();
            runner = newRunner();   // the hung run may never yield its thread; later runs get a new one
            return fail("no answer within " + PER_RUN + " for mutations " + applied + ":\n" + text);
        } catch (java.util.concurrent.ExecutionException e) {
            return fail("escaped exception " + e.getCause() + " for mutations " + applied + ":\n" + text, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    // ---------------------------------------------------------------------------------------------- mutations

    private static String mutate(String base, Random random, List<String> applied) {
        JsonNode tree;
        try {
            tree = JSON.readTree(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int treeMutations = 1 + (random.nextInt(4) == 0 ? 1 : 0);
        Duplicate duplicate = null;
        for (int i = 0; i < treeMutations; i++) {
            int kind = random.nextInt(16);   // 11 and 13-15: a small valid-looking number, which keeps many valid
            if (kind == 12) {
                duplicate = duplicate(tree, random);
                applied.add(duplicate == null ? "duplicate key: none" : "duplicate key: " + duplicate.key());
            } else {
                tree = treeMutation(kind, tree, random, applied);
            }
        }
        String text = write(tree, random.nextBoolean(), duplicate);
        if (random.nextInt(5) == 0) {
            text = textMutation(text, random, applied);
        }
        return text;
    }

    /** A place in the tree: the container, and the key or index of the node in it. */
    private record Slot(JsonNode parent, String key, int index, JsonNode node) {
        void replace(JsonNode with) {
            if (parent instanceof ObjectNode o) {
                o.set(key, with);
            } else {
                ((ArrayNode) parent).set(index, with);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(key);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(JsonNode node, List<Slot> into) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                into.add(new Slot(o, e.getKey(), -1, e.getValue()));
                collect(e.getValue(), into);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                into.add(new Slot(a, null, i, a.get(i)));
                collect(a.get(i), into);
            }
        }
    }

    private static <T> T pick(List<T> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }

    private static JsonNode treeMutation(int kind, JsonNode root, Random random, List<String> applied) {
        List<Slot> all = slots(root);
        List<Slot> fields = all.stream().filter(s -> s.key() != null && !s.key().equals("description")).toList();
        switch (kind) {
            case 0 -> {   // delete a key
                Slot s = pick(fields, random);
                s.remove();
                applied.add("delete key: " + s.key());
            }
            case 1 -> {   // a value of another type
                Slot s = pick(all, random);
                s.replace(otherType(s.node(), random));
                applied.add("change type: " + where(s));
            }
            case 2, 3 -> {   // numbers: 0, -1, huge, fractional, strings
                List<Slot> numbers = all.stream().filter(s -> s.node().isNumber()).toList();
                Slot s = pick(numbers.isEmpty() ? all : numbers, random);
                JsonNode v = oddNumber(random);
                s.replace(v);
                applied.add("odd number: " + where(s) + " -> " + v);
            }
            case 4 -> {   // a near miss of a string value (a type, a mode)
                List<Slot> strings = all.stream().filter(s -> s.node().isTextual()).toList();
                Slot s = pick(strings.isEmpty() ? all : strings, random);
                String near = nearMiss(s.node().asText(), random);
                s.replace(TextNode.valueOf(near));
                applied.add("near-miss string: " + where(s) + " -> " + near);
            }
            case 5 -> {   // a near miss of a key
                Slot s = pick(fields, random);
                String near = nearMiss(s.key(), random);
                ObjectNode o = (ObjectNode) s.parent();
                rename(o, s.key(), near);
                applied.add("near-miss key: " + s.key() + " -> " + near);
            }
            case 6 -> {   // swap two list elements
                List<Slot> lists = all.stream().filter(s -> s.node().isArray() && s.node().size() > 1).toList();
                if (lists.isEmpty()) {
                    applied.add("swap list elements: none");
                    break;
                }
                ArrayNode a = (ArrayNode) pick(lists, random).node();
                int i = random.nextInt(a.size());
                int j = random.nextInt(a.size());
                JsonNode x = a.get(i);
                a.set(i, a.get(j));
                a.set(j, x);
                applied.add("swap list elements: " + i + ", " + j);
            }
            case 7 -> {   // nest: v -> [v]
                Slot s = pick(all, random);
                s.replace(NODES.arrayNode().add(s.node().deepCopy()));
                applied.add("nest: " + where(s));
            }
            case 8 -> {   // unnest: [v, ...] -> v
                List<Slot> lists = all.stream().filter(s -> s.node().isArray()).toList();
                Slot s = pick(lists.isEmpty() ? all : lists, random);
                s.replace(s.node().isArray() && s.node().size() > 0 ? s.node().get(0).deepCopy()
                        : NullNode.getInstance());
                applied.add("unnest: " + where(s));
            }
            case 9 -> {   // remove or add an input
                JsonNode inputs = root.get("inputs");
                if (!(inputs instanceof ArrayNode a)) {
                    applied.add("inputs: none");
                    break;
                }
                int choice = random.nextInt(4);
                if (choice == 0 && a.size() > 0) {
                    a.remove(random.nextInt(a.size()));
                    applied.add("inputs: remove one");
                } else if (choice == 1 && a.size() > 0) {
                    a.add(a.get(random.nextInt(a.size())).deepCopy());
                    applied.add("inputs: repeat one");
                } else if (choice == 2) {
                    a.add(NODES.objectNode().put("same_as", random.nextInt(a.size() + 2) - 1));
                    applied.add("inputs: add " + a.get(a.size() - 1));
                } else {
                    ArrayNode shape = NODES.arrayNode();
                    int rank = random.nextInt(5);
                    for (int d = 0; d < rank; d++) {
                        shape.add(1 + random.nextInt(8));
                    }
                    a.insert(random.nextInt(a.size() + 1), shape);
                    applied.add("inputs: insert " + shape);
                }
            }
            case 10 -> {   // add a keyword the object may or may not take
                List<Slot> objects = all.stream().filter(s -> s.node().isObject()).toList();
                ObjectNode o = (ObjectNode) (objects.isEmpty() ? root : pick(objects, random).node());
                if (!(o instanceof ObjectNode)) {
                    applied.add("add key: none");
                    break;
                }
                String key = pick(KEYWORDS, random);
                JsonNode v = switch (random.nextInt(4)) {
                    case 0 -> BooleanNode.valueOf(random.nextBoolean());
                    case 1 -> LongNode.valueOf(random.nextInt(5));
                    case 2 -> NODES.arrayNode().add(1 + random.nextInt(3)).add(1 + random.nextInt(3));
                    default -> NullNode.getInstance();
                };
                o.set(key, v);
                applied.add("add key: " + key + "=" + v);
            }
            default -> {   // a small valid-looking number elsewhere: mostly still a model, sometimes not
                List<Slot> numbers = all.stream().filter(s -> s.node().isIntegralNumber()).toList();
                if (numbers.isEmpty()) {
                    applied.add("small number: none");
                    break;
                }
                Slot s = pick(numbers, random);
                long v = 1 + random.nextInt(8);
                s.replace(LongNode.valueOf(v));
                applied.add("small number: " + where(s) + " -> " + v);
            }
        }
        return root;
    }

    private static String where(Slot s) {
        return s.key() != null ? s.key() : "[" + s.index() + "]";
    }

    private static void rename(ObjectNode o, String from, String to) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        o.fields().forEachRemaining(entries::add);
        o.removeAll();
        for (Map.Entry<String, JsonNode> e : entries) {
            o.set(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
        }
    }

    private static JsonNode otherType(JsonNode was, Random random) {
        for (;;) {
            JsonNode v = switch (random.nextInt(7)) {
                case 0 -> TextNode.valueOf(was.isValueNode() ? was.asText() : "3");
                case 1 -> LongNode.valueOf(random.nextInt(4));
                case 2 -> DoubleNode.valueOf(random.nextInt(4) + 0.5);
                case 3 -> BooleanNode.valueOf(random.nextBoolean());
                case 4 -> NullNode.getInstance();
                case 5 -> NODES.arrayNode();
                default -> NODES.objectNode();
            };
            if (v.getNodeType() != was.getNodeType()) {
                return v;
            }
        }
    }

    private static JsonNode oddNumber(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> LongNode.valueOf(0);
            case 1 -> LongNode.valueOf(-1);
            case 2 -> LongNode.valueOf(Long.MAX_VALUE);
            case 3 -> LongNode.valueOf(Long.MIN_VALUE);
            case 4 -> LongNode.valueOf(1L << 31);
            case 5 -> LongNode.valueOf(1L << 40);
            case 6 -> LongNode.valueOf(3_037_000_500L);   // just above √(2^63)
            case 7 -> BigIntegerNode.valueOf(new BigInteger("99999999999999999999"));
            case 8 -> DoubleNode.valueOf(1.5);
            case 9 -> DoubleNode.valueOf(1e308);
            case 10 -> DoubleNode.valueOf(Double.NaN);
            case 11 -> DoubleNode.valueOf(-0.0);
            case 12 -> TextNode.valueOf("3");
            default -> LongNode.valueOf(-1 - random.nextInt(1000));
        };
    }

    private static String nearMiss(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int op = random.nextInt(b.length() < 2 ? 2 : 5);
        int at = b.length() == 0 ? 0 : random.nextInt(b.length());
        switch (op) {
            case 0 -> b.insert(at, (char) ('a' + random.nextInt(26)));
            case 1 -> {
                if (b.length() > 0) {
                    b.deleteCharAt(at);
                }
            }
            case 2 -> {
                int j = Math.min(at + 1, b.length() - 1);
                char c = b.charAt(at);
                b.setCharAt(at, b.charAt(j));
                b.setCharAt(j, c);
            }
            case 3 -> b.setCharAt(at, Character.isUpperCase(b.charAt(at)) ? Character.toLowerCase(b.charAt(at))
                    : Character.toUpperCase(b.charAt(at)));
            default -> b.setCharAt(at, (char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static String textMutation(String text, Random random, List<String> applied) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        return switch (random.nextInt(3)) {
            case 0 -> {
                applied.add("truncate text: at " + at);
                yield text.substring(0, at);
            }
            case 1 -> {
                String chars = "{}[]\",:0-9.eE \n\\/ xnulltrue\u00e9\u0000";
                char c = chars.charAt(random.nextInt(chars.length()));
                applied.add("insert character: " + (int) c + " at " + at);
                yield text.substring(0, at) + c + text.substring(at);
            }
            default -> {
                applied.add("delete character: at " + at);
                yield text.isEmpty() ? text : text.substring(0, at) + text.substring(at + 1);
            }
        };
    }

    /** An object and one of its keys to write twice, the second time with a possibly different value. */
    private record Duplicate(ObjectNode object, String key, JsonNode second) {
    }

    private static Duplicate duplicate(JsonNode root, Random random) {
        List<Slot> fields = slots(root).stream().filter(s -> s.key() != null).toList();
        if (fields.isEmpty()) {
            return null;
        }
        Slot s = pick(fields, random);
        JsonNode second = random.nextBoolean() ? s.node() : otherType(s.node(), random);
        return new Duplicate((ObjectNode) s.parent(), s.key(), second);
    }

    /** JSON text of the tree, compact or one field per line, with one key written twice when asked. */
    private static String write(JsonNode node, boolean pretty, Duplicate duplicate) {
        StringBuilder b = new StringBuilder();
        write(node, pretty, duplicate, b, "");
        return b.append('\n').toString();
    }

    private static void write(JsonNode node, boolean pretty, Duplicate duplicate, StringBuilder b, String indent) {
        String inner = indent + "  ";
        if (node instanceof ObjectNode o) {
            b.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<JsonNode> values = new ArrayList<>(List.of(e.getValue()));
                if (duplicate != null && duplicate.object() == o && duplicate.key().equals(e.getKey())) {
                    values.add(duplicate.second());
                }
                for (JsonNode v : values) {
                    b.append(first ? "" : ",").append(pretty ? "\n" + inner : first ? "" : " ");
                    first = false;
                    b.append(TextNode.valueOf(e.getKey())).append(": ");
                    write(v, pretty, duplicate, b, inner);
                }
            }
            b.append(pretty && !first ? "\n" + indent : "").append('}');
        } else if (node instanceof ArrayNode a) {
            b.append('[');
            for (int i = 0; i < a.size(); i++) {
                b.append(i == 0 ? "" : ", ");
                write(a.get(i), pretty, duplicate, b, inner);
            }
            b.append(']');
        } else {
            b.append(node);
        }
    }
}
