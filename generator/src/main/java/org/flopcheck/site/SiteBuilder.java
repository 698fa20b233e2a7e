package org.flopcheck.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.catalogue.Catalogue;
import org.flopcheck.convention.Conventions;
import org.flopcheck.golden.GoldenCase;
import org.flopcheck.golden.GoldenCorpus;
import org.flopcheck.golden.Reading;
import org.flopcheck.json.JsonValues;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.ModelSpec;
import org.flopcheck.spec.SpecReader;
import org.flopcheck.spec.Value;

/**
 * Builds the whole static site: the home page, one page per layer kind, the keyword-spotting example, the common
 * mistakes, a discrepancy page per catalogue model, and the exercises with their answer key; plus the one CSS
 * file. Pages are typed models rendered by one {@link Renderer}; the output depends only on the inputs (no dates,
 * no hash order), so two builds are byte-identical.
 */
public final class SiteBuilder {
    static final String CSS = "/org/flopcheck/site/site.css";

    private final SiteDefinition def;
    private final GoldenCorpus corpus;
    private final Map<String, GoldenCase> cases = new LinkedHashMap<>();
    private final Renderer renderer = new Renderer();

    public SiteBuilder(SiteDefinition def, GoldenCorpus corpus) {
        this.def = def;
        this.corpus = corpus;
        corpus.cases().forEach(c -> cases.put(c.id(), c));
    }

    /** The site from the shipped definition and golden corpus. */
    public static SiteBuilder shipped() {
        return new SiteBuilder(SiteDefinition.load(), GoldenCorpus.shipped());
    }

    GoldenCase golden(String id) {
        GoldenCase c = cases.get(id);
        if (c == null) {
            throw new IllegalArgumentException("site.json names golden case '" + id + "', which the corpus lacks");
        }
        return c;
    }

    /** One page to write: where, its frame, its model. */
    public record Page(Frame frame, Object model) {
    }

    /** Every page of the site, in a fixed order. */
    public List<Page> pages() {
        List<Page> pages = new ArrayList<>();
        pages.add(page("index.html", def.title(), "home.vm", home()));
        for (SiteDefinition.Family f : def.families()) {
            for (SiteDefinition.Kind k : f.kinds()) {
                List<GoldenCase> examples = k.examples().stream().map(this::golden).toList();
                pages.add(page("layers/" + k.page(), k.type(), "layer.vm", LayerPage.of(f.name(), k, examples)));
            }
        }
        pages.add(page("kws.html", "The keyword-spotting example, counted in full", "kws.vm",
                KwsPage.of(def.kws(), golden(def.kws().caseId()))));
        pages.add(page("mistakes.html", "Common mistakes", "mistakes.vm", MistakesPage.of(def, this::golden)));
        List<ModelsIndexPage.Entry> entries = new ArrayList<>();
        for (SiteDefinition.CatalogueEntry e : catalogue()) {
            String text = Catalogue.text(e.name()).orElseThrow(() -> new IllegalArgumentException(
                    "site.json names catalogue model '" + e.name() + "', which the catalogue lacks"));
            ModelSpec spec = SpecReader.model(JsonValues.parse(text));
            String description = description(text);
            Analysis a = spec.model().analyze(spec.inputs());
            ModelPage model = ModelPage.of(e.name(), description, a, e.caseId() == null ? null : golden(e.caseId()));
            pages.add(page("models/" + e.name() + ".html", e.name() + ": where the tools' totals part", "model.vm",
                    model));
            List<Worked.Total> totals = Conventions.library().stream()
                    .map(c -> Examples.total("model:" + e.name(), c, a)).toList();
            entries.add(new ModelsIndexPage.Entry(e.name(), e.name() + ".html", description, model.params(), totals));
        }
        pages.add(page("models/index.html", "Models of the catalogue", "models.vm", new ModelsIndexPage(Conventions.library().stream().map(c -> c.title()).toList(), entries)));
        long seed = def.exercises().seed();
        int count = def.exercises().count();
        pages.add(page("exercises/index.html", "Exercises", "exercises.vm",
                ExercisePage.of(seed, count, false, "answers.html")));
        pages.add(page("exercises/answers.html", "Exercises: answer key", "exercises.vm",
                ExercisePage.of(seed, count, true, "index.html")));
        return pages;
    }

    /**
     * The catalogue entries of the site definition, then any catalogue model it does not name (models added to the
     * catalogue later get a page without golden readings).
     */
    List<SiteDefinition.CatalogueEntry> catalogue() {
        List<SiteDefinition.CatalogueEntry> all = new ArrayList<>(def.catalogue());
        for (String name : Catalogue.names()) {
            if (all.stream().noneMatch(e -> e.name().equals(name))) {
                all.add(new SiteDefinition.CatalogueEntry(name, null));
            }
        }
        return all;
    }

    private static String description(String specText) {
        Value v = JsonValues.parse(specText);
        if (v instanceof Value.Obj o && o.fields().get("description") instanceof Value.Str s) {
            return s.value();
        }
        return "";
    }

    private HomePage home() {
        GoldenCase kws = golden(def.kws().caseId());
        List<HomePage.ToolReading> readings = new ArrayList<>();
        for (Reading r : kws.readings()) {
            if (r.variant().equals("direct") && r.macs().isPresent()) {
                readings.add(new HomePage.ToolReading(r.tool(), Quantity.of(r.macs().getAsLong(), "golden",
                        Examples.subject(kws), r.tool() + "|" + r.variant(), "macs")));
            }
        }
        Analysis a = SpecReader.layer(kws.model()).analyze(SpecReader.inputs(kws.inputs()));
        Quantity macs = Quantity.of(Conventions.MACS.count(a).total(), "total", Examples.subject(kws), "macs");
        List<HomePage.Family> families = new ArrayList<>();
        List<HomePage.Row> matrix = new ArrayList<>();
        for (SiteDefinition.Family f : def.families()) {
            List<HomePage.KindLink> links = new ArrayList<>();
            for (SiteDefinition.Kind k : f.kinds()) {
                links.add(new HomePage.KindLink(k.type(), "layers/" + k.page(), k.examples().size()));
                matrix.add(HomePage.row(k, golden(k.examples().get(0))));
            }
            families.add(new HomePage.Family(f.name(), links));
        }
        List<HomePage.Column> columns = Conventions.all().stream()
                .map(c -> new HomePage.Column(c.id(), c.title(), c.description())).toList();
        return new HomePage(readings, macs, families, columns, matrix);
    }

    private static Page page(String path, String title, String template, Object model) {
        return new Page(new Frame(path, title, template, Frame.siteNav(path)), model);
    }

    /** Writes every page and the CSS under {@code out}; returns the files written, in order. */
    public List<Path> write(Path out) {
        List<Path> written = new ArrayList<>();
        for (Page p : pages()) {
            written.add(write(out.resolve(p.frame().path()), renderer.render(p.frame(), p.model())));
        }
        written.add(write(out.resolve("site.css"), css()));
        return written;
    }

    /**
     * Writes a problem set and its answer key on their own (no site navigation) with the CSS:
     * {@code exercises.html}, {@code answers.html}, {@code site.css}.
     */
    public static List<Path> writeExercises(Path out, long seed, int count) {
        Renderer renderer = new Renderer();
        List<Path> written = new ArrayList<>();
        written.add(write(out.resolve("exercises.html"), renderer.render(new Frame("exercises.html",
                "Exercises", "exercises.vm", List.of()), ExercisePage.of(seed, count, false, "answers.html"))));
        written.add(write(out.resolve("answers.html"), renderer.render(new Frame("answers.html",
                "Exercises: answer key", "exercises.vm", List.of()), ExercisePage.of(seed, count, true,
                "exercises.html"))));
        written.add(write(out.resolve("site.css"), css()));
        return written;
    }

    static String css() {
        try (InputStream in = SiteBuilder.class.getResourceAsStream(CSS)) {
            if (in == null) {
                throw new IllegalStateException(CSS + " is missing from the class path (the site module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
