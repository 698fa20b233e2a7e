package org.flopcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: output, formats, exit codes. */
class FlopcheckCliTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Flopcheck.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void count_of_the_keyword_spotting_model_prints_327_680_macs_and_1_344_params() {
        Run r = run("count", "kws", "--convention", "exact,macs,flops");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("macs:", "327,680").contains("Params: 1,344").contains("├─0 (Conv2d)")
                .contains("└─2 (Hardtanh)");
    }

    @Test
    void json_output_follows_the_documented_schema() throws Exception {
        Run r = run("count", "kws", "--format", "json", "-c", "exact,macs,flops");
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("schema").asText()).isEqualTo("flopcheck-count/1");
        assertThat(j.get("name").asText()).isEqualTo("kws");
        assertThat(j.get("output_shape").toString()).isEqualTo("[1,32,64,4]");
        assertThat(j.get("params").get("total").asLong()).isEqualTo(1_344);
        assertThat(j.get("params").get("trainable").asLong()).isEqualTo(1_344);
        assertThat(j.get("totals").get("macs").asLong()).isEqualTo(327_680);
        assertThat(j.get("totals").get("flops").asLong()).isEqualTo(2 * 327_680);
        assertThat(j.get("tool_params").get("macs").asLong()).isEqualTo(1_344);
        JsonNode layers = j.get("layers");
        assertThat(layers).hasSize(3);
        assertThat(layers.get(0).get("type").asText()).isEqualTo("Conv2d");
        assertThat(layers.get(0).get("totals").get("macs").asLong()).isEqualTo(327_680);
        long rows = 0;
        for (JsonNode l : layers) {
            rows += l.get("totals").get("exact").asLong();
        }
        assertThat(rows).isEqualTo(j.get("totals").get("exact").asLong());
    }

    @Test
    void csv_and_markdown_carry_the_same_numbers() {
        Run csv = run("count", "kws", "--format", "csv", "-c", "macs");
        assertThat(csv.out().lines()).first().isEqualTo(
                "path,name,type,depth,input_shapes,output_shape,params,trainable,buffers,macs");
        assertThat(csv.out()).contains("0,0,Conv2d,1,\"(1, 1, 130, 40)\",\"(1, 32, 64, 4)\",1280,1280,0,327680");
        Run md = run("count", "kws", "--format", "markdown", "-c", "macs");
        assertThat(md.out()).contains("| &nbsp;&nbsp;0 | Conv2d | (1, 1, 130, 40) | (1, 32, 64, 4) | 1,280 | 327,680 |");
    }

    @Test
    void depth_limits_the_rows() {
        assertThat(run("count", "kws", "--depth", "0", "-c", "macs").out()).doesNotContain("Conv2d");
    }

    @Test
    void compare_explains_the_gap_term_by_term() {
        Run r = run("compare", "kws", "--conventions", "flops,macs");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("flops − macs = 655,360 − 327,680 = 327,680")
                .contains("0 (Conv2d) weight multiplications: +327,680");
    }

    @Test
    void conventions_lists_every_convention_with_its_rules() {
        Run r = run("conventions");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("exact  exact scalar operations", "macs  multiply-accumulates",
                "torchinfo-1.8.0", "thop-0.1.1", "ptflops-0.7.5-pytorch", "ptflops-0.7.5-aten",
                "ptflops-0.7.2.2-pytorch", "source:");
    }

    @Test
    void a_spec_file_is_read_and_its_mistakes_are_located(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("net.json");
        Files.writeString(ok, """
                {"name": "tiny", "inputs": [[2, 8]], "model": {"type": "Sequential", "layers": [
                  {"type": "Linear", "in_features": 8, "out_features": 4, "name": "fc1"},
                  {"type": "ReLU"},
                  {"type": "Linear", "in_features": 4, "out_features": 2, "bias": false}]}}""");
        Run r = run("count", ok.toString(), "-c", "macs", "--format", "csv");
        assertThat(r.code()).isZero();
        // params 8·4 + 4 + 4·2 = 44; MACs 2 rows × 4 × 8 + 2 rows × 2 × 4 = 80
        assertThat(r.out()).contains(",tiny,Sequential,0,\"(2, 8)\",\"(2, 2)\",44,44,0,80");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"inputs": [[2, 8]], "model": {"type": "Sequential", "layers": [
                  {"type": "Linear", "in_features": 8, "out_features": 4},
                  {"type": "Linear", "in_features": 5, "out_features": 2}]}}""");
        Run b = run("count", bad.toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.out()).isEmpty();
        assertThat(b.err().lines()).singleElement().asString()
                .startsWith("flopcheck: " + bad + ": $.model.layers[1] (line 3, column 3): layer 1 (Linear):")
                .contains("Linear expects input (*, H_in=5), got (2, 4)");
    }

    @Test
    void exit_codes_are_0_for_help_and_2_for_bad_input() {
        assertThat(run("--help").code()).isZero();
        assertThat(run("count", "--help").code()).isZero();
        assertThat(run("--version").out()).startsWith("flopcheck ");
        assertThat(run("count").code()).isEqualTo(2);
        assertThat(run("count", "kws", "--format", "yaml").err()).contains("unknown format 'yaml' (allowed: table,"
                + " json, csv, markdown)");
        assertThat(run("count", "kws", "-c", "macz").err()).contains("unknown convention 'macz'; did you mean 'macs'?");
        assertThat(run("count", "kws", "--depth", "-1").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
        Run unknown = run("count", "kvs");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("kvs: no such spec file and no catalogue model of that name; did you"
                + " mean 'kws'?");
    }

    @Test
    void help_documents_the_exit_codes() {
        assertThat(run("--help").out()).contains("Exit codes:", "2", "bad input");
    }
}
