package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.testing.FlopcheckAssertions.assertThat;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/** Dropout, Flatten and Identity: shapes only, torch's reprs and refusals. */
class ShapeLayersTest {

    @Test
    void should_pass_the_input_through_dropout_in_eval_mode() {
        Analysis a = Dropout.of(0.1).analyze(Shape.of(8, 512));
        assertThat(a).hasOutput(8, 512).hasParams(0).counts(Conventions.EXACT, 0);
        assertThat(a.allTerms()).isEmpty();
        assertThat(Dropout.of(0).analyze(Shape.of())).hasOutput();
        assertThat(Dropout.of(1).inplace(true).analyze(Shape.of(3))).hasOutput(3);
    }

    @Test
    void should_print_dropout_as_torch_does() {
        assertThat(Dropout.of()).hasToString("Dropout(p=0.5, inplace=False)");
        assertThat(Dropout.of(0.1).inplace(true)).hasToString("Dropout(p=0.1, inplace=True)");
        assertThat(Dropout.of(0)).hasToString("Dropout(p=0.0, inplace=False)");
    }

    @Test
    void should_reject_a_dropout_probability_outside_zero_to_one() {
        assertThatThrownBy(() -> Dropout.of(1.5)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Dropout: p (1.5) must be between 0 and 1");
        assertThatThrownBy(() -> Dropout.of(-0.1)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Dropout: p (-0.1) must be between 0 and 1");
        assertThatThrownBy(() -> Dropout.of(Double.NaN)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Dropout: p (nan) must be between 0 and 1");
    }

    @Test
    void should_flatten_everything_but_the_batch_by_default() {
        assertThat(Flatten.of().analyze(Shape.of(1, 512, 7, 7))).hasOutput(1, 512 * 7 * 7).hasParams(0)
                .counts(Conventions.EXACT, 0);
    }

    @Test
    void should_flatten_ranges_given_by_negative_dimensions() {
        assertThat(Flatten.of(0, -1).analyze(Shape.of(2, 3, 4))).hasOutput(24);
        assertThat(Flatten.of(-3, -2).analyze(Shape.of(2, 3, 4, 5))).hasOutput(2, 12, 5);
        assertThat(Flatten.of().startDim(1).endDim(2).analyze(Shape.of(2, 3, 4, 5))).hasOutput(2, 12, 5);
    }

    @Test
    void should_leave_the_shape_when_start_and_end_are_the_same_dimension() {
        assertThat(Flatten.of(1, -2).analyze(Shape.of(2, 3, 4))).hasOutput(2, 3, 4);
    }

    @Test
    void should_flatten_a_scalar_to_one_element() {
        assertThat(Flatten.of(0, -1).analyze(Shape.of())).hasOutput(1);
    }

    @Test
    void should_reject_a_flatten_dimension_out_of_range() {
        assertThatThrownBy(() -> Flatten.of().analyze(Shape.of(5))).isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("Flatten: start_dim (1) is out of range for input (5,) of rank 1")
                .hasMessageContaining("expected to be in range of [-1, 0], but got 1");
        assertThatThrownBy(() -> Flatten.of().analyze(Shape.of())).isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("Flatten: start_dim (1) is out of range for input () of rank 0");
    }

    @Test
    void should_reject_a_start_dimension_after_the_end_dimension() {
        assertThatThrownBy(() -> Flatten.of(2, 1).analyze(Shape.of(2, 3, 4))).isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("start_dim cannot come after end_dim");
        assertThatThrownBy(() -> Flatten.of(-1, 0).analyze(Shape.of(2, 3))).isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("Flatten: start_dim (-1, dimension 1 of input (2, 3)) comes after end_dim (0,"
                        + " dimension 0)");
    }

    @Test
    void should_print_flatten_and_identity_as_torch_does() {
        assertThat(Flatten.of()).hasToString("Flatten(start_dim=1, end_dim=-1)");
        assertThat(Flatten.of(0, 2)).hasToString("Flatten(start_dim=0, end_dim=2)");
        assertThat(Identity.of()).hasToString("Identity()");
    }

    @Test
    void should_return_the_input_from_identity() {
        Analysis a = Identity.of().analyze(Shape.of(2, 3));
        assertThat(a).hasOutput(2, 3).hasParams(0).counts(Conventions.EXACT, 0);
        assertThatThrownBy(() -> Identity.of().analyze(Shape.of(2), Shape.of(2)))
                .isInstanceOf(InvalidShapeException.class).hasMessageContaining("Identity takes 1 input, got 2");
    }

    @Test
    void should_pass_shapes_through_a_sequential_of_shape_layers() {
        Analysis a = Sequential.of(MaxPool2d.of(2), Flatten.of(), Dropout.of(0.2), ReLU.of(), Identity.of())
                .analyze(Shape.of(2, 3, 8, 8));
        assertThat(a).hasOutput(2, 3 * 4 * 4).counts(Conventions.EXACT, 2 * 3 * 16 * 3 + 2 * 48);
    }
}
