package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * The keyword-spotting page states the tutorial's numbers, computed here by hand: (130 − 4)/2 + 1 = 64 and
 * (40 − 10)/8 + 1 = 4; 32·64·4 = 8,192 outputs of 1·4·10 = 40 products, 327,680 MACs; 32·1·4·10 = 1,280 weights
 * plus BatchNorm's 2·32 = 64, 1,344 parameters; BatchNorm at 2 per element 2·8,192 = 16,384, total 344,064; the
 * published 61 = (130 − 10)/2 + 1 and 32·61·4·40 = 312,320; and the tools' readings.
 */
class KwsPageTest {

    @Test
    void should_show_the_tutorials_numbers_each_from_its_source() throws IOException {
        Document d = Jsoup.parse(BuiltSite.root().resolve("kws.html").toFile(), "UTF-8");
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("value|case:models/kws|0|H_in", 130L);
        expected.put("value|case:models/kws|0|W_in", 40L);
        expected.put("value|case:models/kws|0|H_out", (130L - 4) / 2 + 1);
        expected.put("value|case:models/kws|0|W_out", (40L - 10) / 8 + 1);
        expected.put("numel|case:models/kws|0|out", 32L * 64 * 4);
        expected.put("term|case:models/kws|0|weight multiplications", 32L * 64 * 4 * 40);
        expected.put("tensor|case:models/kws|0|weight", 32L * 4 * 10);
        expected.put("params|case:models/kws|1", 2L * 32);
        expected.put("params|case:models/kws|", 1_344L);
        expected.put("kws|case:models/kws|norm-two-per-element", 16_384L);
        expected.put("kws|case:models/kws|total-as-published", 344_064L);
        expected.put("kws|case:models/kws|swapped-height", (130L - 10) / 2 + 1);
        expected.put("kws|case:models/kws|swapped-product", 32L * 61 * 4 * 40);
        expected.put("golden|case:models/kws|torchinfo-1.8.0|direct|macs", 327_744L);
        expected.put("golden|case:models/kws|thop-0.1.1|direct|macs", 360_448L);
        expected.put("golden|case:models/kws|ptflops-0.7.5-pytorch|direct|macs", 344_064L);
        expected.put("golden|case:models/kws|ptflops-0.7.5-aten|direct|macs", 327_680L);
        expected.forEach((key, value) -> assertThat(d.select("data[data-q=\"" + key + "\"]"))
                .as(key).isNotEmpty().allSatisfy(e -> assertThat(e.attr("value")).isEqualTo(value.toString())));
        assertThat(d.select("aside.errata q.quotation").eachText()).containsExactly("130 × 4",
                "32 · 61 · 4 · 40 = 312,320", "344,064");
        assertThat(d.select("aside.errata").text()).contains("the printed figure", "is consistent");
    }

    @Test
    void the_published_figures_of_the_site_definition_are_what_the_quotations_say() {
        SiteDefinition.Published p = SiteDefinition.load().kws().published();
        assertThat(p.convolution()).endsWith("312,320");
        assertThat(p.convolutionValue()).isEqualTo(312_320L);
        assertThat(p.total()).isEqualTo("344,064");
        assertThat(p.totalValue()).isEqualTo(344_064L);
    }
}
