package org.flopcheck.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.flopcheck.FlopcheckException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.InvalidSpecException;
import org.flopcheck.catalogue.Catalogue;
import org.flopcheck.json.JsonValues;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.ModelSpec;
import org.flopcheck.spec.SpecReader;
import org.flopcheck.spec.Suggestions;
import org.flopcheck.spec.Value;

/**
 * A model named on the command line: a spec file, or a catalogue model by name, read and analysed. Every mistake
 * becomes a {@link BadInputException} whose message starts with the file (or catalogue name) and the JSON path.
 *
 * @param label    what the user named: the file as given, or the catalogue name
 * @param spec     the spec
 * @param analysis the spec's model analysed on its inputs
 * @param root     the spec file's parsed root, to point at the field a later refusal is about
 */
record LoadedSpec(String label, ModelSpec spec, Analysis analysis, Value root) {

    static LoadedSpec load(String argument) {
        if (argument.isBlank()) {
            throw new BadInputException("the model argument is empty; give a spec file (JSON) or a catalogue model"
                    + " name (catalogue: " + String.join(", ", Catalogue.names()) + ")");
        }
        Path path;
        try {
            path = Path.of(argument);
        } catch (InvalidPathException e) {
            path = null;   // not a possible file name (a NUL character): only a catalogue name is left
        }
        String text;
        String label = argument;
        if (path != null && Files.isRegularFile(path)) {
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new BadInputException(argument + ": cannot be read: not UTF-8 text (a spec file is JSON in"
                        + " UTF-8)");
            } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
                throw new BadInputException(argument + ": cannot be read: " + e.getMessage());
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);   // a byte-order mark some editors write: not part of the JSON
            }
        } else if (path != null && Files.isDirectory(path)) {
            throw new BadInputException(argument + ": is a directory; give a spec file or a catalogue model name");
        } else {
            text = Catalogue.text(argument).orElseThrow(() -> new BadInputException(argument
                    + ": no such spec file and no catalogue model of that name" + hint(argument)
                    + " (catalogue: " + String.join(", ", Catalogue.names()) + ")"));
        }
        Value root;
        ModelSpec spec;
        try {
            root = JsonValues.parse(text);
            spec = SpecReader.model(root);
        } catch (InvalidSpecException e) {
            throw new BadInputException(label + ": " + e.getMessage());
        }
        ModelSpec read = spec;
        Value parsed = root;
        Analysis analysis = guard(label, read, parsed, () -> read.model().analyze(read.inputs()));
        return new LoadedSpec(label, spec, analysis, root);
    }

    /**
     * Runs a step on this model (counting under a convention, explaining a gap), turning a refusal into a
     * {@link BadInputException} that names the file and the place: a total too large to count is the model's.
     */
    <T> T guard(Supplier<T> step) {
        return guard(label, spec, root, step);
    }

    private static <T> T guard(String label, ModelSpec spec, Value root, Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidSpecException e) {
            throw new BadInputException(label + ": " + e.getMessage());
        } catch (FlopcheckException e) {
            throw new BadInputException(label + ": " + where(spec, root, e) + ": " + e.getMessage());
        }
    }

    /**
     * Where a refusal met while analysing points: the argument it names, in the layer object that failed; for an
     * input the root layer cannot take, the {@code "inputs"} list; otherwise the failing layer's object (a row of
     * a Sequential whose input does not join the row before it).
     */
    private static String where(ModelSpec spec, Value root, FlopcheckException e) {
        Value.Obj top = (Value.Obj) root;
        Optional<String> layerAt = e.origin().flatMap(spec::locationOf);
        boolean atRoot = layerAt.isEmpty() && e.path().isEmpty();
        if (atRoot) {
            layerAt = spec.locationOf(spec.model());
        }
        Optional<Value.Obj> layer = layerAt.map(objectsByLocation(root)::get);
        Optional<String> argument = e.argument().filter(a -> !a.equals("type") && !a.equals("name"));
        if (layer.isPresent() && argument.isPresent() && layer.get().fields().containsKey(argument.get())) {
            return layer.get().fields().get(argument.get()).location();
        }
        if (atRoot && e instanceof InvalidShapeException) {
            return top.fields().get("inputs").location();
        }
        return layerAt.orElse(top.fields().get("model").location());
    }

    private static Map<String, Value.Obj> objectsByLocation(Value root) {
        Map<String, Value.Obj> out = new HashMap<>();
        collect(root, out);
        return out;
    }

    private static void collect(Value v, Map<String, Value.Obj> into) {
        if (v instanceof Value.Obj o) {
            into.put(o.location(), o);
            o.fields().values().forEach(f -> collect(f, into));
        } else if (v instanceof Value.ListValue l) {
            l.items().forEach(i -> collect(i, into));
        }
    }

    private static String hint(String argument) {
        return Suggestions.hint(argument, Catalogue.names());
    }
}
