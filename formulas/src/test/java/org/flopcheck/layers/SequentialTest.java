package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flopcheck.FlopcheckException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Test;

class SequentialTest {

    @Test
    void rows_are_named_like_torch_and_shapes_propagate() {
        Analysis a = Sequential.of(Conv1d.of(3, 8, 3), Conv1d.of(8, 4, 3)).analyze(Shape.of(2, 3, 20));
        assertThat(a.children()).extracting(Analysis::name).containsExactly("0", "1");
        assertThat(a.children().get(0).output()).isEqualTo(Shape.of(2, 8, 18));
        FlopcheckAssertions.assertThat(a).hasOutput(2, 4, 16);
    }

    @Test
    void totals_are_the_sums_of_the_rows_under_every_convention() {
        Analysis a = Sequential.of(Conv2d.of(3, 8, 3).padding(1), Conv2d.of(8, 8, 3), Linear.of(6, 10))
                .analyze(Shape.of(2, 3, 8, 8));
        for (Convention c : Conventions.library()) {
            long rows = a.children().stream().mapToLong(r -> c.count(r).total()).sum();
            assertThat(c.count(a).total()).as(c.id()).isEqualTo(rows);
        }
        long params = a.children().stream().mapToLong(r -> r.params().total()).sum();
        assertThat(a.params().total()).isEqualTo(params);
    }

    @Test
    void a_sequential_sums_its_rows_under_every_convention_and_in_parameters() {
        // stacks of 1 to 4 generated convolutions, each taking the previous one's output channels
        org.quicktheories.QuickTheory.qt().withFixedSeed(12L).withExamples(200)
                .forAll(org.flopcheck.testing.LayerGenerators.ints(1, 4, 1, 4, 1, 3, 6, 12, 0, 1))
                .checkAssert(v -> {
                    int depth = v[0];
                    long channels = v[1];
                    long kernel = v[2];
                    long size = v[3];
                    boolean bias = v[4] == 1;
                    java.util.List<Layer> rows = new java.util.ArrayList<>();
                    for (int i = 0; i < depth; i++) {
                        rows.add(Conv2d.of(channels + i, channels + i + 1, kernel).padding(kernel / 2).bias(bias));
                    }
                    Analysis a = Sequential.of(rows.toArray(new Layer[0])).analyze(Shape.of(2, channels, size, size));
                    for (Convention c : Conventions.library()) {
                        assertThat(c.count(a).total()).isEqualTo(a.children().stream()
                                .mapToLong(r -> c.count(r).total()).sum());
                    }
                    assertThat(a.params().total()).isEqualTo(a.children().stream()
                            .mapToLong(r -> r.params().total()).sum());
                    assertThat(a.output()).isEqualTo(a.children().get(depth - 1).output());
                });
    }

    @Test
    void contributions_carry_the_row_path() {
        Analysis a = Sequential.of(Linear.of(4, 4), Linear.of(4, 2)).analyze(Shape.of(1, 4));
        assertThat(Conventions.MACS.count(a).contributions()).extracting(c -> c.path())
                .containsExactly("0", "1");
    }

    @Test
    void a_shape_that_does_not_fit_names_the_row() {
        Sequential net = Sequential.of(Linear.of(512, 10), Linear.of(20, 5));
        assertThatThrownBy(() -> net.analyze(Shape.of(1, 512)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("layer 1 (Linear): Linear expects input (*, H_in=20), got (1, 10)")
                .satisfies(e -> assertThat(((FlopcheckException) e).path()).containsExactly("1"));
    }

    @Test
    void nested_rows_report_the_whole_path() {
        Map<String, Layer> inner = new LinkedHashMap<>();
        inner.put("fc", Linear.of(3, 3));
        Map<String, Layer> outer = new LinkedHashMap<>();
        outer.put("head", Sequential.of(inner));
        assertThatThrownBy(() -> Sequential.of(outer).analyze(Shape.of(1, 4)))
                .hasMessage("layer head.fc (Linear): Linear expects input (*, H_in=3), got (1, 4)");
    }

    @Test
    void repr_matches_torch() {
        assertThat(Sequential.of(Linear.of(2, 3), Linear.of(3, 1)))
                .hasToString("Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n"
                        + "  (1): Linear(in_features=3, out_features=1, bias=True)\n)");
    }
}
