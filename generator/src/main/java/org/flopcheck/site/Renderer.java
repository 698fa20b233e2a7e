package org.flopcheck.site;

import java.io.StringWriter;
import java.util.Properties;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.runtime.RuntimeConstants;

/**
 * The site's one template engine: Velocity in strict mode (an undefined reference, method or macro argument is an
 * error), templates from the class path ({@code org/flopcheck/site/templates/}, shipped by the site module), every
 * inserted reference escaped by {@link HtmlEscaping}. A page is the layout template with the page's typed model;
 * the layout parses the page's own template. Errors name the template and the page.
 */
public final class Renderer {
    static final String TEMPLATES = "org/flopcheck/site/templates/";

    private final VelocityEngine engine;

    public Renderer() {
        Properties p = new Properties();
        p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "true");
        p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT_ESCAPE, "true");
        p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "class");
        p.setProperty("resource.loader.class.class",
                "org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader");
        p.setProperty("resource.loader.class.cache", "true");
        p.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        p.setProperty(RuntimeConstants.VM_LIBRARY, TEMPLATES + "macros.vm");
        p.setProperty(RuntimeConstants.VM_PERM_INLINE_LOCAL, "true");
        p.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        engine = new VelocityEngine(p);
        engine.init();
    }

    /**
     * Renders one page.
     *
     * @param frame the page's place in the site (title, path to the root, navigation) and its template
     * @param model the page's typed model, {@code $model} in the template
     */
    public String render(Frame frame, Object model) {
        VelocityContext context = new VelocityContext();
        context.put("frame", frame);
        context.put("model", model);
        context.put("fmt", Fmt.INSTANCE);
        EventCartridge events = new EventCartridge();
        events.addEventHandler(new HtmlEscaping());
        events.attachToContext(context);
        StringWriter out = new StringWriter();
        try {
            Template layout = engine.getTemplate(TEMPLATES + "layout.vm", "UTF-8");
            layout.merge(context, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("rendering " + frame.path() + " with template " + frame.template()
                    + " failed: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
