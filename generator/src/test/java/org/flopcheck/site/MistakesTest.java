package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** Each common mistake's spec runs, and its wrong and right numbers are the ones computed here by hand. */
class MistakesTest {

    private static Element mistake(String id) throws IOException {
        Document d = Jsoup.parse(BuiltSite.root().resolve("mistakes.html").toFile(), "UTF-8");
        Element e = d.getElementById(id);
        assertThat(e).as(id).isNotNull();
        return e;
    }

    private static java.util.List<String> values(Element e, String row) {
        return e.select("tr." + row + " data").eachAttr("value");
    }

    @Test
    void numel_times_out_channels_counts_each_filter_sixteen_times() throws IOException {
        Element e = mistake("numel-times-out-channels");
        // Conv1d(3, 16, 5) on (1, 3, 100): 96 positions, 16·96 = 1,536 outputs of 3·5 = 15 products
        assertThat(values(e, "right")).containsExactly("1536", Long.toString(1_536L * 15));
        assertThat(values(e, "wrong")).containsExactly(Long.toString(1_536L * 16 * 15));
        assertThat(values(e, "right")).contains("23040");
        assertThat(values(e, "wrong")).containsExactly("368640");
    }

    @Test
    void a_linear_sized_for_32_by_32_is_rejected_at_64_by_64_with_flopchecks_message() throws IOException {
        Element e = mistake("linear-after-pooling");
        assertThat(values(e, "right")).containsExactly(Long.toString(16L * 16 * 16), Long.toString(16L * 32 * 32));
        assertThat(values(e, "wrong")).containsExactly("4096");
        assertThat(e.select("samp").text()).contains("$.model.layers[4]", "Linear", "4096", "16384");
    }

    @Test
    void a_dropped_zero_gives_51300_instead_of_513000() throws IOException {
        Element e = mistake("dropped-zero");
        assertThat(values(e, "right")).containsExactly(Long.toString(512L * 1000 + 1000));
        assertThat(values(e, "wrong")).containsExactly(Long.toString(512L * 100 + 100));
    }

    @Test
    void flops_are_two_per_mac() throws IOException {
        Element e = mistake("flops-versus-macs");
        assertThat(values(e, "wrong")).containsExactly("512000");
        assertThat(values(e, "right")).containsExactly("1024000", Long.toString(512_000L + 511_000L + 1_000L));
    }

    @Test
    void per_sample_is_the_batch_count_divided_by_the_batch() throws IOException {
        Element e = mistake("per-sample-versus-per-batch");
        long perSample = 8L * 10 * 10 * 4 * 9;
        assertThat(values(e, "right")).containsExactly(Long.toString(4 * perSample), Long.toString(perSample));
    }

    @Test
    void a_transposed_convolution_multiplies_each_input_element_not_each_output_position() throws IOException {
        Element e = mistake("transposed-at-output-positions");
        // ConvTranspose2d(4, 6, 3, stride=2) on (1, 4, 6, 6): output 13×13
        assertThat(values(e, "right")).containsExactly(Long.toString(4L * 6 * 6 * 6 * 9));
        assertThat(values(e, "wrong")).containsExactly(Long.toString(6L * 13 * 13 * 4 * 9));
    }
}
