package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two builds produce byte-identical files. */
class SiteDeterminismTest {

    @Test
    void two_builds_write_byte_identical_files() throws IOException {
        Path first = BuiltSite.root();
        Path second = Path.of("target", "test-site", "again").toAbsolutePath();
        BuiltSite.delete(second);
        List<Path> written = SiteBuilder.shipped().write(second);
        assertThat(written.stream().map(second::relativize).map(Path::toString).toList())
                .isEqualTo(BuiltSite.files().stream().map(first::relativize).map(Path::toString).toList());
        for (Path p : written) {
            Path twin = first.resolve(second.relativize(p).toString());
            assertThat(Files.mismatch(p, twin)).as(second.relativize(p) + " differs from the first build at byte")
                    .isEqualTo(-1L);
        }
    }
}
