package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.HashSet;
import java.util.Set;
import org.flopcheck.convention.Conventions;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Step;
import org.flopcheck.oracle.RecurrentOracle;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.RecurrentCellCase;
import org.flopcheck.testing.RecurrentGenerators;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The single-step cells' closed forms against the oracle running one step, gate row by gate row. */
class RecurrentCellOracleTest {
    static final int CONFIGURATIONS = 500;
    static final int MINIMUM_DISTINCT = 300;

    @Test
    void closed_forms_equal_a_run_of_one_rnn_cell_step() {
        check(RecurrentGenerators.rnnCells(), 20261221L).assertEachOccurred(10, "RNNCell tanh", "RNNCell relu",
                "no bias", "unbatched", "batch > 1", "state given");
    }

    @Test
    void closed_forms_equal_a_run_of_one_lstm_cell_step() {
        check(RecurrentGenerators.lstmCells(), 20261222L).assertEachOccurred(10, "LSTMCell", "no bias", "unbatched",
                "batch > 1", "state given");
    }

    @Test
    void closed_forms_equal_a_run_of_one_gru_cell_step() {
        check(RecurrentGenerators.gruCells(), 20261223L).assertEachOccurred(10, "GRUCell", "no bias", "unbatched",
                "batch > 1", "state given");
    }

    private static Regimes check(Gen<RecurrentCellCase> cases, long seed) {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(seed).withExamples(CONFIGURATIONS).forAll(cases).checkAssert(c -> {
            regimes.record(c.regimes());
            distinct.add(c.toString());
            RecurrentOracle.Run run = RecurrentOracle.run(c.args());
            Analysis a = c.layer().analyze(c.inputs());
            FlopcheckAssertions.assertThat(a).matchesOracle(run.ops());
            assertThat(a.outputs()).as("outputs of %s", c).containsExactlyElementsOf(c.expectedOutputs(run));
            assertThat(summary(a, "exact operations in closed form")).as("exact summary of %s", c)
                    .isEqualTo(Conventions.EXACT.count(a).total());
            assertThat(summary(a, "weight multiplications (MACs) in closed form")).as("MAC summary of %s", c)
                    .isEqualTo(Conventions.MACS.count(a).total());
        });
        assertThat(distinct).as("distinct configurations").hasSizeGreaterThanOrEqualTo(MINIMUM_DISTINCT);
        return regimes;
    }

    private static long summary(Analysis a, String title) {
        return a.derivation().steps(Stage.SUMMARY).stream().filter(s -> s.title().equals(title))
                .mapToLong(Step::value).findFirst().orElseThrow();
    }
}
