package org.flopcheck.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The site built once per test JVM under {@code target/test-site}, shared by the site tests. */
final class BuiltSite {
    private static Path root;
    private static List<Path> written;

    private BuiltSite() {
    }

    /** The built site's folder. */
    static synchronized Path root() {
        if (root == null) {
            Path dir = Path.of("target", "test-site", "site").toAbsolutePath();
            delete(dir);
            written = SiteBuilder.shipped().write(dir);
            root = dir;
        }
        return root;
    }

    /** Every file the build wrote. */
    static List<Path> files() {
        root();
        return written;
    }

    /** Every HTML page. */
    static List<Path> pages() {
        return files().stream().filter(p -> p.toString().endsWith(".html")).toList();
    }

    static String relative(Path page) {
        return root().relativize(page).toString().replace('\\', '/');
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
