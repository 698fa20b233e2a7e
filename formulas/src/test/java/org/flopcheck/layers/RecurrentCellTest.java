package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.testing.FlopcheckAssertions.assertThat;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Parameter;
import org.junit.jupiter.api.Test;

/** Worked numbers, torch's reprs and refusals of RNNCell, LSTMCell and GRUCell. Every number is worked out here. */
class RecurrentCellTest {

    @Test
    void should_count_the_rnn_cell_worked_example() {
        long batch = 3;
        long perStep = (20 * 10 + 20 * 9) + (20 * 20 + 20 * 19) + 2 * 20 + 20 + 20;
        assertThat(RNNCell.of(10, 20).analyze(Shape.of(3, 10)))
                .hasParams(20 * 10 + 20 * 20 + 2 * 20).hasParams(640)
                .counts(Conventions.MACS, batch * (20 * 10 + 20 * 20)).counts(Conventions.MACS, 1_800)
                .counts(Conventions.EXACT, batch * perStep).counts(Conventions.EXACT, 3_720)
                .hasOutput(3, 20);
    }

    @Test
    void should_count_torchs_documentation_lstm_cell_example() {
        long batch = 3;
        long rows = 4 * 20;
        long perStep = (rows * 10 + rows * 9) + (rows * 20 + rows * 19) + 2 * rows + rows
                + 3 * 20 + 20 + 2 * 20 + 20 + 20 + 20;
        Analysis a = LSTMCell.of(10, 20).analyze(Shape.of(3, 10), Shape.of(3, 20), Shape.of(3, 20));
        assertThat(a).hasParams(rows * 10 + rows * 20 + 2 * rows).hasParams(2_560)
                .counts(Conventions.MACS, batch * rows * (10 + 20)).counts(Conventions.MACS, 7_200)
                .counts(Conventions.EXACT, batch * perStep).counts(Conventions.EXACT, 15_180);
        assertThat(a.outputs()).containsExactly(Shape.of(3, 20), Shape.of(3, 20));
    }

    @Test
    void should_count_the_gru_cell_worked_example() {
        long batch = 3;
        long rows = 3 * 20;
        long perStep = (rows * 10 + rows * 9) + (rows * 20 + rows * 19) + 2 * rows + rows
                + 2 * 20 + 20 + 20 + 20 + 20 + 20;
        assertThat(GRUCell.of(10, 20).analyze(Shape.of(3, 10)))
                .hasParams(rows * 10 + rows * 20 + 2 * rows).hasParams(1_920)
                .counts(Conventions.MACS, batch * rows * (10 + 20)).counts(Conventions.MACS, 5_400)
                .counts(Conventions.EXACT, batch * perStep).counts(Conventions.EXACT, 11_400);
    }

    @Test
    void should_name_the_cell_tensors_without_a_layer_suffix() {
        Analysis a = GRUCell.of(4, 8).analyze(Shape.of(4));
        assertThat(a.parameters()).extracting(Parameter::name)
                .containsExactly("weight_ih", "weight_hh", "bias_ih", "bias_hh");
        assertThat(a.parameters()).extracting(Parameter::shape)
                .containsExactly(Shape.of(24, 4), Shape.of(24, 8), Shape.of(24), Shape.of(24));
        assertThat(a.output()).isEqualTo(Shape.of(8));
    }

    @Test
    void should_print_torchs_cell_repr() {
        assertThat(LSTMCell.of(10, 20)).hasToString("LSTMCell(10, 20)");
        assertThat(GRUCell.of(10, 20).bias(false)).hasToString("GRUCell(10, 20, bias=False)");
        // RNNCellBase.extra_repr formats the nonlinearity without quotes
        assertThat(RNNCell.of(10, 20).bias(false).nonlinearity("relu"))
                .hasToString("RNNCell(10, 20, bias=False, nonlinearity=relu)");
        assertThat(RNNCell.of(10, 20).nonlinearity("tanh")).hasToString("RNNCell(10, 20)");
    }

    @Test
    void should_reject_an_unknown_cell_nonlinearity() {
        assertThatThrownBy(() -> RNNCell.of(10, 20).nonlinearity("gelu")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("RNNCell: nonlinearity 'gelu' is not one of 'tanh', 'relu'");
    }

    @Test
    void should_reject_a_cell_hidden_size_of_zero() {
        assertThatThrownBy(() -> LSTMCell.of(10, 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("LSTMCell: hidden_size (0) must be positive");
    }

    @Test
    void should_reject_a_cell_input_size_of_zero() {
        assertThatThrownBy(() -> GRUCell.of(0, 20)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("GRUCell: input_size (0) must be positive");
    }

    @Test
    void should_reject_a_cell_input_with_the_wrong_number_of_features() {
        assertThatThrownBy(() -> GRUCell.of(10, 20).analyze(Shape.of(3, 8))).isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("GRUCell expects input (N, H_in=10) or unbatched (H_in=10), got (3, 8):"
                        + " 8 input features, not input_size 10");
    }

    @Test
    void should_reject_a_sequence_given_to_a_cell() {
        assertThatThrownBy(() -> RNNCell.of(10, 20).analyze(Shape.of(5, 3, 10))).isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("RNNCell expects input (N, H_in=10) or unbatched (H_in=10), got (5, 3, 10)");
    }

    @Test
    void should_reject_a_hidden_state_with_another_batch_size() {
        assertThatThrownBy(() -> RNNCell.of(10, 20).analyze(Shape.of(3, 10), Shape.of(2, 20)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("RNNCell expects hx (N=3, H=20), got (2, 20)");
    }

    @Test
    void should_reject_a_batched_hidden_state_for_an_unbatched_input() {
        assertThatThrownBy(() -> GRUCell.of(10, 20).analyze(Shape.of(10), Shape.of(1, 20)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("GRUCell expects hx (H=20) for an unbatched input, got (1, 20)");
    }

    @Test
    void should_reject_a_cell_state_of_the_wrong_size() {
        assertThatThrownBy(() -> LSTMCell.of(10, 20).analyze(Shape.of(3, 10), Shape.of(3, 20), Shape.of(3, 10)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("LSTMCell expects c_0 (N=3, H=20), got (3, 10)");
    }

    @Test
    void should_reject_an_lstm_cell_hidden_state_without_its_cell_state() {
        assertThatThrownBy(() -> LSTMCell.of(10, 20).analyze(Shape.of(3, 10), Shape.of(3, 20)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("LSTMCell takes the input alone or with h_0 and c_0 (3 inputs), got 2 inputs");
    }
}
