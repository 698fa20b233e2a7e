package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.oracle.RmsNormOracle;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;
import org.flopcheck.testing.AnalysisAssert;
import org.flopcheck.testing.FlopcheckAssertions;
import org.flopcheck.testing.Regimes;
import org.flopcheck.testing.TransformerBlockGenerators;
import org.junit.jupiter.api.Test;

/** RMSNorm against a row-by-row loop, its laws, torch's repr, the javadoc's worked number and its refusals. */
class RMSNormTest {
    static final int CONFIGURATIONS = 300;
    static final int DRAWS = 500;

    @Test
    void closed_forms_equal_a_row_by_row_count_of_every_rms_norm() {
        Regimes regimes = new Regimes();
        Set<String> distinct = new HashSet<>();
        qt().withFixedSeed(20261301L).withExamples(DRAWS).forAll(TransformerBlockGenerators.rmsNorms())
                .checkAssert(c -> {
                    regimes.record(c.regimes());
                    distinct.add(c.layer() + " on " + c.input());
                    RmsNormOracle.Run run = RmsNormOracle.run(c.args());
                    FlopcheckAssertions.assertThat(c.layer().analyze(c.input()))
                            .hasOutput(c.expectedOutput(run.out()))
                            .matchesOracle(run.ops());
                });
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(CONFIGURATIONS);
        regimes.assertEachOccurred(10, "elementwise affine", "no elementwise affine", "eps given", "eps None",
                "multi-dimensional normalized_shape", "no leading dimensions", "several leading dimensions",
                "batch > 1");
    }

    @Test
    void parameters_do_not_depend_on_the_leading_dimensions() {
        qt().withFixedSeed(20261302L).withExamples(300).forAll(TransformerBlockGenerators.rmsNorms(),
                integers().between(1, 9)).checkAssert((c, m) -> {
                    Shape grown = c.input().inserted(0, m);
                    assertThat(c.layer().analyze(grown).params()).as("%s", c)
                            .isEqualTo(c.layer().analyze(c.input()).params());
                });
    }

    @Test
    void every_count_is_linear_in_the_rows() {
        qt().withFixedSeed(20261303L).withExamples(300).forAll(TransformerBlockGenerators.rmsNorms(),
                integers().between(2, 6)).checkAssert((c, m) -> {
                    Map<String, Long> one = terms(c.layer().analyze(c.input()));
                    Map<String, Long> many = terms(c.layer().analyze(c.input().inserted(0, m)));
                    assertThat(many.keySet()).containsExactlyElementsOf(one.keySet());
                    one.forEach((name, v) -> assertThat(many.get(name)).as("%s of %s", name, c).isEqualTo(m * v));
                });
    }

    @Test
    void should_count_llama_2s_rms_norm_on_128_tokens() {
        // R = 128 rows of D = 4096: per row 4096 squarings, 4095 additions, 1 division, 1 eps addition,
        // 1 square root, 1 reciprocal, 4096 normalising and 4096 weight multiplications
        Analysis a = RMSNorm.of(4096).eps(1e-5).analyze(Shape.of(1, 128, 4096));
        long perRow = 4096 + 4095 + 1 + 1 + 1 + 1 + 4096 + 4096;
        FlopcheckAssertions.assertThat(a).hasParams(4_096).hasOutput(1, 128, 4096)
                .counts(Conventions.EXACT, 128 * perRow).counts(Conventions.MACS, 0)
                .hasTerm("squarings", 524_288).hasTerm("mean additions", 524_160).hasTerm("square roots", 128);
        assertThat(128 * perRow).isEqualTo(2_097_536);
        assertThat(AnalysisAssert.byOp(a)).containsEntry(Op.MULTIPLICATION, 3L * 524_288)
                .containsEntry(Op.DIVISION, 256L).containsEntry(Op.ADDITION, 524_160L + 128);
    }

    @Test
    void without_weight_there_are_no_parameters_and_three_operations_per_value_plus_three_per_row() {
        Analysis a = RMSNorm.of(2, 3).elementwiseAffine(false).analyze(Shape.of(4, 2, 3));
        // 4 rows of 6: 6 squarings + 5 additions + 1 + 1 + 1 + 1 + 6 normalising = 21 = 3·6 + 3
        FlopcheckAssertions.assertThat(a).hasParams(0).counts(Conventions.EXACT, 4 * 21);
    }

    @Test
    void repr_matches_torch() {
        assertThat(RMSNorm.of(4096)).hasToString("RMSNorm((4096,), eps=None, elementwise_affine=True)");
        assertThat(RMSNorm.of(2, 3).eps(1e-5).elementwiseAffine(false))
                .hasToString("RMSNorm((2, 3), eps=1e-05, elementwise_affine=False)");
    }

    @Test
    void should_refuse_an_input_whose_trailing_dimensions_differ() {
        assertThatThrownBy(() -> RMSNorm.of(8).analyze(Shape.of(2, 4)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("RMSNorm expects input (*, 8), got (2, 4); torch: Given normalized_shape=[8], expected"
                        + " input with shape [*, 8], but got input of size[2, 4]");
    }

    @Test
    void should_refuse_an_empty_or_non_positive_normalized_shape() {
        assertThatThrownBy(() -> RMSNorm.of()).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("RMSNorm: normalized_shape must have at least one dimension");
        assertThatThrownBy(() -> RMSNorm.of(4, 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("RMSNorm: normalized_shape (4, 0) must be positive in every dimension");
    }

    private static Map<String, Long> terms(Analysis a) {
        Map<String, Long> values = new LinkedHashMap<>();
        a.terms().forEach(t -> values.put(t.name(), t.value()));
        return values;
    }
}
