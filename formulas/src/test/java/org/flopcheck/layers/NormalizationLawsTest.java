package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.flopcheck.convention.Conventions;
import org.flopcheck.derivation.Stage;
import org.flopcheck.oracle.NormOracle;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.NormCase;
import org.flopcheck.testing.NormGenerators;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/** Laws the normalisation layers and Embedding obey, checked on generated configurations. */
class NormalizationLawsTest {
    static final int EXAMPLES = 200;

    static Stream<Arguments> everyKind() {
        return Stream.of(
                kind("BatchNorm1d", NormGenerators.batchNorms(1), false),
                kind("BatchNorm2d", NormGenerators.batchNorms(2), false),
                kind("BatchNorm3d", NormGenerators.batchNorms(3), false),
                kind("InstanceNorm1d", NormGenerators.instanceNorms(1), true),
                kind("InstanceNorm2d", NormGenerators.instanceNorms(2), true),
                kind("InstanceNorm3d", NormGenerators.instanceNorms(3), true),
                kind("LayerNorm", NormGenerators.layerNorms(), true),
                kind("GroupNorm", NormGenerators.groupNorms(), true),
                kind("Embedding", NormGenerators.embeddings(), true));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Arguments kind(String name, Gen<? extends NormCase<?>> gen, boolean perSample) {
        return Arguments.of(Named.of(name, (Gen<NormCase<?>>) (Gen) gen), perSample);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void parameters_and_buffers_do_not_depend_on_the_input_size(Gen<NormCase<?>> cases, boolean perSample) {
        qt().withFixedSeed(20261301L).withExamples(EXAMPLES).forAll(cases, integers().between(1, 3))
                .checkAssert((c, grow) -> {
                    Shape bigger = c.input();
                    for (int axis : c.resizable()) {
                        bigger = bigger.with(axis, bigger.dim(axis) + grow);
                    }
                    assertThat(c.layer().analyze(bigger).params()).as("%s on %s and %s", c.layer(), c.input(), bigger)
                            .isEqualTo(c.layer().analyze(c.input()).params());
                });
    }

    /**
     * Adding a sample adds the same operations whatever the batch already holds; for layers that normalise each
     * sample on its own (all but BatchNorm, whose per-channel work is shared by the batch) the counts are moreover
     * proportional to the batch.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void counts_grow_linearly_with_the_batch(Gen<NormCase<?>> cases, boolean perSample) {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261302L).withExamples(EXAMPLES).forAll(cases, integers().between(2, 4))
                .checkAssert((c, k) -> {
                    if (!c.hasBatch()) {
                        return;
                    }
                    regimes.record(c.regimes());
                    long n = c.input().dim(c.batchAxis());
                    Map<Op, Long> one = ops(c, n);
                    Map<Op, Long> two = ops(c, 2 * n);
                    Map<Op, Long> three = ops(c, 3 * n);
                    assertThat(minus(three, two)).as("%s: ops(3N) − ops(2N) = ops(2N) − ops(N)", c)
                            .isEqualTo(minus(two, one));
                    if (perSample) {
                        assertThat(ops(c, k * n)).as("%s: ops(%d·N) = %d·ops(N)", c, k, k)
                                .isEqualTo(times(k, one));
                    }
                });
        assertThat(regimes.cases()).as("cases with a batch axis").isGreaterThan(EXAMPLES / 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void closed_form_totals_equal_the_sum_of_the_terms(Gen<NormCase<?>> cases, boolean perSample) {
        qt().withFixedSeed(20261303L).withExamples(EXAMPLES).forAll(cases).checkAssert(c -> {
            Analysis a = c.layer().analyze(c.input());
            long closedForm = a.derivation().steps(Stage.SUMMARY).get(0).value();
            assertThat(closedForm).as("%s", a.derivation()).isEqualTo(Conventions.EXACT.count(a).total());
        });
    }

    @Test
    void group_norm_without_affine_counts_like_a_layer_norm_over_each_group() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261304L).withExamples(300).forAll(NormGenerators.groupNorms()).checkAssert(c -> {
            regimes.record(c.regimes());
            NormOracle.GroupNormArgs g = c.args();
            long[] perGroup = concat(new long[] {g.c() / g.g()}, g.spatial());
            Shape grouped = Shape.of(concat(new long[] {g.n(), g.g()}, perGroup));
            Analysis groupNorm = GroupNorm.of(g.g(), g.c()).affine(false).analyze(c.input());
            Analysis layerNorm = LayerNorm.of(perGroup).elementwiseAffine(false).analyze(grouped);
            assertThat(AnalysisAssert.byOp(groupNorm)).as("%s on %s against LayerNorm%s on %s", c.layer(),
                    c.input(), java.util.Arrays.toString(perGroup), grouped).isEqualTo(AnalysisAssert.byOp(layerNorm));
        });
        regimes.assertEachOccurred(10, "groups = 1", "groups = channels", "1 < groups < channels",
                "no spatial dimensions", "several spatial dimensions");
    }

    @ParameterizedTest(name = "InstanceNorm{0}d")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3})
    void instance_norm_counts_like_group_norm_with_one_group_per_channel(int dims) {
        qt().withFixedSeed(20261305L + dims).withExamples(EXAMPLES).forAll(NormGenerators.instanceNorms(dims))
                .checkAssert(c -> {
                    NormOracle.InstanceNormArgs i = c.args();
                    if (i.runningStats()) {
                        return;
                    }
                    Shape batched = Shape.of(concat(new long[] {i.n(), i.c()}, i.spatial()));
                    Analysis instance = c.layer().analyze(c.input());
                    Analysis group = GroupNorm.of(i.c(), i.c()).affine(i.affine()).analyze(batched);
                    assertThat(AnalysisAssert.byOp(instance)).as("%s on %s", c.layer(), c.input())
                            .isEqualTo(AnalysisAssert.byOp(group));
                    assertThat(instance.params()).isEqualTo(group.params());
                });
    }

    @ParameterizedTest(name = "InstanceNorm{0}d")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3})
    void an_unbatched_instance_counts_like_a_batch_of_one(int dims) {
        qt().withFixedSeed(20261306L + dims).withExamples(EXAMPLES).forAll(NormGenerators.instanceNorms(dims))
                .checkAssert(c -> {
                    if (c.batched()) {
                        return;
                    }
                    Analysis unbatched = c.layer().analyze(c.input());
                    Analysis batchOfOne = c.layer().analyze(c.input().inserted(0, 1));
                    assertThat(AnalysisAssert.byOp(unbatched)).isEqualTo(AnalysisAssert.byOp(batchOfOne));
                    assertThat(unbatched.output()).isEqualTo(c.input());
                    assertThat(batchOfOne.output()).isEqualTo(c.input().inserted(0, 1));
                });
    }

    private static Map<Op, Long> ops(NormCase<?> c, long batch) {
        return AnalysisAssert.byOp(c.layer().analyze(c.withBatch(batch)));
    }

    private static Map<Op, Long> minus(Map<Op, Long> a, Map<Op, Long> b) {
        Map<Op, Long> d = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            long v = a.getOrDefault(op, 0L) - b.getOrDefault(op, 0L);
            if (v != 0) {
                d.put(op, v);
            }
        }
        return d;
    }

    private static Map<Op, Long> times(long k, Map<Op, Long> a) {
        Map<Op, Long> m = new EnumMap<>(Op.class);
        a.forEach((op, v) -> m.put(op, k * v));
        return m;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
