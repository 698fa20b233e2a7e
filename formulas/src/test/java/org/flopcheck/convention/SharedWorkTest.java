package org.flopcheck.convention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flopcheck.blocks.Residual;
import org.flopcheck.blocks.SelfAttention;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.RMSNorm;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.SharedCalls;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.models.BasicBlock;
import org.flopcheck.models.Bottleneck;
import org.flopcheck.models.InvertedResidual;
import org.flopcheck.models.MobileNetV2;
import org.flopcheck.models.ResNet;
import org.flopcheck.models.VGG;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Sequential analyses one layer object that it calls again on the same inputs once, and conventions reuse what
 * they computed for a shared subtree ({@link Analysis#origin()}). Nothing a convention reports may change because
 * of that sharing: the same model built from distinct but equal layer objects, where nothing is shared, must give
 * every convention's total, parameters, failure and contributions, row by row. Likewise equal layers on equal
 * inputs anywhere in a model ({@link SharedCalls}), against the same model analysed without that sharing.
 */
class SharedWorkTest {

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("Bottleneck ×3", (Supplier<Layer>) () -> Bottleneck.of(256, 64), 3,
                        Shape.of(1, 256, 14, 14)),
                Arguments.of("BasicBlock ×2", (Supplier<Layer>) () -> BasicBlock.of(64, 64), 2, Shape.of(2, 64, 8, 8)),
                Arguments.of("InvertedResidual ×3", (Supplier<Layer>) () -> InvertedResidual.of(16, 16, 1, 6), 3,
                        Shape.of(1, 16, 10, 10)),
                Arguments.of("pre-norm self-attention ×3", (Supplier<Layer>) () -> Residual.of(
                        Sequential.of(RMSNorm.of(32), SelfAttention.of(32, 4))), 3, Shape.of(1, 7, 32)),
                Arguments.of("LSTM ×2", (Supplier<Layer>) () -> LSTM.of(8, 8), 2, Shape.of(5, 1, 8)),
                Arguments.of("TransformerEncoderLayer ×2", (Supplier<Layer>) () -> TransformerEncoderLayer.of(16, 4),
                        2, Shape.of(5, 1, 16)),
                Arguments.of("Linear ×3", (Supplier<Layer>) () -> Linear.of(8, 8), 3, Shape.of(4, 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void one_layer_object_called_again_counts_as_equal_distinct_objects(String name, Supplier<Layer> layer, int times,
                                                                        Shape input) {
        Layer same = layer.get();
        Layer[] shared = new Layer[times];
        Layer[] distinct = new Layer[times];
        for (int i = 0; i < times; i++) {
            shared[i] = same;
            distinct[i] = layer.get();
        }
        Analysis withSharing = Sequential.of(shared).analyze(input);
        Analysis without = SharedCalls.unshared(() -> Sequential.of(distinct).analyze(input));
        Analysis byValue = Sequential.of(distinct).analyze(input);
        assertThat(withSharing.children().get(1).origin()).as("the second call reuses the first's analysis")
                .isSameAs(withSharing.children().get(0).origin());
        assertThat(without.children().get(1).origin()).isNotSameAs(without.children().get(0).origin());

        assertThat(origins(without)).as("nothing shared by equality").isEqualTo(rows(without));
        for (Convention c : Conventions.all()) {
            assertThat(describe(c.outcome(withSharing))).as("%s under %s", name, c.id())
                    .isEqualTo(describe(c.outcome(without)));
            assertThat(describe(c.outcome(byValue))).as("%s under %s, equal layers shared", name, c.id())
                    .isEqualTo(describe(c.outcome(without)));
        }
    }

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("resnet50", (Supplier<Layer>) ResNet::resnet50, Shape.of(1, 3, 224, 224)),
                Arguments.of("resnet18", (Supplier<Layer>) ResNet::resnet18, Shape.of(2, 3, 64, 64)),
                Arguments.of("mobilenet_v2", (Supplier<Layer>) MobileNetV2::of, Shape.of(1, 3, 224, 224)),
                Arguments.of("vgg11 with batch norm", (Supplier<Layer>) () -> VGG.of(VGG.Config.A, true),
                        Shape.of(1, 3, 32, 32)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void equal_layers_on_equal_inputs_in_different_places_count_as_if_analysed_apart(String name,
                                                                                   Supplier<Layer> network,
                                                                                   Shape input) {
        Analysis shared = network.get().analyze(input);
        Analysis apart = SharedCalls.unshared(() -> network.get().analyze(input));
        assertThat(origins(shared)).as("equal calls share an analysis").isLessThan(origins(apart));
        for (Convention c : Conventions.all()) {
            assertThat(describe(c.outcome(shared))).as("%s under %s", name, c.id())
                    .isEqualTo(describe(c.outcome(apart)));
        }
    }

    /** How many analyses the tree holds, copies included. */
    private static long rows(Analysis a) {
        return a.walk().count();
    }

    /** How many distinct analyses ({@link Analysis#origin()}) the tree holds. */
    private static long origins(Analysis a) {
        return a.walk().map(Analysis::origin).distinct().count();
    }

    /** Everything an outcome says, as comparable values. */
    private static List<Object> describe(Outcome outcome) {
        if (outcome instanceof Outcome.Failed f) {
            return List.of("fails", f.reason(), f.rule().id());
        }
        Outcome.Counted counted = (Outcome.Counted) outcome;
        return List.of(counted.count().total(), counted.params(), counted.trainableParams(),
                counted.count().contributions().stream().map(p -> List.of(p.path(), p.layer(), p.name(),
                        p.formula().plain(), p.values().toString(), p.weight(), p.value(), p.rule().id())).toList());
    }
}
