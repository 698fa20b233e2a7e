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
            checkUnique(f, owner);
            files.add(f);
        }
        if (files.isEmpty()) {
            throw new GoldenFileException(directory.toString(), "$", "no golden files (*.json) in this directory");
        }
        return new GoldenCorpus(directory, files);
    }

    /**
     * The corpus shipped in the jar: the files listed in {@code cases/index.txt}, read from the class path. The
     * directory of such a corpus is the resource folder, for messages only.
     */
    public static GoldenCorpus shipped() {
        String base = "/org/flopcheck/golden/cases/";
        List<GoldenFile> files = new ArrayList<>();
        Map<String, String> owner = new HashMap<>();
        for (String name : resource(base + "index.txt").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            GoldenFile f = GoldenReader.read(name, resource(base + name));
            checkUnique(f, owner);
            files.add(f);
        }
        return new GoldenCorpus(Path.of("org/flopcheck/golden/cases"), files);
    }

    private static String resource(String name) {
        try (var in = GoldenCorpus.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new GoldenFileException(name, "$", "not found in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkUnique(GoldenFile f, Map<String, String> owner) {
        for (GoldenCase c : f.cases()) {
            String before = owner.put(c.id(), f.name() + " (" + c.location() + ".id)");
            if (before != null) {
                throw new GoldenFileException(f.name(), c.location() + ".id", "duplicate case id '" + c.id()
                        + "' (also in " + before + ")");
            }
        }
    }

    /** Every case of every file. */
    public Stream<GoldenCase> cases() {
        return files.stream().flatMap(f -> f.cases().stream());
    }
}
