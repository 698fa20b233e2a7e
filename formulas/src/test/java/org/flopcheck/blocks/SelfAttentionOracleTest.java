package org.flopcheck.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.flopcheck.convention.Conventions;
import org.flopcheck.layers.Analysis;
import org.flopcheck.oracle.SelfAttentionOracle;
import org.flopcheck.terms.Op;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.Regimes;
import org.flopcheck.testing.SelfAttentionCase;
import org.flopcheck.testing.TransformerBlockGenerators;
import org.junit.jupiter.api.Test;

/** SelfAttention's closed forms against loops that run every head, query and key, and the laws they obey. */
class SelfAttentionOracleTest {
    static final int CONFIGURATIONS = 300;
    static final int DRAWS = 500;

    @Test
    void closed_forms_equal_a_head_by_head_count_of_every_self_attention() {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(20261401L).withExamples(DRAWS).forAll(TransformerBlockGenerators.selfAttentions())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    distinct.add(c.layer() + " on " + c.input());
                    SelfAttentionOracle.Run run = SelfAttentionOracle.run(c.args());
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops());
                });
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(CONFIGURATIONS);
        regimes.assertEachOccurred(10, "one head", "multi-head (h_kv = h)", "multi-query (h_kv = 1)",
                "grouped-query (1 < h_kv < h)", "causal, mask added", "causal, mask selected (where)",
                "padding mask added", "no mask", "mask by default", "rotary", "no rotary", "bias", "no bias",
                "unbatched", "batch > 1", "L = 1", "d = 1", "dropout (eval)");
    }

    @Test
    void parameters_do_not_depend_on_length_or_batch() {
        qt().withFixedSeed(20261402L).withExamples(300).forAll(TransformerBlockGenerators.selfAttentions(),
                integers().between(1, 5), integers().between(1, 7)).checkAssert((c, n, l) -> {
                    Analysis before = c.layer().analyze(c.input());
                    Analysis after = c.layer().analyze(c.input(n, l));
                    assertThat(after.params()).as("%s", c).isEqualTo(before.params());
                });
    }

    @Test
    void parameters_are_e_times_two_h_plus_two_h_kv_heads_of_d() {
        qt().withFixedSeed(20261403L).withExamples(300).forAll(TransformerBlockGenerators.selfAttentions())
                .checkAssert(c -> {
                    long e = c.args().e();
                    long hd = c.args().h() * (e / c.args().h());
                    long kvd = c.args().hKv() * (e / c.args().h());
                    long weights = e * hd + 2 * e * kvd + hd * e;
                    long biases = c.args().bias() ? hd + 2 * kvd + e : 0;
                    assertThat(c.layer().analyze(c.input()).params().total()).as("%s", c)
                            .isEqualTo(weights + biases);
                });
    }

    @Test
    void every_count_is_linear_in_batch() {
        qt().withFixedSeed(20261404L).withExamples(300).forAll(TransformerBlockGenerators.selfAttentions(),
                integers().between(2, 4)).assuming((c, m) -> c.batched()).checkAssert((c, m) -> {
                    Map<String, Long> one = allTerms(c.layer().analyze(c.input(1, c.args().l())));
                    Map<String, Long> many = allTerms(c.layer().analyze(c.input(m, c.args().l())));
                    assertThat(many.keySet()).containsExactlyElementsOf(one.keySet());
                    one.forEach((name, v) -> assertThat(many.get(name)).as("%s for batch %s of %s", name, m, c)
                            .isEqualTo(m * v));
                });
    }

    @Test
    void an_unbatched_call_counts_as_a_batch_of_one() {
        qt().withFixedSeed(20261405L).withExamples(300).forAll(TransformerBlockGenerators.selfAttentions())
                .checkAssert(c -> {
                    SelfAttentionCase unbatched = new SelfAttentionCase(c.layer(), false, c.args(), c.regimes());
                    SelfAttentionCase batched = new SelfAttentionCase(c.layer(), true, c.args(), c.regimes());
                    Analysis one = c.layer().analyze(unbatched.input(1, c.args().l()));
                    Analysis batchOfOne = c.layer().analyze(batched.input(1, c.args().l()));
                    assertThat(allTerms(one)).as("%s", c).isEqualTo(allTerms(batchOfOne));
                    assertThat(one.output().rank()).isEqualTo(2);
                });
    }

    @Test
    void macs_are_the_projections_plus_two_attention_products_per_head_query_key_and_feature() {
        qt().withFixedSeed(20261406L).withExamples(300).forAll(TransformerBlockGenerators.selfAttentions())
                .checkAssert(c -> {
                    SelfAttentionOracle.Args a = c.args();
                    long d = a.e() / a.h();
                    long expected = a.n() * a.l() * (2 * a.e() * a.h() * d + 2 * a.e() * a.hKv() * d
                            + 2 * a.h() * a.l() * d);
                    assertThat(Conventions.MACS.count(c.layer().analyze(c.input())).total()).as("%s", c)
                            .isEqualTo(expected);
                });
    }

    @Test
    void selecting_the_causal_mask_trades_the_mask_additions_for_as_many_comparisons() {
        qt().withFixedSeed(20261407L).withExamples(300).forAll(TransformerBlockGenerators.selfAttentions())
                .checkAssert(c -> {
                    SelfAttentionOracle.Args a = c.args();
                    SelfAttention causal = SelfAttention.of(a.e(), a.h()).numKvHeads(a.hKv()).bias(a.bias())
                            .rotary(a.rotary()).causal(true);
                    SelfAttention add = causal.mask("add");
                    SelfAttention where = causal.mask("where");
                    Map<Op, Long> added = AnalysisAssert.byOp(add.analyze(c.input()));
                    Map<Op, Long> selected = AnalysisAssert.byOp(where.analyze(c.input()));
                    long scores = c.args().n() * c.args().h() * c.args().l() * c.args().l();
                    assertThat(added.get(Op.ADDITION) - selected.get(Op.ADDITION)).isEqualTo(scores);
                    assertThat(selected.get(Op.COMPARISON) - added.getOrDefault(Op.COMPARISON, 0L))
                            .isEqualTo(scores);
                    assertThat(Conventions.EXACT.count(add.analyze(c.input())).total())
                            .isEqualTo(Conventions.EXACT.count(where.analyze(c.input())).total());
                });
    }

    /** Every term of the analysis and its rows, by row path and name. */
    static Map<String, Long> allTerms(Analysis a) {
        Map<String, Long> values = new LinkedHashMap<>();
        collect(a, "", values);
        return values;
    }

    private static void collect(Analysis a, String path, Map<String, Long> into) {
        a.terms().forEach(t -> into.put(path + "/" + t.name(), t.value()));
        a.children().forEach(child -> collect(child, path + "." + child.name(), into));
    }
}
