package org.flopcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on the catalogue's language models and on a user's spec made of blocks. */
class CatalogueCountTest {

    @Test
    void count_of_llama_2_70b_gives_exact_totals_and_named_rows() throws Exception {
        FlopcheckCliTest.Run r = FlopcheckCliTest.run("count", "llama-2-70b", "--format", "json", "-c",
                "exact,macs,flops", "--depth", "2");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("params").get("total").asLong()).isEqualTo(68_976_648_192L);
        assertThat(j.get("totals").get("macs").asLong()).isEqualTo(8_816_762_552_320L);
        assertThat(j.get("totals").get("flops").asLong()).isEqualTo(2 * 8_816_762_552_320L);
        assertThat(j.get("output_shape").toString()).isEqualTo("[1,128,32000]");
        assertThat(r.out()).contains("\"model.layers\"", "\"lm_head\"");
    }

    @Test
    void a_users_spec_with_blocks_is_counted_and_its_mistakes_located(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("mlp.json");
        Files.writeString(ok, """
                {"name": "gated", "inputs": [[1, 3, 4]], "model": {"type": "Residual", "body":
                  {"type": "Sequential", "layers": [
                    {"type": "Parallel", "join": "mul", "branches": [
                      {"type": "Linear", "in_features": 4, "out_features": 6, "bias": false},
                      {"type": "Linear", "in_features": 4, "out_features": 6, "bias": false}]},
                    {"type": "Linear", "in_features": 6, "out_features": 4, "bias": false}]}}}""");
        FlopcheckCliTest.Run r = FlopcheckCliTest.run("count", ok.toString(), "-c", "macs", "--format", "csv");
        assertThat(r.code()).isZero();
        // params 24 + 24 + 24; MACs 3 tokens × (6·4 + 6·4 + 4·6)
        assertThat(r.out()).contains(",gated,Residual,0,\"(1, 3, 4)\",\"(1, 3, 4)\",72,72,0,216");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"inputs": [[1, 3, 4]], "model": {"type": "Repeat", "times": 2, "layer":
                  {"type": "Parallel", "join": "add", "branches": [
                    {"type": "Linear", "in_features": 4, "out_features": 4},
                    {"type": "Linear", "in_features": 4, "out_features": 5}]}}}""");
        FlopcheckCliTest.Run b = FlopcheckCliTest.run("count", bad.toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err().lines()).singleElement().asString()
                .startsWith("flopcheck: " + bad + ": $.model.layer (line 2, column 3): layer 0 (Parallel):")
                .contains("Parallel: branches 0 (1, 3, 4) and 1 (1, 3, 5) must have the same shape to be added");
    }
}
