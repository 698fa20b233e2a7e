package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.Map;
import org.flopcheck.expr.Sym;
import org.flopcheck.oracle.OracleRun;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.OracleCase;
import org.flopcheck.testing.PoolGenerators;
import org.flopcheck.testing.Regimes;
import org.flopcheck.terms.Params;
import org.junit.jupiter.api.Test;

/** The pooling closed forms against loops that walk every window and read only the taps inside the input. */
class PoolingOracleTest {
    static final int CONFIGURATIONS = 400;

    @Test
    void closed_forms_equal_a_window_by_window_count_of_every_max_pool() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261201L).withExamples(CONFIGURATIONS).forAll(PoolGenerators.maxPools())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    OracleRun run = c.oracle().get();
                    Analysis a = c.layer().analyze(c.input());
                    FlopcheckAssertions.assertThat(a).hasOutput(run.output()).matchesOracle(run.ops());
                    assertThat(a.outputs()).hasSize(((MaxPooling<?>) c.layer()).returnIndices() ? 2 : 1);
                    assertNoWindowReadsMoreThanItsKernel(a, run, ((MaxPooling<?>) c.layer()).kernelSize());
                });
        regimes.assertEachOccurred(10, "1-d", "2-d", "3-d", "ceil_mode", "ceil_mode dropping the last window",
                "ceil_mode adding a partial window", "padded", "dilated", "stride ≠ kernel", "default stride",
                "windows reading nothing", "return_indices", "unbatched", "batch > 1");
    }

    @Test
    void closed_forms_equal_a_window_by_window_count_of_every_avg_pool() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261202L).withExamples(CONFIGURATIONS).forAll(PoolGenerators.avgPools())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    OracleRun run = c.oracle().get();
                    Analysis a = c.layer().analyze(c.input());
                    FlopcheckAssertions.assertThat(a).hasOutput(run.output()).matchesOracle(run.ops());
                    assertNoWindowReadsMoreThanItsKernel(a, run, ((AvgPooling<?>) c.layer()).kernelSize());
                });
        regimes.assertEachOccurred(10, "1-d", "2-d", "3-d", "ceil_mode", "ceil_mode dropping the last window",
                "ceil_mode adding a partial window", "padded", "count_include_pad=False with padding",
                "divisor_override", "stride ≠ kernel", "default stride", "unbatched", "batch > 1");
    }

    @Test
    void closed_forms_equal_a_window_by_window_count_of_every_adaptive_avg_pool() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261203L).withExamples(CONFIGURATIONS).forAll(PoolGenerators.adaptiveAvgPools())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    OracleRun run = c.oracle().get();
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input())).hasOutput(run.output())
                            .matchesOracle(run.ops());
                });
        regimes.assertEachOccurred(10, "1-d", "2-d", "3-d", "windows dividing the input",
                "overlapping windows (sizes not divisible)", "None entry", "output larger than input",
                "global pooling (output all ones)", "unbatched", "batch > 1");
    }

    @Test
    void closed_forms_equal_a_window_by_window_count_of_every_adaptive_max_pool() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261204L).withExamples(CONFIGURATIONS).forAll(PoolGenerators.adaptiveMaxPools())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    OracleRun run = c.oracle().get();
                    Analysis a = c.layer().analyze(c.input());
                    FlopcheckAssertions.assertThat(a).hasOutput(run.output()).matchesOracle(run.ops());
                    assertThat(a.outputs()).hasSize(((AdaptiveMaxPooling<?>) c.layer()).returnIndices() ? 2 : 1);
                });
        regimes.assertEachOccurred(10, "1-d", "2-d", "3-d", "windows dividing the input",
                "overlapping windows (sizes not divisible)", "None entry", "output larger than input",
                "global pooling (output all ones)", "return_indices", "unbatched", "batch > 1");
    }

    @Test
    void pooling_counts_are_linear_in_the_batch_and_pools_have_no_parameters() {
        for (var gen : java.util.List.of(PoolGenerators.maxPools(), PoolGenerators.avgPools(),
                PoolGenerators.adaptiveAvgPools(), PoolGenerators.adaptiveMaxPools())) {
            qt().withFixedSeed(20261205L).withExamples(100).forAll(gen).checkAssert(c -> {
                Laws.assertNoParameters(c);
                Laws.assertLinearInBatch(c);
            });
        }
    }

    /** The law: a window reads at most its kernel's taps, in the oracle and in the closed forms per dimension. */
    private static void assertNoWindowReadsMoreThanItsKernel(Analysis a, OracleRun run, Dims kernel) {
        long taps = 1;
        for (long k : kernel.values()) {
            taps *= k;
        }
        assertThat(run.widestWindow()).isLessThanOrEqualTo(taps);
        Map<Sym, Long> values = a.values().asMap();
        int dims = kernel.size();
        for (int i = 0; i < dims; i++) {
            String axis = dims == 1 ? "" : "_" + Axes.axis(dims, i).toLowerCase(java.util.Locale.ROOT);
            long valid = values.get(new Sym("V" + axis, ""));
            long out = values.get(Axes.size(dims, i, "out", ""));
            assertThat(valid).as("values read along dimension %d", i).isLessThanOrEqualTo(kernel.get(i) * out);
        }
        assertThat(a.params()).isEqualTo(Params.NONE);
    }
}
