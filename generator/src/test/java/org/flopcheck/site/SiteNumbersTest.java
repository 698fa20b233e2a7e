package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flopcheck.catalogue.Catalogue;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Discrepancy;
import org.flopcheck.convention.Outcome;
import org.flopcheck.derivation.Step;
import org.flopcheck.golden.GoldenCase;
import org.flopcheck.golden.GoldenCorpus;
import org.flopcheck.golden.Reading;
import org.flopcheck.golden.Verifier;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.ModelSpec;
import org.flopcheck.spec.SpecReader;
import org.flopcheck.terms.Parameter;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Test;

/**
 * Every number on every page equals the formula object's value or the golden corpus's record: each
 * {@code <data data-q=KEY>} is resolved again here, through the library and the corpus, and compared; each
 * shape likewise; and no number stands in the pages' own text outside those elements (derivation text, quoted
 * figures, code and tool output are marked and skipped).
 */
class SiteNumbersTest {
    private static final GoldenCorpus CORPUS = GoldenCorpus.shipped();
    private static final SiteDefinition DEF = SiteDefinition.load();
    private static final Map<String, Analysis> SUBJECTS = new HashMap<>();
    private static final Map<String, Discrepancy> GAPS = new HashMap<>();
    private static final Map<String, Outcome> OUTCOMES = new HashMap<>();
    private static final Pattern STRAY = Pattern.compile("\\d{3,}|\\d,\\d{3}");

    @Test
    void every_number_and_shape_on_every_page_resolves_to_its_source() throws IOException {
        List<String> wrong = new ArrayList<>();
        int numbers = 0;
        for (Path page : BuiltSite.pages()) {
            Document d = Jsoup.parse(page.toFile(), "UTF-8");
            for (Element e : d.select("data[data-q]")) {
                numbers++;
                long shown = Long.parseLong(e.text().replace(",", "").replace("−", "-").replace("+", ""));
                long value = Long.parseLong(e.attr("value"));
                long source = resolve(e.attr("data-q"));
                if (shown != value || value != source) {
                    wrong.add(BuiltSite.relative(page) + ": " + e.attr("data-q") + " shows " + e.text() + ", value "
                            + value + ", source " + source);
                }
            }
            for (Element e : d.select("code.shape[data-q]")) {
                String source = shape(e.attr("data-q"));
                if (!e.text().equals(source)) {
                    wrong.add(BuiltSite.relative(page) + ": " + e.attr("data-q") + " shows " + e.text() + ", source "
                            + source);
                }
            }
        }
        assertThat(wrong).as("numbers that differ from their source").isEmpty();
        assertThat(numbers).isGreaterThan(5000);
    }

    @Test
    void no_number_is_typed_into_a_page_outside_the_marked_elements() throws IOException {
        List<String> stray = new ArrayList<>();
        for (Path page : BuiltSite.pages()) {
            Document d = Jsoup.parse(page.toFile(), "UTF-8");
            for (Element e : d.body().getAllElements()) {
                for (Node child : e.childNodes()) {
                    if (child instanceof TextNode t && STRAY.matcher(t.text()).find() && !exempt(e)) {
                        stray.add(BuiltSite.relative(page) + ": <" + e.tagName() + "> " + t.text().strip());
                    }
                }
            }
        }
        assertThat(stray).as("numbers in the pages' own text").isEmpty();
    }

    @Test
    void quoted_figures_are_marked_as_quotations() throws IOException {
        Document d = Jsoup.parse(BuiltSite.root().resolve("kws.html").toFile(), "UTF-8");
        List<String> quotes = d.select("q.quotation").eachText();
        assertThat(quotes).containsExactly(DEF.kws().published().input(), DEF.kws().published().convolution(),
                DEF.kws().published().total());
    }

    private static boolean exempt(Element e) {
        for (Element x = e; x != null; x = x.parent()) {
            if (x.is("data, math, code, pre, samp, q, title") || x.hasClass("derived") || x.hasClass("ordinal")
                    || x.hasClass("calls") || x.hasClass("quotation")) {
                return true;
            }
        }
        return false;
    }

    // ---- the resolver: each key's source, found again through the library and the corpus ----

    static long resolve(String key) {
        String[] k = key.split("\\|", -1);
        String subject = k[1];
        switch (k[0]) {
            case "golden" -> {
                Reading r = reading(subject, k[2], k[3]);
                return k[4].equals("macs") ? r.macs().getAsLong() : r.params().getAsLong();
            }
            case "value" -> {
                Analysis a = at(subject, k[2]);
                return a.values().asMap().entrySet().stream().filter(x -> x.getKey().name().equals(k[3]))
                        .findFirst().orElseThrow().getValue();
            }
            case "step" -> {
                Step s = at(subject, k[2]).derivation().steps().get(Integer.parseInt(k[3]));
                return s.value();
            }
            case "tensor" -> {
                return parameter(at(subject, k[2]), k[3]).value();
            }
            case "params" -> {
                return at(subject, k[2]).params().total();
            }
            case "total" -> {
                return ((Outcome.Counted) OUTCOMES.computeIfAbsent(subject + "|" + k[2], x -> Conventions.byId(k[2])
                        .orElseThrow().outcome(analysis(subject)))).count().total();
            }
            case "term" -> {
                return at(subject, k[2]).terms().stream().filter(t -> t.name().equals(k[3])).findFirst()
                        .orElseThrow().value();
            }
            case "numel" -> {
                return at(subject, k[2]).output().numel();
            }
            case "dim" -> {
                Analysis a = subject.endsWith(":other") ? other(subject) : analysis(subject);
                return at(a, k[2]).output().dim(Integer.parseInt(k[4]));
            }
            case "gap", "gapline" -> {
                if (subject.startsWith("model:")) {
                    return discrepancy(subject, k[2]).gap().orElseThrow();
                }
                Discrepancy d = GAPS.computeIfAbsent(String.join("|", k[1], k[2], k[3], k[4]), x -> Discrepancy
                        .explain(Verifier.analysis(golden(subject), reading(subject, k[2], k[3])), tool(k[2]),
                                Conventions.byId(k[4]).orElseThrow()));
                return k[0].equals("gap") ? d.gap().orElseThrow() : d.lines().get(Integer.parseInt(k[5])).delta();
            }
            case "gapgroup" -> {
                Discrepancy d = discrepancy(subject, k[2]);
                Map<String, Long> groups = new java.util.LinkedHashMap<>();
                d.lines().forEach(l -> groups.merge(l.layer() + "/" + l.name(), l.delta(), Long::sum));
                return new ArrayList<>(groups.values()).get(Integer.parseInt(k[3]));
            }
            case "layer" -> {
                Outcome o = OUTCOMES.computeIfAbsent(subject + "|" + k[3], x -> Conventions.byId(k[3])
                        .orElseThrow().outcome(analysis(subject)));
                long sum = 0;
                for (Contribution c : ((Outcome.Counted) o).count().contributions()) {
                    if (k[2].isEmpty() || c.path().equals(k[2]) || c.path().startsWith(k[2] + ".")) {
                        sum += c.value();
                    }
                }
                return sum;
            }
            case "kws" -> {
                return kws(subject, k[2]);
            }
            case "mistake" -> {
                return mistake(k[1], k[2]);
            }
            default -> throw new IllegalArgumentException("unknown key kind in " + key);
        }
    }

    static String shape(String key) {
        String[] k = key.split("\\|", -1);
        if (k[0].equals("tensorshape")) {
            return parameter(at(k[1], k[2]), k[3]).shape().toString();
        }
        Analysis a = at(k[1], k[2]);
        return k[3].equals("out") ? a.output().toString() : a.inputs().get(Integer.parseInt(k[4])).toString();
    }

    /** The keyword-spotting figures, by hand from the analysis' own values. */
    static long kws(String subject, String what) {
        Analysis conv = at(subject, "0");
        Analysis norm = at(subject, "1");
        Map<String, Long> v = new HashMap<>();
        conv.values().asMap().forEach((s, x) -> v.put(s.name(), x));
        long perOutput = v.get("C_in") / v.get("g") * v.get("K_h") * v.get("K_w");
        long swappedHeight = (v.get("H_in") + 2 * v.get("p_h") - v.get("d_h") * (v.get("K_w") - 1) - 1) / v.get("s_h") + 1;
        long elements = norm.output().numel();
        return switch (what) {
            case "swapped-height" -> swappedHeight;
            case "swapped-product" -> v.get("C_out") * swappedHeight * v.get("W_out") * perOutput;
            case "norm-two-per-element" -> 2 * elements;
            case "total-as-published" -> conv.output().numel() * perOutput + 2 * elements;
            default -> throw new IllegalArgumentException(what);
        };
    }

    /** The mistakes' figures, by hand from the analysis' own values. */
    static long mistake(String id, String what) {
        Analysis a = analysis("mistake:" + id);
        Map<String, Long> v = new HashMap<>();
        a.values().asMap().forEach((s, x) -> v.put(s.name(), x));
        return switch (id + "/" + what) {
            case "numel-times-out-channels/wrong" -> a.output().numel() * v.get("C_out") * v.get("C_in") / v.get("g")
                    * v.get("K");
            case "dropped-zero/wrong" -> v.get("H_in") * DEF.mistakes().stream()
                    .filter(m -> m.id().equals(id)).findFirst().orElseThrow().typo().value()
                    + DEF.mistakes().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().typo().value();
            case "per-sample-versus-per-batch/per-sample" -> v.get("C_out") * v.get("H_out") * v.get("W_out")
                    * v.get("C_in") / v.get("g") * v.get("K_h") * v.get("K_w");
            case "transposed-at-output-positions/wrong" -> v.get("N") * v.get("C_out") * v.get("H_out")
                    * v.get("W_out") * v.get("C_in") / v.get("g") * v.get("K_h") * v.get("K_w");
            default -> throw new IllegalArgumentException(id + "/" + what);
        };
    }

    static Discrepancy discrepancy(String subject, String tool) {
        return GAPS.computeIfAbsent(subject + "|" + tool, x -> Discrepancy.explain(analysis(subject), tool(tool),
                Conventions.EXACT));
    }

    static Parameter parameter(Analysis a, String name) {
        return a.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    static Convention tool(String id) {
        return Conventions.byId(id).orElseThrow();
    }

    static GoldenCase golden(String subject) {
        String id = subject.substring("case:".length());
        return CORPUS.cases().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    static Reading reading(String subject, String tool, String variant) {
        return golden(subject).readings().stream().filter(r -> r.tool().equals(tool) && r.variant().equals(variant))
                .findFirst().orElseThrow();
    }

    static Analysis at(String subject, String path) {
        return at(analysis(subject), path);
    }

    static Analysis at(Analysis root, String path) {
        return org.flopcheck.site.Node.at(root, path);
    }

    static synchronized Analysis analysis(String subject) {
        return SUBJECTS.computeIfAbsent(subject, s -> {
            String[] p = s.split(":");
            switch (p[0]) {
                case "case" -> {
                    GoldenCase c = golden(s);
                    return SpecReader.layer(c.model()).analyze(SpecReader.inputs(c.inputs()));
                }
                case "model" -> {
                    ModelSpec m = Catalogue.model(p[1]).orElseThrow();
                    return m.model().analyze(m.inputs());
                }
                case "exercise" -> {
                    return Exercises.problem(Long.parseLong(p[1]), Integer.parseInt(p[2]) - 1).analysis();
                }
                case "mistake" -> {
                    ModelSpec m = DEF.mistakes().stream().filter(x -> x.id().equals(p[1])).findFirst().orElseThrow()
                            .model();
                    return m.model().analyze(m.inputs());
                }
                default -> throw new IllegalArgumentException("unknown subject " + s);
            }
        });
    }

    static Analysis other(String subject) {
        String id = subject.split(":")[1];
        SiteDefinition.Mistake m = DEF.mistakes().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        ModelSpec prefix = MistakesPage.prefix(m);
        return prefix.model().analyze(prefix.inputs());
    }
}
