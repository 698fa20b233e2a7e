package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.EnumMap;
import java.util.Map;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.RecurrentGenerators;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;

/**
 * Laws every recurrent network obeys, checked on generated RNNs, LSTMs and GRUs: what parameters and counts depend
 * on, how directions and stacked layers compose, and that a cell is one time step of its network.
 */
class RecurrentLawsTest {
    static final int EXAMPLES = 300;

    @Test
    void parameters_do_not_depend_on_sequence_length_or_batch() {
        qt().withFixedSeed(20261211L).withExamples(EXAMPLES).forAll(RecurrentGenerators.all()).checkAssert(c -> {
            Recurrent<?> r = c.layer();
            Analysis small = r.analyze(sequence(r, 1, 1));
            Analysis large = r.analyze(sequence(r, 7, 5));
            assertThat(large.params()).as("%s", r).isEqualTo(small.params());
            assertThat(large.parameters()).as("%s", r).isEqualTo(small.parameters());
        });
    }

    @Test
    void counts_are_linear_in_batch() {
        qt().withFixedSeed(20261212L).withExamples(EXAMPLES).forAll(RecurrentGenerators.all()).checkAssert(c -> {
            Recurrent<?> r = c.layer();
            Map<Op, Long> one = byOp(r.analyze(sequence(r, 3, 1)));
            assertThat(byOp(r.analyze(sequence(r, 3, 4)))).as("%s", r).isEqualTo(scaled(one, 4));
            // an unbatched sequence costs what a batch of one costs
            assertThat(byOp(r.analyze(Shape.of(3, r.inputSize())))).as("%s unbatched", r).isEqualTo(one);
        });
    }

    @Test
    void counts_are_linear_in_sequence_length() {
        qt().withFixedSeed(20261213L).withExamples(EXAMPLES).forAll(RecurrentGenerators.all()).checkAssert(c -> {
            Recurrent<?> r = c.layer();
            Map<Op, Long> one = byOp(r.analyze(sequence(r, 1, 2)));
            assertThat(byOp(r.analyze(sequence(r, 5, 2)))).as("%s", r).isEqualTo(scaled(one, 5));
        });
    }

    @Test
    void bidirectional_exactly_doubles_a_single_layer() {
        qt().withFixedSeed(20261214L).withExamples(EXAMPLES).forAll(RecurrentGenerators.all()).checkAssert(c -> {
            Recurrent<?> forward = c.layer().numLayers(1).bidirectional(false);
            Recurrent<?> both = forward.bidirectional(true);
            Analysis one = forward.analyze(sequence(forward, 3, 2));
            Analysis two = both.analyze(sequence(both, 3, 2));
            assertThat(byOp(two)).as("%s", both).isEqualTo(scaled(byOp(one), 2));
            assertThat(macs(two)).isEqualTo(2 * macs(one));
            assertThat(two.params().total()).isEqualTo(2 * one.params().total());
            assertThat(two.output().dim(-1)).isEqualTo(2 * one.output().dim(-1));
        });
    }

    @Test
    void a_stack_costs_layer_0_plus_each_upper_layer_reading_both_directions_outputs() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261215L).withExamples(EXAMPLES).forAll(RecurrentGenerators.all()).checkAssert(c -> {
            regimes.record(c.regimes());
            Recurrent<?> stack = c.layer();
            long upperLayers = stack.numLayers() - 1;
            long upperInput = stack.directions() * stack.hiddenOutSize();
            Recurrent<?> bottom = stack.numLayers(1);
            Recurrent<?> upper = withInputSize(bottom, upperInput);

            Analysis whole = stack.analyze(sequence(stack, 3, 2));
            Analysis first = bottom.analyze(sequence(bottom, 3, 2));
            Analysis above = upper.analyze(sequence(upper, 3, 2));
            Map<Op, Long> expected = new EnumMap<>(byOp(first));
            scaled(byOp(above), upperLayers).forEach((op, n) -> expected.merge(op, n, Long::sum));
            expected.values().removeIf(n -> n == 0);
            assertThat(byOp(whole)).as("%s", stack).isEqualTo(expected);
            assertThat(macs(whole)).isEqualTo(macs(first) + upperLayers * macs(above));
            assertThat(whole.params().total())
                    .isEqualTo(first.params().total() + upperLayers * above.params().total());
            assertThat(whole.output()).isEqualTo(above.output());
        });
        regimes.assertEachOccurred(10, "2 layers", "3 layers", "bidirectional", "LSTM with proj_size");
    }

    @Test
    void a_given_initial_state_changes_no_count() {
        qt().withFixedSeed(20261216L).withExamples(EXAMPLES).forAll(RecurrentGenerators.all()).checkAssert(c -> {
            Recurrent<?> r = c.layer();
            Shape x = c.inputs().get(0);
            Analysis zeros = r.analyze(x);
            Analysis given = r.analyze(c.inputs());
            assertThat(byOp(given)).as("%s", c).isEqualTo(byOp(zeros));
            assertThat(given.params()).isEqualTo(zeros.params());
            assertThat(given.outputs()).isEqualTo(zeros.outputs());
        });
    }

    @Test
    void batch_first_changes_the_layout_and_no_count() {
        qt().withFixedSeed(20261217L).withExamples(EXAMPLES).forAll(RecurrentGenerators.all()).checkAssert(c -> {
            Recurrent<?> seqFirst = c.layer().batchFirst(false);
            Recurrent<?> batchFirst = c.layer().batchFirst(true);
            Analysis a = seqFirst.analyze(Shape.of(4, 3, seqFirst.inputSize()));
            Analysis b = batchFirst.analyze(Shape.of(3, 4, batchFirst.inputSize()));
            assertThat(byOp(b)).as("%s", c).isEqualTo(byOp(a));
            assertThat(b.output()).isEqualTo(Shape.of(3, 4, a.output().dim(2)));
            assertThat(b.outputs().subList(1, b.outputs().size()))
                    .isEqualTo(a.outputs().subList(1, a.outputs().size()));
        });
    }

    @Test
    void a_cell_step_costs_one_time_step_of_the_one_layer_network() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261218L).withExamples(EXAMPLES).forAll(RecurrentGenerators.allCells()).checkAssert(c -> {
            regimes.record(c.regimes());
            RecurrentCell<?> cell = c.layer();
            Recurrent<?> network = networkOf(cell);
            Shape x = c.inputs().get(0);
            Shape oneStep = x.rank() == 2 ? Shape.of(1, x.dim(0), x.dim(1)) : Shape.of(1, x.dim(0));
            Analysis step = cell.analyze(x);
            Analysis sequence = network.analyze(oneStep);
            assertThat(byOp(step)).as("%s", c).isEqualTo(byOp(sequence));
            assertThat(macs(step)).isEqualTo(macs(sequence));
            assertThat(step.params()).isEqualTo(sequence.params());
            assertThat(step.output()).isEqualTo(sequence.outputs().get(1).removed(0));   // h' is h_n of the one layer
        });
        regimes.assertEachOccurred(10, "RNNCell tanh", "RNNCell relu", "LSTMCell", "GRUCell", "unbatched");
    }

    @Test
    void cell_counts_are_linear_in_batch() {
        qt().withFixedSeed(20261219L).withExamples(EXAMPLES).forAll(RecurrentGenerators.allCells()).checkAssert(c -> {
            RecurrentCell<?> cell = c.layer();
            Map<Op, Long> one = byOp(cell.analyze(Shape.of(1, cell.inputSize())));
            assertThat(byOp(cell.analyze(Shape.of(6, cell.inputSize())))).as("%s", cell).isEqualTo(scaled(one, 6));
            assertThat(byOp(cell.analyze(Shape.of(cell.inputSize())))).as("%s unbatched", cell).isEqualTo(one);
        });
    }

    /** The one-layer, one-direction network whose time step is this cell. */
    static Recurrent<?> networkOf(RecurrentCell<?> cell) {
        Recurrent<?> network;
        if (cell instanceof RNNCell rnn) {
            network = RNN.of(cell.inputSize(), cell.hiddenSize()).nonlinearity(rnn.nonlinearity());
        } else if (cell instanceof LSTMCell) {
            network = LSTM.of(cell.inputSize(), cell.hiddenSize());
        } else {
            network = GRU.of(cell.inputSize(), cell.hiddenSize());
        }
        return network.bias(cell.bias());
    }

    /** The same network reading {@code inputSize} features, as one layer. */
    static Recurrent<?> withInputSize(Recurrent<?> r, long inputSize) {
        Recurrent<?> fresh;
        if (r instanceof RNN rnn) {
            fresh = RNN.of(inputSize, r.hiddenSize()).nonlinearity(rnn.nonlinearity());
        } else if (r instanceof LSTM lstm) {
            fresh = LSTM.of(inputSize, r.hiddenSize()).projSize(lstm.projSize());
        } else {
            fresh = GRU.of(inputSize, r.hiddenSize());
        }
        return fresh.bias(r.bias()).batchFirst(r.batchFirst()).bidirectional(r.bidirectional()).dropout(r.dropout());
    }

    /** A batched sequence of {@code length} steps and {@code batch} elements in the layer's layout. */
    static Shape sequence(Recurrent<?> r, long length, long batch) {
        return r.batchFirst() ? Shape.of(batch, length, r.inputSize()) : Shape.of(length, batch, r.inputSize());
    }

    static Map<Op, Long> byOp(Analysis a) {
        return AnalysisAssert.byOp(a);
    }

    static long macs(Analysis a) {
        return Conventions.MACS.count(a).total();
    }

    static Map<Op, Long> scaled(Map<Op, Long> counts, long factor) {
        Map<Op, Long> out = new EnumMap<>(Op.class);
        counts.forEach((op, n) -> out.put(op, n * factor));
        out.values().removeIf(n -> n == 0);
        return out;
    }
}
