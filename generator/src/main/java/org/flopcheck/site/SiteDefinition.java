package org.flopcheck.site;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.flopcheck.json.JsonValues;
import org.flopcheck.spec.ModelSpec;
import org.flopcheck.spec.SpecReader;
import org.flopcheck.spec.Value;

/**
 * The site definition, {@code org/flopcheck/site/site.json} in the site module: which golden cases are the worked
 * examples of each layer kind, the keyword-spotting page's case and the published figures it corrects (quotations,
 * marked as such on the page), the catalogue models with their golden cases, the common mistakes with the spec
 * that demonstrates each, and the exercise set's seed. Read strictly: an unknown or missing field is an error.
 */
public record SiteDefinition(String format, String title, List<Family> families, Kws kws,
                             List<CatalogueEntry> catalogue, List<Mistake> mistakes, ExerciseSet exercises) {
    static final String RESOURCE = "/org/flopcheck/site/site.json";

    public SiteDefinition {
        required(format, "format");
        if (!format.equals("flopcheck-site/1")) {
            throw new IllegalArgumentException("site.json: format must be flopcheck-site/1, got " + format);
        }
        required(title, "title");
        families = List.copyOf(required(families, "families"));
        required(kws, "kws");
        catalogue = List.copyOf(required(catalogue, "catalogue"));
        mistakes = List.copyOf(required(mistakes, "mistakes"));
        required(exercises, "exercises");
    }

    /** A group of layer kinds on the home page. */
    public record Family(String name, List<Kind> kinds) {
        public Family {
            required(name, "families[].name");
            kinds = List.copyOf(required(kinds, "families[].kinds"));
        }
    }

    /** A layer kind and the golden case ids of its worked examples, the first being the main one. */
    public record Kind(String type, List<String> examples) {
        public Kind {
            required(type, "kinds[].type");
            examples = List.copyOf(required(examples, "kinds[].examples"));
            if (examples.isEmpty()) {
                throw new IllegalArgumentException("site.json: kind " + type + " needs at least one example");
            }
        }

        /** The page's file name: {@code conv2d.html}. */
        public String page() {
            return type.toLowerCase(java.util.Locale.ROOT) + ".html";
        }
    }

    /** The keyword-spotting page: its golden case, its catalogue model, and the published figures. */
    public record Kws(@JsonProperty("case") String caseId, String catalogue, Published published) {
        public Kws {
            required(caseId, "kws.case");
            required(catalogue, "kws.catalogue");
            required(published, "kws.published");
        }
    }

    /**
     * What the tutorial printed, quoted verbatim; the values are the numbers the quotations contain, so a test can
     * hold the explanation of each slip to them.
     */
    public record Published(String source, String input, String convolution, long convolutionValue, String total,
                            long totalValue) {
        public Published {
            required(source, "kws.published.source");
            required(input, "kws.published.input");
            required(convolution, "kws.published.convolution");
            required(total, "kws.published.total");
        }
    }

    /** A catalogue model, with the golden case that recorded the tools on it when there is one (else null). */
    public record CatalogueEntry(String name, @JsonProperty("case") String caseId) {
        public CatalogueEntry {
            required(name, "catalogue[].name");
        }
    }

    /**
     * A common mistake: its title, why it happens, the spec that demonstrates it, and what the mistake needs
     * besides: the golden case with the tools' readings on the same layer, another input the model is tried on, or
     * the typo (a symbol and the value it was mistyped as).
     */
    public record Mistake(String id, String title, String why, JsonNode spec, String golden, List<Long> otherInput,
                          Typo typo) {
        public Mistake {
            required(id, "mistakes[].id");
            required(title, "mistakes[].title");
            required(why, "mistakes[].why");
            required(spec, "mistakes[].spec");
            otherInput = otherInput == null ? List.of() : List.copyOf(otherInput);
        }

        /** The spec as a spec file would give it (paths in messages start at the spec: {@code $.model}). */
        public ModelSpec model() {
            return SpecReader.model(value());
        }

        /** The spec as values, for the PyTorch snippet. */
        public Value value() {
            return JsonValues.fromTree(spec, "$");
        }
    }

    /** A symbol of the layer's formulas and the value it was mistyped as. */
    public record Typo(String symbol, long value) {
        public Typo {
            required(symbol, "typo.symbol");
        }
    }

    /** The exercise set the site carries. */
    public record ExerciseSet(long seed, int count) {
    }

    private static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, () -> "site.json: " + field + " is required");
    }

    /** The site definition shipped in the site module's jar. */
    public static SiteDefinition load() {
        try (InputStream in = SiteDefinition.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path (the site module)");
            }
            return read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a site definition, strictly. */
    public static SiteDefinition read(String json) {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try {
            return mapper.readValue(json, SiteDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("site.json: " + e.getOriginalMessage() + " at "
                    + e.getLocation(), e);
        }
    }

    /** Every layer kind, in family order. */
    public List<Kind> kinds() {
        return families.stream().flatMap(f -> f.kinds().stream()).toList();
    }
}
