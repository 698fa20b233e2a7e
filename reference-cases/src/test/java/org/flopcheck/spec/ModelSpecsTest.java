package org.flopcheck.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flopcheck.InvalidSpecException;
import org.flopcheck.json.JsonValues;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.layers.TransformerEncoder;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.models.MobileNetV2;
import org.flopcheck.models.ResNet;
import org.junit.jupiter.api.Test;

/** Specs of Transformer encoders and torchvision models: nested layer objects, builder keywords, refusals. */
class ModelSpecsTest {

    static ModelSpec read(String json) {
        return SpecReader.model(JsonValues.parse(json));
    }

    @Test
    void an_encoder_reads_its_layer_and_norm_as_nested_specs() {
        ModelSpec spec = read("""
                {"inputs": [[10, 2, 16]], "model": {"type": "TransformerEncoder", "num_layers": 3,
                 "encoder_layer": {"type": "TransformerEncoderLayer", "d_model": 16, "nhead": 4,
                                   "dim_feedforward": 32, "activation": "gelu", "norm_first": true,
                                   "layer_norm_eps": 1e-6, "dropout": 0.0, "batch_first": false},
                 "norm": {"type": "LayerNorm", "normalized_shape": 16}, "enable_nested_tensor": false}}""");

        TransformerEncoder expected = TransformerEncoder.of(TransformerEncoderLayer.of(16, 4, 32).activation("gelu")
                .normFirst(true).layerNormEps(1e-6).dropout(0.0), 3).norm(LayerNorm.of(16));
        assertThat(spec.model()).hasToString(expected.toString());
        Analysis a = spec.model().analyze(spec.inputs());
        assertThat(a.children()).extracting(Analysis::name).containsExactly("layers.0", "layers.1", "layers.2",
                "norm");
    }

    @Test
    void an_encoder_layer_must_be_a_transformer_encoder_layer() {
        assertThatThrownBy(() -> read("""
                {"inputs": [[10, 2, 16]], "model": {"type": "TransformerEncoder", "num_layers": 2,
                 "encoder_layer": {"type": "Linear", "in_features": 16, "out_features": 16}}}"""))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("$.model.encoder_layer (line 2, column 19): TransformerEncoder argument"
                        + " 'encoder_layer' must be a TransformerEncoderLayer, got Linear");
    }

    @Test
    void an_unknown_activation_is_reported_at_its_field() {
        assertThatThrownBy(() -> read("""
                {"inputs": [[10, 2, 16]], "model": {"type": "TransformerEncoderLayer", "d_model": 16, "nhead": 4,
                 "activation": "tanh"}}"""))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("$.model.activation (line 2, column 16): TransformerEncoderLayer: activation"
                        + " 'tanh' is not one of 'relu', 'gelu'");
    }

    @Test
    void a_torchvision_model_takes_its_builders_keywords() {
        ModelSpec spec = read("""
                {"inputs": [[1, 3, 224, 224]], "model": {"type": "torchvision.models.resnet50", "num_classes": 10,
                 "weights": null, "progress": false, "replace_stride_with_dilation": [false, true, true]}}""");

        assertThat(spec.model()).hasToString(ResNet.resnet50().numClasses(10)
                .replaceStrideWithDilation(false, true, true).toString());
        ModelSpec mobilenet = read("""
                {"inputs": [[1, 3, 224, 224]], "model": {"type": "torchvision.models.mobilenet_v2",
                 "width_mult": 0.5, "inverted_residual_setting": [[1, 16, 1, 1], [6, 24, 2, 2]]}}""");
        assertThat(mobilenet.model()).hasToString(MobileNetV2.of().widthMult(0.5)
                .invertedResidualSetting(new long[] {1, 16, 1, 1}, new long[] {6, 24, 2, 2}).toString());
    }

    @Test
    void pretrained_weights_are_refused() {
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 3, 224, 224]], "model": {"type": "torchvision.models.vgg16",
                 "weights": "IMAGENET1K_V1"}}"""))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("$.model.weights (line 2, column 13): torchvision.models.vgg16 argument 'weights' must be"
                        + " null: flopcheck counts the architecture, never pretrained weights");
    }

    @Test
    void a_malformed_keyword_of_a_torchvision_model_is_reported_at_its_field() {
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 3, 224, 224]], "model": {"type": "torchvision.models.resnet18",
                 "replace_stride_with_dilation": [false, 1, false]}}"""))
                .hasMessageContaining("$.model.replace_stride_with_dilation[1]")
                .hasMessageContaining("must be true or false, got the integer 1");
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 3, 224, 224]], "model": {"type": "torchvision.models.mobilenet_v2",
                 "inverted_residual_setting": [[1, 16, 1]]}}"""))
                .hasMessageStartingWith("$.model.inverted_residual_setting (line 2, column 31): MobileNetV2:"
                        + " inverted_residual_setting must be a non-empty list of [t, c, n, s] rows");
        assertThatThrownBy(() -> read("""
                {"inputs": [[1, 3, 224, 224]], "model": {"type": "torchvision.models.alexnet", "num_class": 10}}"""))
                .hasMessageContaining("has no argument 'num_class'; did you mean 'num_classes'?");
    }
}
