package org.flopcheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.flopcheck.FlopcheckException;
import org.flopcheck.InvalidSpecException;
import org.flopcheck.catalogue.Catalogue;
import org.flopcheck.json.JsonValues;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.ModelSpec;
import org.flopcheck.spec.SpecReader;
import org.flopcheck.spec.Suggestions;

/**
 * A model named on the command line: a spec file, or a catalogue model by name, read and analysed. Every mistake
 * becomes a {@link BadInputException} whose message starts with the file (or catalogue name) and the JSON path.
 *
 * @param label    what the user named: the file as given, or the catalogue name
 * @param spec     the spec
 * @param analysis the spec's model analysed on its inputs
 */
record LoadedSpec(String label, ModelSpec spec, Analysis analysis) {

    static LoadedSpec load(String argument) {
        Path path = Path.of(argument);
        String text;
        String label = argument;
        if (Files.isRegularFile(path)) {
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new BadInputException(argument + ": cannot be read: " + e.getMessage());
            }
        } else if (Files.isDirectory(path)) {
            throw new BadInputException(argument + ": is a directory; give a spec file or a catalogue model name");
        } else {
            text = Catalogue.text(argument).orElseThrow(() -> new BadInputException(argument
                    + ": no such spec file and no catalogue model of that name" + hint(argument)
                    + " (catalogue: " + String.join(", ", Catalogue.names()) + ")"));
        }
        ModelSpec spec;
        try {
            spec = SpecReader.model(JsonValues.parse(text));
        } catch (InvalidSpecException e) {
            throw new BadInputException(label + ": " + e.getMessage());
        }
        try {
            return new LoadedSpec(label, spec, spec.model().analyze(spec.inputs()));
        } catch (FlopcheckException e) {
            String where = e.origin().flatMap(spec::locationOf).orElse(e.argument().filter("input"::equals)
                    .map(a -> "$.inputs").orElse("$.model"));
            throw new BadInputException(label + ": " + where + ": " + e.getMessage());
        }
    }

    private static String hint(String argument) {
        return Suggestions.hint(argument, Catalogue.names());
    }
}
