package org.flopcheck.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flopcheck.InvalidSpecException;
import org.flopcheck.blocks.BertEmbeddings;
import org.flopcheck.blocks.BertPooler;
import org.flopcheck.blocks.Parallel;
import org.flopcheck.blocks.PositionEmbedding;
import org.flopcheck.blocks.Repeat;
import org.flopcheck.blocks.Residual;
import org.flopcheck.blocks.SelfAttention;
import org.flopcheck.json.JsonValues;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.RMSNorm;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/** The blocks and transformer modules read from JSON: names, defaults, rows, and one refusal per mistake. */
class BlockSpecTest {

    static ModelSpec read(String json) {
        return SpecReader.model(JsonValues.parse(json));
    }

    static String model(String layer) {
        return "{\"inputs\": [[2, 4]], \"model\": " + layer + "}";
    }

    @Test
    void reads_a_residual_with_and_without_a_shortcut() {
        Residual r = (Residual) read(model("""
                {"type": "Residual", "body": {"type": "Linear", "in_features": 4, "out_features": 4}}""")).model();
        assertThat(r.shortcut()).isEmpty();
        ModelSpec spec = read(model("""
                {"type": "Residual", "body": {"type": "Linear", "in_features": 4, "out_features": 4, "name": "fc"},
                 "shortcut": {"type": "Linear", "in_features": 4, "out_features": 4, "bias": false}}"""));
        Analysis a = spec.model().analyze(spec.inputs());
        assertThat(a.children()).extracting(Analysis::name).containsExactly("fc", "shortcut");
    }

    @Test
    void reads_a_parallel_with_named_branches() {
        ModelSpec spec = read(model("""
                {"type": "Parallel", "join": "mul", "branches": [
                   {"type": "Sequential", "name": "gate", "layers": [
                     {"type": "Linear", "in_features": 4, "out_features": 6, "bias": false}, {"type": "SiLU"}]},
                   {"type": "Linear", "name": "up", "in_features": 4, "out_features": 6, "bias": false}]}"""));
        Parallel p = (Parallel) spec.model();
        assertThat(p.join()).isEqualTo("mul");
        assertThat(p.branches()).containsOnlyKeys("gate", "up");
        assertThat(read(model("""
                {"type": "Parallel", "join": "concat", "dim": -1, "branches": [
                   {"type": "Linear", "in_features": 4, "out_features": 6},
                   {"type": "Linear", "in_features": 4, "out_features": 2}]}""")).model()
                .analyze(Shape.of(2, 4)).output()).isEqualTo(Shape.of(2, 8));
    }

    @Test
    void reads_a_repeat_as_independent_copies() {
        ModelSpec spec = read(model("""
                {"type": "Repeat", "times": 3, "layer": {"type": "Linear", "in_features": 4, "out_features": 4}}"""));
        assertThat(((Repeat) spec.model()).times()).isEqualTo(3);
        assertThat(spec.model().analyze(spec.inputs()).params().total()).isEqualTo(3 * 20);
    }

    @Test
    void reads_the_transformer_modules_with_their_defaults() {
        assertThat(read(model("""
                {"type": "RMSNorm", "normalized_shape": 4, "eps": 1e-5}""")).model().toString())
                .isEqualTo(RMSNorm.of(4).eps(1e-5).toString());
        assertThat(read(model("""
                {"type": "SelfAttention", "embed_dim": 8, "num_heads": 4, "num_kv_heads": 2, "bias": false,
                 "causal": true, "rotary": true}""")).model().toString())
                .isEqualTo(SelfAttention.of(8, 4).numKvHeads(2).bias(false).causal(true).rotary(true).toString());
        assertThat(read(model("""
                {"type": "SelfAttention", "embed_dim": 8, "num_heads": 4, "mask": "where", "causal": true,
                 "dropout": 0.1}""")).model().toString())
                .isEqualTo(SelfAttention.of(8, 4).causal(true).mask("where").dropout(0.1).toString());
        assertThat(read(model("""
                {"type": "BertEmbeddings", "vocab_size": 100, "hidden_size": 8, "max_position_embeddings": 64,
                 "type_vocab_size": 3, "layer_norm_eps": 1e-5, "hidden_dropout_prob": 0.0, "pad_token_id": 1}"""))
                .model().toString()).isEqualTo(BertEmbeddings.of(100, 8).maxPositionEmbeddings(64).typeVocabSize(3)
                .layerNormEps(1e-5).hiddenDropoutProb(0.0).padTokenId(1).toString());
        assertThat(read(model("{\"type\": \"BertPooler\", \"hidden_size\": 8}")).model().toString())
                .isEqualTo(BertPooler.of(8).toString());
        assertThat(read(model("{\"type\": \"PositionEmbedding\", \"num_embeddings\": 16, \"embedding_dim\": 8}"))
                .model().toString()).isEqualTo(PositionEmbedding.of(16, 8).toString());
    }

    @Test
    void refusals_name_the_json_path() {
        assertThatThrownBy(() -> read(model("{\"type\": \"Residual\"}")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("$.model (line 1, column 31): Residual needs argument 'body'");
        assertThatThrownBy(() -> read(model("""
                {"type": "Residual", "body": {"type": "Linear", "in_features": 4, "out_features": 4, "name": "x"},
                 "shortcut": {"type": "Identity", "name": "x"}}""")))
                .hasMessageContaining("$.model.shortcut").hasMessageContaining("Residual row name 'x' is used by both"
                        + " body and shortcut");
        assertThatThrownBy(() -> read(model("""
                {"type": "Parallel", "branches": [{"type": "Identity"}]}""")))
                .hasMessageContaining("Parallel needs argument 'join'");
        assertThatThrownBy(() -> read(model("""
                {"type": "Parallel", "join": "sum", "branches": [{"type": "Identity"}]}""")))
                .hasMessageContaining("$.model.join").hasMessageContaining("Parallel: join 'sum' is not one of");
        assertThatThrownBy(() -> read(model("""
                {"type": "Parallel", "join": "add", "dim": 1, "branches": [{"type": "Identity"}]}""")))
                .hasMessageContaining("$.model.dim")
                .hasMessageContaining("Parallel: dim (1) applies only to join 'concat', not 'add'");
        assertThatThrownBy(() -> read(model("""
                {"type": "Parallel", "join": "add", "branches": []}""")))
                .hasMessageContaining("$.model.branches")
                .hasMessageContaining("Parallel argument 'branches' must list at least one layer object");
        assertThatThrownBy(() -> read(model("""
                {"type": "Parallel", "join": "add", "branches": [{"type": "Identity", "name": "a"},
                  {"type": "Identity", "name": "a"}]}""")))
                .hasMessageContaining("$.model.branches[1].name").hasMessageContaining("Parallel branch name 'a' is"
                        + " used twice");
        assertThatThrownBy(() -> read(model("""
                {"type": "Repeat", "times": 0, "layer": {"type": "Identity"}}""")))
                .hasMessageContaining("$.model.times").hasMessageContaining("Repeat: times (0) must be positive");
        assertThatThrownBy(() -> read(model("""
                {"type": "Repeat", "times": 2, "layer": {"type": "Identity", "name": "block"}}""")))
                .hasMessageContaining("$.model.layer.name")
                .hasMessageContaining("Repeat names its copies 0 to times − 1");
        assertThatThrownBy(() -> read(model("""
                {"type": "Repeat", "layer": {"type": "Identity"}}""")))
                .hasMessageContaining("Repeat needs argument 'times'");
        assertThatThrownBy(() -> read(model("""
                {"type": "SelfAttention", "embed_dim": 8, "num_heads": 4, "num_kv_heads": 3}""")))
                .hasMessageContaining("$.model.num_kv_heads")
                .hasMessageContaining("SelfAttention: num_heads (4) must be divisible by num_kv_heads (3)");
        assertThatThrownBy(() -> read(model("""
                {"type": "SelfAttention", "embed_dim": 8, "num_heads": 4, "mask": "where"}""")))
                .hasMessageContaining("$.model.mask").hasMessageContaining("needs causal=True");
        assertThatThrownBy(() -> read(model("""
                {"type": "SelfAttention", "embed_dim": 8, "num_heads": 4, "causal": true, "rotaty": true}""")))
                .hasMessageContaining("$.model.rotaty")
                .hasMessageContaining("SelfAttention has no argument 'rotaty'; did you mean 'rotary'?");
        assertThatThrownBy(() -> read(model("""
                {"type": "RMSNorm", "normalized_shape": 4, "bias": false}""")))
                .hasMessageContaining("RMSNorm has no argument 'bias'");
        assertThatThrownBy(() -> read(model("""
                {"type": "Residual", "body": {"type": "Linear", "in_features": 4, "out_features": "4"}}""")))
                .hasMessageContaining("$.model.body.out_features")
                .hasMessageContaining("Linear argument 'out_features' must be an integer");
    }

    @Test
    void a_shape_mistake_inside_a_block_points_at_the_layer_in_the_file() {
        ModelSpec spec = read("""
                {"inputs": [[2, 4]], "model": {"type": "Sequential", "layers": [
                  {"type": "Repeat", "times": 2, "layer": {"type": "Residual",
                    "body": {"type": "Linear", "in_features": 4, "out_features": 3}}}]}}""");
        assertThatThrownBy(() -> spec.model().analyze(spec.inputs()))
                .isInstanceOfSatisfying(org.flopcheck.FlopcheckException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("layer 0.0 (Residual): Residual: body output (2, 3) and"
                            + " input (2, 4) must have the same shape to be added");
                    assertThat(e.origin().flatMap(spec::locationOf)).hasValueSatisfying(where ->
                            assertThat(where).startsWith("$.model.layers[0].layer"));
                });
    }
}
