package org.flopcheck.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.flopcheck.json.JsonValues;
import org.flopcheck.spec.ModelSpec;
import org.flopcheck.spec.SpecReader;

/**
 * The named models shipped with flopcheck. Each is a spec file {@code <name>.json} in this package's resources,
 * read exactly as a user's spec file is read; {@link #names()} lists them in a fixed order.
 */
public final class Catalogue {
    private static final List<String> NAMES = List.of(names("index.txt"));

    private Catalogue() {
    }

    private static String[] names(String index) {
        String text = read(index).orElseThrow(() -> new IllegalStateException("catalogue index missing"));
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toArray(String[]::new);
    }

    /** The catalogue's model names, in the order the index lists them. */
    public static List<String> names() {
        return NAMES;
    }

    /** The spec text of a catalogue model, if there is one by that name. */
    public static Optional<String> text(String name) {
        return NAMES.contains(name) ? read(name + ".json") : Optional.empty();
    }

    /** The catalogue model by name, read as a spec. */
    public static Optional<ModelSpec> model(String name) {
        return text(name).map(t -> SpecReader.model(JsonValues.parse(t)));
    }

    private static Optional<String> read(String resource) {
        try (InputStream in = Catalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalogue resource " + resource, e);
        }
    }
}
