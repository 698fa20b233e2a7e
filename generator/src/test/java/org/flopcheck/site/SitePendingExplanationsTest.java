package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The site shows "explanation pending" only while a tool's convention is not modelled yet, and this test fails as
 * long as any page does: the placeholder is a build-time failure, never a silent gap in the course material.
 */
class SitePendingExplanationsTest {

    @Test
    void every_tool_reading_on_the_site_is_explained() throws IOException {
        List<String> pending = new ArrayList<>();
        for (Path page : BuiltSite.pages()) {
            long n = Files.readString(page).split("explanation pending", -1).length - 1;
            if (n > 0) {
                pending.add(BuiltSite.relative(page) + ": " + n);
            }
        }
        assertThat(pending).as("pages with pending explanations (tool conventions not modelled yet)").isEmpty();
    }
}
