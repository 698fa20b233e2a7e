package org.flopcheck.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flopcheck.InvalidSpecException;
import org.flopcheck.json.JsonValues;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/** Specs read from JSON text: torch's names and defaults, and one refusal per kind of mistake. */
class SpecReaderTest {

    static ModelSpec read(String json) {
        return SpecReader.model(JsonValues.parse(json));
    }

    static final String KWS = """
            { "name": "kws",
              "inputs": [[1, 1, 130, 40]],
              "model": {"type": "Sequential", "layers": [
                  {"type": "Conv2d", "in_channels": 1, "out_channels": 32, "kernel_size": [4, 10],
                   "stride": [2, 8], "bias": false},
                  {"type": "Linear", "in_features": 4, "out_features": 4, "name": "head"}]}}
            """;

    @Test
    void reads_torch_names_and_keeps_torch_defaults_for_omitted_arguments() {
        ModelSpec spec = read(KWS);
        assertThat(spec.name()).contains("kws");
        assertThat(spec.inputs().get(0)).isEqualTo(Shape.of(1, 1, 130, 40));
        Sequential seq = (Sequential) spec.model();
        assertThat(seq.layers()).containsOnlyKeys("0", "head");
        assertThat(seq.layers().get("0").toString())
                .isEqualTo(Conv2d.of(1, 32, Dims.of(4, 10)).stride(2, 8).bias(false).toString());
    }

    @Test
    void a_scalar_argument_expands_to_every_dimension() {
        ModelSpec spec = read("""
                {"inputs": [[1, 3, 8, 8]], "model": {"type": "Conv2d", "in_channels": 3, "out_channels": 6,
                 "kernel_size": 3, "padding": "same", "groups": 3}}""");
        assertThat(spec.model()).hasToString(
                "Conv2d(3, 6, kernel_size=(3, 3), stride=(1, 1), padding=same, groups=3)");
    }

    @Test
    void an_input_may_be_the_same_tensor_as_an_earlier_one() {
        ModelSpec spec = read("""
                {"inputs": [[2, 5, 4], {"same_as": 0}], "model": {"type": "Linear", "in_features": 4,
                 "out_features": 2}}""");
        assertThat(spec.inputs().same(0, 1)).isTrue();
        assertThat(spec.inputs().get(1)).isEqualTo(Shape.of(2, 5, 4));
    }

    @Test
    void unknown_layer_type_suggests_the_closest_name() {
        assertThatThrownBy(() -> read("{\"inputs\": [[1, 4]], \"model\": {\"type\": \"Conv2D\"}}"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("$.model.type (line 1, column 40): unknown layer type 'Conv2D'; did you"
                        + " mean 'Conv2d'?");
    }

    @Test
    void unknown_argument_suggests_the_closest_keyword() {
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 1, 8]], "model": {"type": "Conv1d", "in_channels": 1, "out_channels": 1,
                 "kernal_size": 3}}"""))
                .hasMessageStartingWith("$.model.kernal_size (line 2, column 17): Conv1d has no argument 'kernal_size';"
                        + " did you mean 'kernel_size'? (Conv1d needs argument 'kernel_size'");
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 1, 8]], "model": {"type": "Conv1d", "in_channels": 1, "out_channels": 1,
                 "kernel_size": 3, "strides": 2}}"""))
                .hasMessageStartingWith("$.model.strides (line 2, column 31): Conv1d has no argument 'strides'; did"
                        + " you mean 'stride'?");
    }

    @Test
    void wrong_value_types_name_the_field_and_what_is_allowed() {
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 1, 8, 8]], "model": {"type": "Conv2d", "in_channels": 1, "out_channels": 1,
                 "kernel_size": "3"}}"""))
                .hasMessage("$.model.kernel_size (line 2, column 17): Conv2d argument 'kernel_size' must be an"
                        + " integer or a list of 2 integers, got the string \"3\"");
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 1, 8, 8]], "model": {"type": "Conv2d", "in_channels": 1, "out_channels": 1,
                 "kernel_size": [3, 3, 3]}}"""))
                .hasMessageContaining("must be an integer or a list of 2 integers (3 given)");
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 4]], "model": {"type": "Linear", "in_features": 4, "out_features": 2,
                 "bias": "no"}}"""))
                .hasMessageContaining("$.model.bias").hasMessageContaining("must be true or false");
    }

    @Test
    void a_configuration_torch_rejects_is_reported_at_the_offending_argument() {
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 6, 8, 8]], "model": {"type": "Conv2d", "in_channels": 6, "out_channels": 8,
                 "kernel_size": 3, "groups": 4}}"""))
                .hasMessage("$.model.groups (line 2, column 30): Conv2d: in_channels (6) must be divisible by"
                        + " groups (4)");
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 1, 8]], "model": {"type": "Conv1d", "in_channels": 1, "out_channels": 1,
                 "kernel_size": 3, "stride": 2, "padding": "same"}}"""))
                .hasMessageStartingWith("$.model.padding (line 2, column 44): Conv1d: padding='same' is not"
                        + " supported for strided convolutions");
    }

    @Test
    void rows_of_a_sequential_are_located_by_index() {
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 4]], "model": {"type": "Sequential", "layers": [
                  {"type": "Linear", "in_features": 4, "out_features": 2},
                  {"type": "Linear", "in_features": 2, "out_features": 0}]}}"""))
                .hasMessage("$.model.layers[1].out_features (line 3, column 56): Linear: out_features (0) must be"
                        + " positive");
    }

    @Test
    void malformed_json_names_line_and_column() {
        assertThatThrownBy(() -> read("{\"inputs\": [[1, 4]], \"model\": {\"type\": \"Linear\",}}"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("$.model.type (line 1, column 49): malformed JSON: Unexpected character ('}'");
        assertThatThrownBy(() -> read("{\"inputs\": [[1, 4]], \"inputs\": [[2, 4]]}"))
                .hasMessageContaining("duplicate key 'inputs'");
        assertThatThrownBy(() -> read("{\"inputs\": [[1, 4]]} {}"))
                .hasMessageContaining("unexpected content after the JSON document");
    }

    @Test
    void inputs_must_be_positive_shapes_or_references_to_earlier_inputs() {
        assertThatThrownBy(() -> read("{\"inputs\": [[1, 0]], \"model\": {\"type\": \"Linear\", \"in_features\": 1,"
                + " \"out_features\": 1}}"))
                .hasMessage("$.inputs[0][1] (line 1, column 17): a shape's sizes must be positive integers, got the"
                        + " integer 0");
        assertThatThrownBy(() -> read("{\"inputs\": [{\"same_as\": 0}], \"model\": {\"type\": \"Identity\"}}"))
                .hasMessageContaining("the first input cannot be {\"same_as\": k}: there is no earlier input");
        assertThatThrownBy(() -> read("{\"inputs\": [[1], {\"same_as\": 1}], \"model\": {\"type\": \"Identity\"}}"))
                .hasMessageContaining("\"same_as\" must name an earlier input (0), got 1");
        assertThatThrownBy(() -> read("{\"model\": {\"type\": \"Linear\"}}"))
                .hasMessageContaining("a spec needs \"inputs\"");
        assertThatThrownBy(() -> read("{\"inputs\": [[1]], \"model\": {}, \"modle\": 1}"))
                .hasMessageContaining("unknown field 'modle'; did you mean 'model'?");
    }

    @Test
    void integers_beyond_64_bits_are_refused() {
        assertThatThrownBy(() -> read("{\"inputs\": [[1, 99999999999999999999]], \"model\": {\"type\": \"Linear\"}}"))
                .hasMessageContaining("the integer 99999999999999999999 does not fit in 64 bits");
    }
}
