package org.flopcheck.site;

import java.util.List;
import java.util.Objects;

/**
 * What the layout needs for every page: the output path, the title, the way back to the site's root (pages are
 * opened from the file system, so every link is relative), the page's template, and the navigation.
 *
 * @param path     the page's path in the site, {@code layers/conv2d.html}
 * @param title    the page's title and first heading
 * @param template the template that lays out the page's model, {@code layer.vm}
 * @param nav      the navigation links, empty for a page written on its own (exercises outside the site)
 */
public record Frame(String path, String title, String template, List<Link> nav) {
    public Frame {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(template, "template");
        nav = List.copyOf(nav);
    }

    /** A link with its text, relative to the page. */
    public record Link(String href, String text, boolean current) {
    }

    /** {@code ../} for a page one folder down, the empty string at the root. */
    public String root() {
        long depth = path.chars().filter(c -> c == '/').count();
        return "../".repeat((int) depth);
    }

    /** The template's resource path under the template folder. */
    public String templatePath() {
        return Renderer.TEMPLATES + template;
    }

    /** The site's navigation, seen from a page at {@code path}. */
    static List<Link> siteNav(String path) {
        String root = "../".repeat((int) path.chars().filter(c -> c == '/').count());
        return List.of(
                new Link(root + "index.html", "Home", path.equals("index.html")),
                new Link(root + "kws.html", "Keyword spotting, worked", path.equals("kws.html")),
                new Link(root + "mistakes.html", "Common mistakes", path.equals("mistakes.html")),
                new Link(root + "models/index.html", "Models", path.startsWith("models/")),
                new Link(root + "exercises/index.html", "Exercises", path.startsWith("exercises/")));
    }
}
