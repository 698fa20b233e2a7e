package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.oracle.TransformerOracle;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.terms.Term;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.Regimes;
import org.flopcheck.testing.TransformerCase;
import org.flopcheck.testing.TransformerGenerators;
import org.junit.jupiter.api.Test;

/**
 * TransformerEncoderLayer and TransformerEncoder against loops that run every part of the layer, and the laws
 * that tie the composite to its parts.
 */
class TransformerEncoderOracleTest {
    static final int CONFIGURATIONS = 400;

    @Test
    void closed_forms_equal_a_part_by_part_run_of_every_encoder_layer() {
        Regimes regimes = new Regimes();
        qt().withFixedSeed(20261301L).withExamples(CONFIGURATIONS).forAll(TransformerGenerators.encoderLayers())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    TransformerOracle.Run run = TransformerOracle.encoderLayer(c.args());
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.output()))
                            .matchesOracle(run.ops());
                });
        assertThat(regimes.cases()).isGreaterThanOrEqualTo(300);
        regimes.assertEachOccurred(10, "one head", "odd heads > 1", "even heads", "one feature per head",
                "dim_feedforward < d_model", "dim_feedforward > d_model", "batch_first", "sequence first",
                "unbatched", "batch > 1", "one position", "norm_first", "post-norm", "gelu", "relu", "dropout 0");
    }

    /**
     * The layer's counts are those of standalone parts built here, not by the layer: self-attention on one tensor
     * without weights, two linears, two norms, the activation module on linear1's output, and two residual sums of
     * one addition per element.
     */
    @Test
    void an_encoder_layer_counts_its_parts_plus_two_residual_sums_and_the_activation() {
        qt().withFixedSeed(20261302L).withExamples(300).forAll(TransformerGenerators.encoderLayers())
                .checkAssert(c -> {
                    TransformerEncoderLayer t = c.layer();
                    Shape x = c.input();
                    Shape hidden = x.with(-1, t.dimFeedforward());
                    List<Analysis> parts = List.of(
                            MultiheadAttention.of(t.dModel(), t.nhead()).batchFirst(t.batchFirst()).needWeights(false)
                                    .analyze(Inputs.of(x, x, x).withSame(1, 0).withSame(2, 0)),
                            Linear.of(t.dModel(), t.dimFeedforward()).analyze(x),
                            (t.activation().equals("gelu") ? GELU.of() : ReLU.of()).analyze(hidden),
                            Linear.of(t.dimFeedforward(), t.dModel()).analyze(hidden),
                            LayerNorm.of(t.dModel()).analyze(x),
                            LayerNorm.of(t.dModel()).analyze(x));
                    Map<Op, Long> expected = new EnumMap<>(Op.class);
                    long params = 0;
                    for (Analysis p : parts) {
                        AnalysisAssert.byOp(p).forEach((op, v) -> expected.merge(op, v, Long::sum));
                        params += p.params().total();
                    }
                    expected.merge(Op.ADDITION, 2 * x.numel(), Long::sum);

                    Analysis a = t.analyze(x);
                    assertThat(AnalysisAssert.byOp(a)).as("%s", c).isEqualTo(expected);
                    assertThat(a.params().total()).isEqualTo(params);
                    long e = t.dModel();
                    long f = t.dimFeedforward();
                    assertThat(params).isEqualTo(4 * e * e + 2 * e * f + 9 * e + f);
                });
    }

    @Test
    void the_calls_follow_torchs_forward_for_post_norm_and_pre_norm() {
        qt().withFixedSeed(20261303L).withExamples(300).forAll(TransformerGenerators.encoderLayers())
                .checkAssert(c -> {
                    List<String> names = c.layer().analyze(c.input()).children().stream().map(Analysis::name)
                            .toList();
                    assertThat(names).as("%s", c).isEqualTo(c.layer().normFirst()
                            ? List.of("norm1", "self_attn", "dropout1", "norm2", "linear1", "dropout", "linear2",
                            "dropout2")
                            : List.of("self_attn", "dropout1", "norm1", "linear1", "dropout", "linear2", "dropout2",
                            "norm2"));
                });
    }

    @Test
    void a_stack_of_n_layers_counts_n_times_one_layer_plus_its_norm() {
        qt().withFixedSeed(20261304L).withExamples(300).forAll(TransformerGenerators.encoderLayers(),
                integers().between(1, 4), booleans().all()).checkAssert((c, n, withNorm) -> {
                    TransformerEncoder encoder = TransformerEncoder.of(c.layer(), n);
                    LayerNorm norm = LayerNorm.of(c.layer().dModel());
                    if (withNorm) {
                        encoder = encoder.norm(norm);
                    }
                    Analysis one = c.layer().analyze(c.input());
                    Analysis stack = encoder.analyze(c.input());
                    Map<Op, Long> expected = new EnumMap<>(Op.class);
                    AnalysisAssert.byOp(one).forEach((op, v) -> expected.put(op, n * v));
                    long params = n * one.params().total();
                    if (withNorm) {
                        Analysis normed = norm.analyze(c.input());
                        AnalysisAssert.byOp(normed).forEach((op, v) -> expected.merge(op, v, Long::sum));
                        params += normed.params().total();
                    }
                    assertThat(AnalysisAssert.byOp(stack)).as("%s × %s", c, n).isEqualTo(expected);
                    assertThat(stack.params().total()).isEqualTo(params);
                    assertThat(stack.output()).isEqualTo(c.input());
                    assertThat(stack.children()).extracting(Analysis::name).startsWith("layers.0")
                            .hasSize(n + (withNorm ? 1 : 0));
                });
    }

    @Test
    void parameters_do_not_depend_on_length_or_batch() {
        qt().withFixedSeed(20261305L).withExamples(300).forAll(TransformerGenerators.encoderLayers(),
                integers().between(1, 5), integers().between(1, 5)).checkAssert((c, n, s) -> {
                    Analysis before = c.layer().analyze(c.input());
                    Analysis after = c.layer().analyze(c.input(n, s));
                    assertThat(after.params()).as("%s", c).isEqualTo(before.params());
                });
    }

    @Test
    void every_count_is_linear_in_batch_and_an_unbatched_input_counts_as_a_batch_of_one() {
        qt().withFixedSeed(20261306L).withExamples(300).forAll(TransformerGenerators.encoderLayers(),
                integers().between(2, 4)).checkAssert((c, m) -> {
                    TransformerCase batched = new TransformerCase(c.layer(), true, c.args(), c.regimes());
                    TransformerCase unbatched = new TransformerCase(c.layer(), false, c.args(), c.regimes());
                    long s = c.args().s();
                    Map<String, Long> one = values(c.layer().analyze(batched.input(1, s)));
                    Map<String, Long> many = values(c.layer().analyze(batched.input(m, s)));
                    assertThat(values(c.layer().analyze(unbatched.input(1, s)))).isEqualTo(one);
                    assertThat(many.keySet()).containsExactlyElementsOf(one.keySet());
                    one.forEach((name, v) -> assertThat(many.get(name)).as("%s for batch %s of %s", name, m, c)
                            .isEqualTo(m * v));
                });
    }

    /**
     * What keeps the layer off torch's fast path keeps its self-attention off MultiheadAttention's own: on the Python
     * path no native kernel runs, and the calls counted here are the calls torch makes.
     */
    @Test
    void whenever_the_layer_leaves_its_fast_path_its_self_attention_leaves_its_own() {
        qt().withFixedSeed(20261307L).withExamples(300).forAll(TransformerGenerators.encoderLayers(), booleans().all())
                .checkAssert((c, grad) -> {
                    Shape x = c.input();
                    boolean layerFast = c.layer().whyNotFastPath(x, grad).isEmpty();
                    boolean attentionFast = c.layer().selfAttn()
                            .whyNotFastPath(Inputs.of(x, x, x).withSame(1, 0).withSame(2, 0), grad).isEmpty();
                    if (!layerFast) {
                        assertThat(attentionFast).as("%s with grad %s", c, grad).isFalse();
                    }
                    assertThat(layerFast).isEqualTo(c.batched() && c.layer().batchFirst()
                            && c.layer().nhead() % 2 == 0 && !grad);
                });
    }

    private static Map<String, Long> values(Analysis a) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Term t : a.allTerms()) {
            values.merge(t.name(), t.value(), Long::sum);
        }
        return values;
    }
}
