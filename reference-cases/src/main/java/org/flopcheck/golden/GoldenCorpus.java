package org.flopcheck.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every golden file of a directory, read strictly, in file-name order, with case ids unique across the files.
 *
 * @param directory where the files are
 * @param files     the files in name order
 */
public record GoldenCorpus(Path directory, List<GoldenFile> files) {
    public GoldenCorpus {
        files = List.copyOf(files);
    }

    /** Reads every {@code *.json} file of {@code directory}. */
    public static GoldenCorpus load(Path directory) {
        List<Path> paths;
        try (Stream<Path> s = Files.list(directory)) {
            paths = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list golden files in " + directory, e);
        }
        List<GoldenFile> files = new ArrayList<>();
        Map<String, String> owner = new HashMap<>();
        for (Path p : paths) {
            String name = p.getFileName().toString();
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new GoldenFileException(name, "$", "cannot be read: " + e.getMessage());
            }
            GoldenFile f = GoldenReader.read(name, text);
            for (GoldenCase c : f.cases()) {
                String before = owner.put(c.id(), name + " (" + c.location() + ".id)");
                if (before != null) {
                    throw new GoldenFileException(name, c.location() + ".id", "duplicate case id '" + c.id()
                            + "' (also in " + before + ")");
                }
            }
            files.add(f);
        }
        if (files.isEmpty()) {
            throw new GoldenFileException(directory.toString(), "$", "no golden files (*.json) in this directory");
        }
        return new GoldenCorpus(directory, files);
    }

    /** Every case of every file. */
    public Stream<GoldenCase> cases() {
        return files.stream().flatMap(f -> f.cases().stream());
    }
}
