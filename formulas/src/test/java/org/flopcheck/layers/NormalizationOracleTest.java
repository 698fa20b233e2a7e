package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.HashSet;
import java.util.Set;
import org.flopcheck.convention.Conventions;
import org.flopcheck.oracle.NormOracle;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.NormGenerators;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The normalisation closed forms against loops that gather every set of values (a channel across the batch, one
 * channel of one sample, a row, a group), compute its statistics and normalise element by element; and Embedding
 * against a lookup that copies rows.
 */
class NormalizationOracleTest {
    /** Distinct configurations each test must check; QuickTheories skips repeated draws, so it draws more. */
    static final int CONFIGURATIONS = 300;
    static final int DRAWS = 500;

    @ParameterizedTest(name = "BatchNorm{0}d")
    @ValueSource(ints = {1, 2, 3})
    void closed_forms_equal_a_channel_by_channel_count_of_every_batch_norm(int dims) {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(20261201L + dims).withExamples(DRAWS).forAll(NormGenerators.batchNorms(dims))
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    distinct.add(c.layer() + " on " + c.input());
                    NormOracle.Run run = NormOracle.batchNorm(c.args());
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops());
                });
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(CONFIGURATIONS);
        regimes.assertEachOccurred(10, "affine", "no affine", "running statistics", "batch statistics", "batch > 1");
        regimes.assertEachOccurred(10, dims == 1 ? new String[] {"(N, C)", "(N, C, L)"} : new String[] {dims + "-d"});
    }

    @ParameterizedTest(name = "InstanceNorm{0}d")
    @ValueSource(ints = {1, 2, 3})
    void closed_forms_equal_an_instance_by_instance_count_of_every_instance_norm(int dims) {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(20261211L + dims).withExamples(DRAWS).forAll(NormGenerators.instanceNorms(dims))
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    distinct.add(c.layer() + " on " + c.input());
                    NormOracle.Run run = NormOracle.instanceNorm(c.args());
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops());
                });
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(CONFIGURATIONS);
        regimes.assertEachOccurred(10, "affine", "no affine", "running statistics", "instance statistics",
                "unbatched", "batch > 1", "num_features unused");
    }

    @Test
    void closed_forms_equal_a_row_by_row_count_of_every_layer_norm() {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(20261221L).withExamples(DRAWS).forAll(NormGenerators.layerNorms())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    distinct.add(c.layer() + " on " + c.input());
                    NormOracle.Run run = NormOracle.layerNorm(c.args());
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops());
                });
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(CONFIGURATIONS);
        regimes.assertEachOccurred(10, "no elementwise affine", "weight only", "weight and bias",
                "bias=True without elementwise affine", "multi-dimensional normalized_shape", "no leading dimensions",
                "several leading dimensions", "batch > 1");
    }

    @Test
    void closed_forms_equal_a_group_by_group_count_of_every_group_norm() {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(20261231L).withExamples(DRAWS).forAll(NormGenerators.groupNorms())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    distinct.add(c.layer() + " on " + c.input());
                    NormOracle.Run run = NormOracle.groupNorm(c.args());
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops());
                });
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(CONFIGURATIONS);
        regimes.assertEachOccurred(10, "groups = 1", "groups = channels", "1 < groups < channels", "affine",
                "no affine", "no spatial dimensions", "several spatial dimensions", "batch > 1");
    }

    @Test
    void every_embedding_lookup_counts_no_operation_under_every_convention() {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(20261241L).withExamples(DRAWS).forAll(NormGenerators.embeddings())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    distinct.add(c.layer() + " on " + c.input());
                    NormOracle.Run run = NormOracle.embedding(c.args());
                    Analysis a = c.layer().analyze(c.input());
                    FlopcheckAssertions.assertThat(a)
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops())
                            .hasParams(c.args().v() * c.args().d());
                    assertThat(a.terms()).isEmpty();
                    Conventions.library().forEach(conv -> FlopcheckAssertions.assertThat(a).counts(conv, 0));
                });
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(CONFIGURATIONS);
        regimes.assertEachOccurred(10, "padding_idx", "negative padding_idx", "scalar index", "index matrix or more",
                "sparse");
    }
}
