package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.testing.FlopcheckAssertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.flopcheck.CountOverflowException;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Parameter;
import org.junit.jupiter.api.Test;

/** Worked numbers, torch's reprs and refusals of RNN, LSTM and GRU. Every expected number is worked out here. */
class RecurrentTest {

    // ---- parameters -------------------------------------------------------------------------------------------

    @Test
    void should_count_four_gate_blocks_of_weights_and_two_biases_in_an_lstm() {
        long weightIh = 4 * 256 * 128;
        long weightHh = 4 * 256 * 256;
        long biases = 2 * (4 * 256);
        assertThat(LSTM.of(128, 256).analyze(Shape.of(10, 1, 128))).hasParams(weightIh + weightHh + biases)
                .hasParams(395_264);
    }

    @Test
    void should_count_three_gate_blocks_of_weights_and_two_biases_in_a_gru() {
        long weightIh = 3 * 256 * 128;
        long weightHh = 3 * 256 * 256;
        long biases = 2 * (3 * 256);
        assertThat(GRU.of(128, 256).analyze(Shape.of(10, 1, 128))).hasParams(weightIh + weightHh + biases)
                .hasParams(296_448);
    }

    @Test
    void should_give_upper_layers_both_directions_outputs_as_input() {
        LSTM lstm = LSTM.of(128, 256).numLayers(2).batchFirst(true).bidirectional(true);
        long layer0PerDirection = 4 * 256 * 128 + 4 * 256 * 256 + 2 * 4 * 256;
        long layer1PerDirection = 4 * 256 * (2 * 256) + 4 * 256 * 256 + 2 * 4 * 256;
        Analysis a = lstm.analyze(Shape.of(4, 10, 128));
        assertThat(a).hasParams(2 * layer0PerDirection + 2 * layer1PerDirection);
        assertThat(a.outputs()).containsExactly(Shape.of(4, 10, 2 * 256), Shape.of(2 * 2, 4, 256),
                Shape.of(2 * 2, 4, 256));
    }

    @Test
    void should_name_and_shape_every_tensor_as_torch_does() {
        Analysis a = LSTM.of(10, 20).projSize(5).numLayers(2).bidirectional(true).analyze(Shape.of(3, 1, 10));
        assertThat(a.parameters()).extracting(Parameter::name).containsExactly(
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_hr_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_hr_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
                "weight_hr_l1_reverse");
        assertThat(a.parameters()).extracting(Parameter::shape).startsWith(
                Shape.of(80, 10), Shape.of(80, 5), Shape.of(80), Shape.of(80), Shape.of(5, 20));
        // layer 1 reads both directions' projected outputs: 2·5 features
        assertThat(a.parameters().get(10).shape()).isEqualTo(Shape.of(80, 10));
    }

    @Test
    void should_drop_the_bias_tensors_without_bias() {
        Analysis a = GRU.of(4, 8).bias(false).analyze(Shape.of(3, 2, 4));
        assertThat(a.parameters()).extracting(Parameter::name).containsExactly("weight_ih_l0", "weight_hh_l0");
        assertThat(a).hasParams(3 * 8 * 4 + 3 * 8 * 8);
    }

    // ---- the worked examples of the javadoc -------------------------------------------------------------------

    @Test
    void should_count_torchs_documentation_rnn_example() {
        // RNN(10, 20, num_layers=2) on (5, 3, 10): 15 cell steps per layer
        long steps = 5 * 3;
        long layer0Params = 20 * 10 + 20 * 20 + 2 * 20;
        long layer1Params = 20 * 20 + 20 * 20 + 2 * 20;
        long layer0Macs = 20 * 10 + 20 * 20;
        long layer1Macs = 20 * 20 + 20 * 20;
        // per step: both dot products' products and sums, two biases, the combine, one tanh per unit
        long layer0Ops = (20 * 10 + 20 * 9) + (20 * 20 + 20 * 19) + 2 * 20 + 20 + 20;
        long layer1Ops = (20 * 20 + 20 * 19) + (20 * 20 + 20 * 19) + 2 * 20 + 20 + 20;
        Analysis a = RNN.of(10, 20).numLayers(2).analyze(Shape.of(5, 3, 10));
        assertThat(a).hasParams(layer0Params + layer1Params).hasParams(1_480)
                .counts(Conventions.MACS, steps * (layer0Macs + layer1Macs))
                .counts(Conventions.MACS, 21_000)
                .counts(Conventions.EXACT, steps * (layer0Ops + layer1Ops))
                .counts(Conventions.EXACT, 43_200)
                .hasTerm("tanh evaluations", steps * 2 * 20);
        assertThat(a.outputs()).containsExactly(Shape.of(5, 3, 20), Shape.of(2, 3, 20));
    }

    @Test
    void should_count_the_lstm_worked_example() {
        long steps = 10;
        long rows = 4 * 256;
        long perStep = (rows * 128 + rows * 127) + (rows * 256 + rows * 255) + 2 * rows + rows
                + 3 * 256 + 256            // sigmoid i, f, o and tanh g
                + 2 * 256 + 256            // f·c + i·g
                + 256 + 256;               // tanh(c'), o·tanh(c')
        assertThat(LSTM.of(128, 256).analyze(Shape.of(10, 1, 128)))
                .counts(Conventions.MACS, steps * rows * (128 + 256))
                .counts(Conventions.MACS, 3_932_160)
                .counts(Conventions.EXACT, steps * perStep)
                .counts(Conventions.EXACT, 7_897_600)
                .hasTerm("input, forget and output gate sigmoid evaluations", steps * 3 * 256)
                .hasTerm("cell state multiplications", steps * 2 * 256)
                .hasTerm("bias additions", steps * 2 * rows);
    }

    @Test
    void should_count_the_gru_worked_example() {
        long steps = 10;
        long rows = 3 * 256;
        long perStep = (rows * 128 + rows * 127) + (rows * 256 + rows * 255) + 2 * rows + rows
                + 2 * 256                  // sigmoid r, z
                + 256 + 256                // r·(W_hn·h + b_hn), tanh
                + 256 + 256 + 256;         // h − n, ·z, + n
        assertThat(GRU.of(128, 256).analyze(Shape.of(10, 1, 128)))
                .counts(Conventions.MACS, steps * rows * (128 + 256))
                .counts(Conventions.MACS, 2_949_120)
                .counts(Conventions.EXACT, steps * perStep)
                .counts(Conventions.EXACT, 5_923_840)
                .hasTerm("input and hidden parts combined", steps * rows)
                .hasTerm("state update subtractions", steps * 256);
    }

    @Test
    void should_project_the_lstm_hidden_state_with_proj_size() {
        long perDirection = 4 * 256 * 128 + 4 * 256 * 64 + 2 * 4 * 256 + 64 * 256;
        Analysis a = LSTM.of(128, 256).projSize(64).analyze(Shape.of(10, 1, 128));
        assertThat(a).hasParams(perDirection).hasParams(215_040)
                .counts(Conventions.MACS, 10 * (4 * 256 * 128 + 4 * 256 * 64 + 64 * 256))
                .hasTerm("projection multiplications", 10 * 64 * 256)
                .hasTerm("projection additions within dot products", 10 * 64 * 255);
        assertThat(a.outputs()).containsExactly(Shape.of(10, 1, 64), Shape.of(1, 1, 64), Shape.of(1, 1, 256));
    }

    @Test
    void should_compare_instead_of_tanh_with_relu() {
        Analysis a = RNN.of(3, 4).nonlinearity("relu").analyze(Shape.of(5, 2, 3));
        assertThat(a).hasTerm("ReLU comparisons", 5 * 2 * 4);
        assertThat(a.terms()).noneMatch(t -> t.name().equals("tanh evaluations"));
    }

    @Test
    void should_take_unbatched_sequences_and_ignore_batch_first_for_them() {
        Analysis a = GRU.of(4, 8).batchFirst(true).bidirectional(true)
                .analyze(Shape.of(6, 4), Shape.of(2, 8));
        assertThat(a.outputs()).containsExactly(Shape.of(6, 2 * 8), Shape.of(2, 8));
        assertThat(a).counts(Conventions.MACS, 6 * 2 * (3 * 8 * 4 + 3 * 8 * 8));
    }

    @Test
    void should_show_layer_0_and_the_layers_above_separately_in_the_derivation() {
        String twoLayers = LSTM.of(3, 4).numLayers(2).analyze(Shape.of(2, 1, 3)).derivation().plain();
        assertThat(twoLayers).contains("exact operations per cell step, layer 0: E_0")
                .contains("exact operations per cell step, each layer above 0 (input D·H_out): E_1")
                .contains("input-hidden weight multiplications, layers above 0");
        String oneLayer = LSTM.of(3, 4).analyze(Shape.of(2, 1, 3)).derivation().plain();
        assertThat(oneLayer).doesNotContain("above 0");
    }

    // ---- torch's repr -----------------------------------------------------------------------------------------

    @Test
    void should_print_torchs_repr() {
        assertThat(LSTM.of(128, 256).numLayers(2).batchFirst(true).bidirectional(true))
                .hasToString("LSTM(128, 256, num_layers=2, batch_first=True, bidirectional=True)");
        assertThat(LSTM.of(10, 20).projSize(5)).hasToString("LSTM(10, 20, proj_size=5)");
        assertThat(GRU.of(10, 20).bias(false).dropout(0.5)).hasToString("GRU(10, 20, bias=False, dropout=0.5)");
        assertThat(GRU.of(3, 4)).hasToString("GRU(3, 4)");
        // torch's RNNBase.extra_repr never shows the nonlinearity
        assertThat(RNN.of(10, 20).nonlinearity("relu")).hasToString("RNN(10, 20)");
    }

    @Test
    void should_print_dropout_as_python_prints_a_float() {
        assertThat(RNN.of(10, 20).numLayers(3).dropout(1e-5)).hasToString("RNN(10, 20, num_layers=3, dropout=1e-05)");
        assertThat(RNN.of(10, 20).dropout(0.0001)).hasToString("RNN(10, 20, dropout=0.0001)");
        assertThat(RNN.of(10, 20).dropout(1)).hasToString("RNN(10, 20, dropout=1.0)");
        assertThat(RNN.of(10, 20).dropout(0.1)).hasToString("RNN(10, 20, dropout=0.1)");
    }

    // ---- refusals ---------------------------------------------------------------------------------------------

    @Test
    void should_reject_proj_size_not_smaller_than_hidden_size() {
        assertThatThrownBy(() -> LSTM.of(10, 20).projSize(20)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("LSTM: proj_size (20) must be smaller than hidden_size (20)");
    }

    @Test
    void should_reject_a_negative_proj_size() {
        assertThatThrownBy(() -> LSTM.of(10, 20).projSize(-1)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("LSTM: proj_size (-1) must not be negative");
    }

    @Test
    void should_offer_proj_size_on_lstm_only() {
        // torch: "proj_size argument is only supported for LSTM, not RNN or GRU"
        assertThat(Arrays.stream(RNN.class.getMethods()).map(Method::getName)).doesNotContain("projSize");
        assertThat(Arrays.stream(GRU.class.getMethods()).map(Method::getName)).doesNotContain("projSize");
        assertThat(Arrays.stream(LSTM.class.getMethods()).map(Method::getName)).contains("projSize");
    }

    @Test
    void should_reject_an_unknown_nonlinearity() {
        assertThatThrownBy(() -> RNN.of(10, 20).nonlinearity("sigmoid")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("RNN: nonlinearity 'sigmoid' is not one of 'tanh', 'relu'");
    }

    @Test
    void should_reject_dropout_above_one() {
        assertThatThrownBy(() -> GRU.of(10, 20).dropout(1.5)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("GRU: dropout (1.5) must be a number in [0, 1]");
    }

    @Test
    void should_reject_negative_dropout() {
        assertThatThrownBy(() -> LSTM.of(10, 20).dropout(-0.1)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("LSTM: dropout (-0.1) must be a number in [0, 1]");
    }

    @Test
    void should_reject_dropout_that_is_not_a_number() {
        assertThatThrownBy(() -> RNN.of(10, 20).dropout(Double.NaN)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("RNN: dropout (NaN) must be a number in [0, 1]");
    }

    @Test
    void should_reject_a_hidden_size_of_zero() {
        assertThatThrownBy(() -> LSTM.of(10, 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("LSTM: hidden_size (0) must be positive");
    }

    @Test
    void should_reject_zero_layers() {
        assertThatThrownBy(() -> RNN.of(10, 20).numLayers(0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("RNN: num_layers (0) must be positive");
    }

    @Test
    void should_reject_an_input_size_of_zero() {
        assertThatThrownBy(() -> GRU.of(0, 20)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("GRU: input_size (0) must be positive");
    }

    @Test
    void should_reject_an_input_with_the_wrong_number_of_features() {
        assertThatThrownBy(() -> LSTM.of(10, 20).analyze(Shape.of(5, 3, 8))).isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("LSTM expects input (L, N, H_in=10) or unbatched (L, H_in=10), got (5, 3, 8):"
                        + " 8 input features, not input_size 10");
    }

    @Test
    void should_reject_a_four_dimensional_input() {
        assertThatThrownBy(() -> GRU.of(10, 20).batchFirst(true).analyze(Shape.of(5, 3, 2, 10)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("GRU expects input (N, L, H_in=10) or unbatched (L, H_in=10), got (5, 3, 2, 10)");
    }

    @Test
    void should_reject_a_one_dimensional_input() {
        assertThatThrownBy(() -> RNN.of(10, 20).analyze(Shape.of(10))).isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("RNN expects input (L, N, H_in=10) or unbatched (L, H_in=10), got (10,)");
    }

    @Test
    void should_reject_an_initial_state_for_too_few_layers() {
        assertThatThrownBy(() -> RNN.of(10, 20).numLayers(2).analyze(Shape.of(5, 3, 10), Shape.of(1, 3, 20)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("RNN expects h_0 (D·num_layers=2, N=3, H_out=20), got (1, 3, 20)");
    }

    @Test
    void should_reject_an_initial_state_with_another_batch_size() {
        assertThatThrownBy(() -> LSTM.of(128, 256).batchFirst(true)
                .analyze(Shape.of(4, 10, 128), Shape.of(1, 10, 256), Shape.of(1, 10, 256)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("LSTM expects h_0 (D·num_layers=1, N=4, H_out=256), got (1, 10, 256)");
    }

    @Test
    void should_reject_a_projected_cell_state() {
        // c_0 keeps hidden_size features even when h_0 is projected to proj_size
        assertThatThrownBy(() -> LSTM.of(10, 20).projSize(5)
                .analyze(Shape.of(5, 3, 10), Shape.of(1, 3, 5), Shape.of(1, 3, 5)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("LSTM expects c_0 (D·num_layers=1, N=3, H_cell=20), got (1, 3, 5)");
    }

    @Test
    void should_reject_a_batched_initial_state_for_an_unbatched_input() {
        assertThatThrownBy(() -> GRU.of(4, 8).analyze(Shape.of(6, 4), Shape.of(1, 1, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("GRU expects h_0 (D·num_layers=1, H_out=8) for an unbatched input, got (1, 1, 8)");
    }

    @Test
    void should_reject_an_lstm_hidden_state_without_its_cell_state() {
        assertThatThrownBy(() -> LSTM.of(10, 20).analyze(Shape.of(5, 3, 10), Shape.of(1, 3, 20)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("LSTM takes the input alone or with h_0 and c_0 (3 inputs), got 2 inputs");
    }

    @Test
    void should_reject_a_cell_state_for_an_rnn() {
        assertThatThrownBy(() -> RNN.of(10, 20).analyze(Shape.of(5, 3, 10), Shape.of(1, 3, 20), Shape.of(1, 3, 20)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("RNN takes the input alone or with h_0 (2 inputs), got 3 inputs");
    }

    @Test
    void should_name_the_tensor_whose_size_overflows() {
        long huge = 1L << 31;
        assertThatThrownBy(() -> LSTM.of(huge, huge).analyze(Shape.of(1, 1, huge)))
                .isInstanceOf(CountOverflowException.class)
                .hasMessageContaining("LSTM weight_ih_l0 elements overflows long");
    }
}
