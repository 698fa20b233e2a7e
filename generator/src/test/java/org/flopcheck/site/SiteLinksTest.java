package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** Every internal link and anchor resolves; no page loads anything from outside the site. */
class SiteLinksTest {

    private static Document parse(Path page) throws IOException {
        return Jsoup.parse(page.toFile(), "UTF-8");
    }

    @Test
    void every_internal_link_and_fragment_resolves_to_a_file_and_an_id() throws IOException {
        Map<Path, Set<String>> ids = new HashMap<>();
        for (Path page : BuiltSite.pages()) {
            Set<String> set = new HashSet<>();
            for (Element e : parse(page).select("[id]")) {
                set.add(e.id());
            }
            ids.put(page.normalize(), set);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : BuiltSite.pages()) {
            for (Element a : parse(page).select("a[href]")) {
                String href = a.attr("href");
                URI uri = URI.create(href);
                if (uri.getScheme() != null) {
                    continue; // an outside link is not fetched by the page; none is expected, see below
                }
                links++;
                String file = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
                String fragment = href.contains("#") ? href.substring(href.indexOf('#') + 1) : null;
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.isRegularFile(target)) {
                    broken.add(BuiltSite.relative(page) + ": " + href + " (no such file)");
                } else if (fragment != null && !ids.getOrDefault(target, Set.of()).contains(fragment)) {
                    broken.add(BuiltSite.relative(page) + ": " + href + " (no such id)");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(links).isGreaterThan(500);
    }

    @Test
    void no_page_refers_to_anything_outside_the_site() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path page : BuiltSite.pages()) {
            Document d = parse(page);
            for (Element e : d.select("[src], link[href], a[href], object[data], iframe, script")) {
                String ref = e.hasAttr("src") ? e.attr("src") : e.hasAttr("data") ? e.attr("data") : e.attr("href");
                if (e.tagName().equals("script") || e.tagName().equals("iframe") || ref.matches("(?i)^[a-z]+:.*")
                        && !ref.startsWith("data:") || ref.startsWith("//")) {
                    outside.add(BuiltSite.relative(page) + ": <" + e.tagName() + "> " + ref);
                }
            }
            assertThat(d.select("link[rel=stylesheet]")).as(BuiltSite.relative(page) + " style sheets").hasSize(1);
        }
        assertThat(outside).as("references outside the site, or scripts").isEmpty();
        assertThat(Files.readString(BuiltSite.root().resolve("site.css"))).doesNotContain("url(", "@import");
    }

    @Test
    void every_page_has_landmarks_a_title_a_language_and_headed_tables() throws IOException {
        for (Path page : BuiltSite.pages()) {
            Document d = parse(page);
            String name = BuiltSite.relative(page);
            assertThat(d.select("html[lang=en]")).as(name + " lang").hasSize(1);
            assertThat(d.select("main")).as(name + " main").hasSize(1);
            assertThat(d.select("header nav[aria-label]")).as(name + " nav").hasSize(1);
            assertThat(d.select("h1")).as(name + " h1").hasSize(1);
            assertThat(d.title()).as(name + " title").isNotBlank();
            for (Element table : d.select("table")) {
                assertThat(table.select("caption")).as(name + " table caption").hasSize(1);
                assertThat(table.select("th[scope]")).as(name + " table headers").isNotEmpty();
            }
            assertThat(d.select("img:not([alt])")).as(name + " images without alt").isEmpty();
        }
    }
}
