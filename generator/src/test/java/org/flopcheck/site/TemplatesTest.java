package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flopcheck.expr.Exprs;
import org.junit.jupiter.api.Test;

/** The templates stay dumb: no arithmetic, no typed numbers; escaping on, MathML only by the naming convention. */
class TemplatesTest {
    static final List<String> TEMPLATES = List.of("layout.vm", "macros.vm", "home.vm", "layer.vm", "kws.vm",
            "mistakes.vm", "models.vm", "model.vm", "exercises.vm");

    static String template(String name) throws IOException {
        try (InputStream in = TemplatesTest.class.getResourceAsStream("/" + Renderer.TEMPLATES + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void no_template_does_arithmetic_or_types_a_number() throws IOException {
        Pattern directive = Pattern.compile("#(set|if|elseif|foreach)\\s*\\((.*?)\\)\\s*(#|$|<|\\n)", Pattern.MULTILINE);
        for (String name : TEMPLATES) {
            String text = template(name);
            assertThat(text).as(name + " #set").doesNotContain("#set");
            Matcher m = directive.matcher(text);
            while (m.find()) {
                String args = m.group(2).replaceAll("'[^']*'|\"[^\"]*\"", "");
                assertThat(args).as(name + ": " + m.group()).doesNotContainPattern("[-+*/%]");
            }
            String withoutComments = text.replaceAll("(?m)##.*$", "");
            assertThat(withoutComments).as(name + ": a number typed into the template")
                    .doesNotContainPattern("(?<![\\w#-])\\d{2,}(?![\\w-])");
        }
    }

    @Test
    void references_are_escaped_and_only_math_references_holding_mathml_are_not() {
        HtmlEscaping h = new HtmlEscaping();
        assertThat(h.referenceInsert(null, "$x.name", "<b>&\"'")).isEqualTo("&lt;b&gt;&amp;&quot;&#39;");
        MathMarkup m = MathMarkup.of(Exprs.sym("C_in", "input channels"));
        assertThat(h.referenceInsert(null, "$step.formulaMath", m)).isEqualTo(m.markup());
        assertThat(h.referenceInsert(null, "${cell.math}", m)).isEqualTo(m.markup());
        assertThatThrownBy(() -> h.referenceInsert(null, "$step.formulaMath", "<script>"))
                .hasMessageContaining("$step.formulaMath").hasMessageContaining("not a MathMarkup");
        assertThatThrownBy(() -> h.referenceInsert(null, "$step.formula", m))
                .hasMessageContaining("does not end in Math");
    }

    @Test
    void strict_mode_names_the_template_and_the_page_of_an_undefined_reference() {
        Renderer r = new Renderer();
        assertThatThrownBy(() -> r.render(new Frame("kws.html", "t", "kws.vm", List.of()), "not a KWS model"))
                .hasMessageContaining("kws.html").hasMessageContaining("kws.vm");
    }
}
