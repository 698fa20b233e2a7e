package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.flopcheck.FlopcheckException;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Calls are shared only when provably the same work: equal layers on equal inputs, within one model. Layers that
 * share must be indistinguishable (the same repr), every argument must tell layers apart, and nothing may be
 * remembered from one model's analysis to the next, or after a failure.
 */
class SharedCallsTest {

    private static final Conv2d CONV = Conv2d.of(16, 32, 3);
    private static final BatchNorm2d BN = BatchNorm2d.of(16);

    /** Each argument changed on its own, from the base layer: none of these may equal the base. */
    static Stream<Arguments> changedArguments() {
        return Stream.of(
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> Conv2d.of(17, 32, 3)),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> Conv2d.of(16, 33, 3)),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> Conv2d.of(16, 32, Dims.of(3, 5))),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.stride(2)),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.stride(1, 2)),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.padding(1)),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.padding("same")),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.padding("valid")),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.dilation(2)),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.groups(2)),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.bias(false)),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> CONV.paddingMode("reflect")),
                Arguments.of(CONV, (UnaryOperator<Layer>) l -> Conv1d.of(16, 32, 3)),
                Arguments.of(BN, (UnaryOperator<Layer>) l -> BatchNorm2d.of(17)),
                Arguments.of(BN, (UnaryOperator<Layer>) l -> BN.eps(1e-3)),
                Arguments.of(BN, (UnaryOperator<Layer>) l -> BN.momentum(0.2)),
                Arguments.of(BN, (UnaryOperator<Layer>) l -> BN.momentum(java.util.OptionalDouble.empty())),
                Arguments.of(BN, (UnaryOperator<Layer>) l -> BN.affine(false)),
                Arguments.of(BN, (UnaryOperator<Layer>) l -> BN.trackRunningStats(false)),
                Arguments.of(BN, (UnaryOperator<Layer>) l -> InstanceNorm2d.of(16)),
                Arguments.of(BN, (UnaryOperator<Layer>) l -> BatchNorm1d.of(16)),
                Arguments.of(ReLU.of(), (UnaryOperator<Layer>) l -> ReLU.of().inplace(true)),
                Arguments.of(ReLU6.of(), (UnaryOperator<Layer>) l -> ReLU6.of().inplace(true)),
                Arguments.of(ReLU.of(), (UnaryOperator<Layer>) l -> ReLU6.of()));
    }

    @ParameterizedTest(name = "{0} against {index}")
    @MethodSource("changedArguments")
    void every_argument_tells_layers_apart(Layer base, UnaryOperator<Layer> change) {
        Layer changed = change.apply(base);
        assertThat(changed).isNotEqualTo(base);
        assertThat(base).isNotEqualTo(changed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("equalPairs")
    void layers_built_alike_are_equal_and_print_alike(Layer a, Layer b) {
        assertThat(a).isNotSameAs(b).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo(b.toString());
    }

    static Stream<Arguments> equalPairs() {
        return Stream.of(
                Arguments.of(Conv2d.of(16, 32, 3).stride(2).padding(1).bias(false),
                        Conv2d.of(16, 32, Dims.of(3, 3)).stride(2, 2).padding(1, 1).bias(false)),
                Arguments.of(Conv1d.of(4, 8, 5).padding("same").paddingMode("circular"),
                        Conv1d.of(4, 8, 5).paddingMode("circular").padding("same")),
                Arguments.of(BatchNorm2d.of(64).eps(1e-3), BatchNorm2d.of(64).eps(1e-3)),
                Arguments.of(InstanceNorm2d.of(8).affine(true), InstanceNorm2d.of(8).affine(true)),
                Arguments.of(ReLU.of().inplace(true), ReLU.of().inplace(true)),
                Arguments.of(ReLU6.of(), ReLU6.of()));
    }

    @Test
    void equal_layers_on_equal_inputs_share_one_analysis_within_a_model() {
        Shape x = Shape.of(1, 16, 8, 8);
        Analysis a = Sequential.of(BatchNorm2d.of(16), ReLU.of(), BatchNorm2d.of(16), ReLU.of()).analyze(x);
        List<Analysis> rows = a.children();
        assertThat(rows.get(2).origin()).isSameAs(rows.get(0).origin());
        assertThat(rows.get(3).origin()).isSameAs(rows.get(1).origin());
        assertThat(rows.get(2).name()).isEqualTo("2");
    }

    @Test
    void equal_layers_on_different_inputs_do_not_share() {
        Analysis a = Sequential.of(Conv2d.of(16, 16, 3).stride(2), Conv2d.of(16, 16, 3).stride(2))
                .analyze(Shape.of(1, 16, 32, 32));
        assertThat(a.children().get(1).origin()).isNotSameAs(a.children().get(0).origin());
        assertThat(a.children().get(1).inputs().get(0)).isEqualTo(Shape.of(1, 16, 15, 15));
    }

    @Test
    void nothing_is_remembered_from_one_model_to_the_next() {
        Layer model = Sequential.of(Conv2d.of(3, 8, 3), BatchNorm2d.of(8), ReLU.of());
        Analysis first = model.analyze(Shape.of(1, 3, 16, 16));
        Analysis second = model.analyze(Shape.of(1, 3, 16, 16));
        for (int i = 0; i < 3; i++) {
            assertThat(second.children().get(i).origin()).isNotSameAs(first.children().get(i).origin());
        }
    }

    @Test
    void a_failed_analysis_leaves_nothing_behind() {
        Conv2d conv = Conv2d.of(3, 8, 3);
        Layer failing = Sequential.of(conv, Linear.of(5, 5));
        assertThatThrownBy(() -> failing.analyze(Shape.of(1, 3, 16, 16))).isInstanceOf(FlopcheckException.class);
        Analysis after = Sequential.of(conv).analyze(Shape.of(1, 3, 16, 16));
        Analysis again = Sequential.of(conv).analyze(Shape.of(1, 3, 16, 16));
        assertThat(again.children().get(0).origin()).isNotSameAs(after.children().get(0).origin());
    }

    @Test
    void unshared_analyses_share_only_a_layer_object_called_again_in_a_row() {
        Shape x = Shape.of(1, 16, 8, 8);
        ReLU relu = ReLU.of();
        Analysis a = SharedCalls.unshared(() -> Sequential.of(BatchNorm2d.of(16), BatchNorm2d.of(16), relu, relu)
                .analyze(x));
        List<Analysis> rows = a.children();
        assertThat(rows.get(1).origin()).isNotSameAs(rows.get(0).origin());
        assertThat(rows.get(3).origin()).isSameAs(rows.get(2).origin());
    }
}
