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
import org.flopcheck.testing.RecurrentCase;
import org.flopcheck.testing.RecurrentGenerators;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The recurrent closed forms against loops that run every cell step of every layer and direction, gate row by gate
 * row and unit by unit.
 */
class RecurrentOracleTest {
    static final int CONFIGURATIONS = 400;
    static final int MINIMUM_DISTINCT = 300;
    static final String[] COMMON = {"1 layer", "2 layers", "3 layers", "bidirectional", "no bias", "batch_first",
            "unbatched", "batch > 1", "sequence length > 1", "dropout"};

    @Test
    void closed_forms_equal_a_step_by_step_run_of_every_rnn() {
        Regimes regimes = check(RecurrentGenerators.rnns(), 20261201L);
        regimes.assertEachOccurred(10, "RNN tanh", "RNN relu", "h_0 given");
        regimes.assertEachOccurred(10, COMMON);
    }

    @Test
    void closed_forms_equal_a_step_by_step_run_of_every_lstm() {
        Regimes regimes = check(RecurrentGenerators.lstms(), 20261202L);
        regimes.assertEachOccurred(10, "LSTM", "LSTM with proj_size", "h_0 and c_0 given");
        regimes.assertEachOccurred(10, COMMON);
    }

    @Test
    void closed_forms_equal_a_step_by_step_run_of_every_gru() {
        Regimes regimes = check(RecurrentGenerators.grus(), 20261203L);
        regimes.assertEachOccurred(10, "GRU", "h_0 given");
        regimes.assertEachOccurred(10, COMMON);
    }

    private static Regimes check(Gen<RecurrentCase> cases, long seed) {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(seed).withExamples(CONFIGURATIONS).forAll(cases).checkAssert(c -> {
            regimes.record(c.regimes());
            distinct.add(c.toString());
            RecurrentOracle.Run run = RecurrentOracle.run(c.args());
            Analysis a = c.layer().analyze(c.inputs());
            FlopcheckAssertions.assertThat(a).matchesOracle(run.ops());
            assertThat(a.outputs()).as("outputs of %s", c).containsExactlyElementsOf(c.expectedOutputs(run));
            // the teaching summaries are closed forms of the same totals
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
