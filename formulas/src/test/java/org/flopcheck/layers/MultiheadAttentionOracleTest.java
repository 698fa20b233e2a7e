package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.oracle.AttentionOracle;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Term;
import org.flopcheck.testing.AttentionCase;
import org.flopcheck.testing.AttentionGenerators;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.Regimes;
import org.junit.jupiter.api.Test;

/** The MultiheadAttention closed forms against loops that run every head, position and row, and the laws they obey. */
class MultiheadAttentionOracleTest {
    static final int CONFIGURATIONS = 400;

    @Test
    void closed_forms_equal_a_head_by_head_count_of_every_attention() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261201L).withExamples(CONFIGURATIONS).forAll(AttentionGenerators.attentions())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    AttentionOracle.Run run = AttentionOracle.run(c.args());
                    Analysis a = c.layer().analyze(c.inputs());
                    FlopcheckAssertions.assertThat(a).matchesOracle(run.ops());
                    assertThat(a.outputs()).as("outputs of %s", c).isEqualTo(c.expectedOutputs(run));
                });
        assertThat(regimes.cases()).isGreaterThanOrEqualTo(300);
        regimes.assertEachOccurred(10, "h = 1", "h = E", "several heads of several features", "bias", "no bias",
                "add_bias_kv", "add_zero_attn", "kdim/vdim differ from E", "L ≠ S", "batch_first", "unbatched",
                "batch > 1", "self-attention (one tensor)", "key is value", "need_weights off", "averaged weights",
                "per-head weights", "dropout (eval)");
    }

    @Test
    void parameters_do_not_depend_on_lengths_or_batch() {
        qt().withFixedSeed(20261202L).withExamples(300).forAll(AttentionGenerators.attentions(),
                integers().between(1, 6), integers().between(1, 6), integers().between(1, 6))
                .checkAssert((c, n, l, s) -> {
                    long source = c.aliasing() == AttentionCase.Aliasing.SELF_ATTENTION ? l : s;
                    Analysis before = c.layer().analyze(c.inputs());
                    Analysis after = c.layer().analyze(c.inputs(n, l, source, c.aliasing()));
                    assertThat(after.parameters()).as("%s", c).isEqualTo(before.parameters());
                    assertThat(after.params()).isEqualTo(before.params());
                });
    }

    @Test
    void every_count_is_linear_in_batch() {
        qt().withFixedSeed(20261203L).withExamples(300).forAll(AttentionGenerators.attentions(),
                integers().between(2, 5)).assuming((c, m) -> c.batched())
                .checkAssert((c, m) -> {
                    Map<String, Long> one = values(c.layer().analyze(c.inputs(1, c.args().l(), c.args().s(),
                            c.aliasing())));
                    Map<String, Long> many = values(c.layer().analyze(c.inputs(m, c.args().l(), c.args().s(),
                            c.aliasing())));
                    assertThat(many.keySet()).containsExactlyElementsOf(one.keySet());
                    one.forEach((name, v) -> assertThat(many.get(name)).as("%s for batch %s of %s", name, m, c)
                            .isEqualTo(m * v));
                });
    }

    @Test
    void packed_projections_have_four_e_squared_plus_four_e_parameters() {
        qt().withFixedSeed(20261204L).withExamples(300).forAll(integers().between(1, 16), integers().between(1, 96),
                integers().between(1, 3)).checkAssert((h, d, l) -> {
                    long e = (long) h * d;
                    Shape x = Shape.of(l, 1, e);
                    MultiheadAttention layer = MultiheadAttention.of(e, h);
                    assertThat(layer.analyze(x, x, x).params().total()).isEqualTo(4 * e * e + 4 * e);
                    assertThat(layer.bias(false).analyze(x, x, x).params().total()).isEqualTo(4 * e * e);
                    assertThat(layer.addBiasKv(true).analyze(x, x, x).params().total())
                            .isEqualTo(4 * e * e + 4 * e + 2 * e);
                });
    }

    @Test
    void self_attention_counts_equal_three_distinct_tensors_of_the_same_shape() {
        qt().withFixedSeed(20261205L).withExamples(300).forAll(AttentionGenerators.attentions())
                .assuming(c -> c.args().kdim() == c.args().e() && c.args().vdim() == c.args().e())
                .checkAssert(c -> {
                    long l = c.args().l();
                    Analysis self = c.layer().analyze(c.inputs(c.args().n(), l, l,
                            AttentionCase.Aliasing.SELF_ATTENTION));
                    Analysis keyIsValue = c.layer().analyze(c.inputs(c.args().n(), l, l,
                            AttentionCase.Aliasing.KEY_IS_VALUE));
                    Analysis distinct = c.layer().analyze(c.inputs(c.args().n(), l, l,
                            AttentionCase.Aliasing.DISTINCT));
                    assertThat(self.terms()).isEqualTo(distinct.terms());
                    assertThat(keyIsValue.terms()).isEqualTo(distinct.terms());
                    assertThat(self.outputs()).isEqualTo(distinct.outputs());
                    assertThat(self.parameters()).isEqualTo(distinct.parameters());
                    assertThat(self.derivation().plain()).contains("self-attention");
                    assertThat(keyIsValue.derivation().plain()).contains("key and value are the same tensor");
                    assertThat(distinct.derivation().plain()).contains("distinct tensors");
                });
    }

    @Test
    void an_unbatched_call_counts_as_a_batch_of_one() {
        qt().withFixedSeed(20261206L).withExamples(300).forAll(AttentionGenerators.attentions())
                .checkAssert(c -> {
                    long l = c.args().l();
                    long s = c.args().s();
                    AttentionCase unbatched = new AttentionCase(c.layer(), c.aliasing(), false, c.args(), c.regimes());
                    AttentionCase batched = new AttentionCase(c.layer(), c.aliasing(), true, c.args(), c.regimes());
                    Analysis one = c.layer().analyze(unbatched.inputs(1, l, s, c.aliasing()));
                    Analysis batchOfOne = c.layer().analyze(batched.inputs(1, l, s, c.aliasing()));
                    assertThat(one.terms()).as("%s", c).isEqualTo(batchOfOne.terms());
                    assertThat(one.output().rank()).isEqualTo(2);
                });
    }

    private static Map<String, Long> values(Analysis a) {
        Map<String, Long> values = new LinkedHashMap<>();
        List<Term> terms = a.terms();
        terms.forEach(t -> values.put(t.name(), t.value()));
        return values;
    }
}
