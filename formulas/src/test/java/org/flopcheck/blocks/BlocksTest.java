package org.flopcheck.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flopcheck.FlopcheckException;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.SiLU;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.BlockGenerators;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Test;

/** Residual, Parallel and Repeat: joins, shapes, totals as their children's plus the join, rows, reprs. */
class BlocksTest {

    // ---- laws ------------------------------------------------------------------------------------------------

    @Test
    void a_residual_counts_its_rows_plus_one_addition_per_output_element() {
        qt().withFixedSeed(20261601L).withExamples(300).forAll(BlockGenerators.children()).checkAssert(c -> {
            Analysis identity = Residual.of(c.first()).analyze(c.input());
            Analysis projected = Residual.of(c.first()).shortcut(c.second()).analyze(c.input());
            long elements = c.input().numel();
            for (Convention k : Conventions.library()) {
                long body = k.count(c.first().analyze(c.input())).total();
                long shortcut = k.count(c.second().analyze(c.input())).total();
                long join = k == Conventions.EXACT ? elements : 0;
                assertThat(k.count(identity).total()).as("%s of %s", k.id(), c).isEqualTo(body + join);
                assertThat(k.count(projected).total()).as("%s of %s", k.id(), c).isEqualTo(body + shortcut + join);
            }
            assertThat(projected.params().total()).isEqualTo(c.first().analyze(c.input()).params().total()
                    + c.second().analyze(c.input()).params().total());
        });
    }

    @Test
    void a_parallel_join_counts_its_branches_plus_k_minus_one_operations_per_element() {
        qt().withFixedSeed(20261602L).withExamples(300).forAll(BlockGenerators.children()).checkAssert(c -> {
            long elements = c.input().numel();
            long branches = 0;
            long macs = 0;
            for (Layer b : new Layer[] {c.first(), c.second(), c.third()}) {
                branches += Conventions.EXACT.count(b.analyze(c.input())).total();
                macs += Conventions.MACS.count(b.analyze(c.input())).total();
            }
            for (String join : new String[] {"add", "mul", "concat"}) {
                Analysis a = Parallel.of(join, c.first(), c.second(), c.third()).analyze(c.input());
                long own = join.equals("concat") ? 0 : 2 * elements;
                assertThat(Conventions.EXACT.count(a).total()).as("%s of %s", join, c).isEqualTo(branches + own);
                assertThat(Conventions.MACS.count(a).total()).as("%s of %s", join, c).isEqualTo(macs);
            }
            Analysis concat = Parallel.of("concat", c.first(), c.second(), c.third()).dim(-1).analyze(c.input());
            assertThat(concat.output()).isEqualTo(c.input().with(2, 3 * c.input().dim(2)));
        });
    }

    @Test
    void a_repeat_owns_n_copies_of_the_parameters_and_counts_n_times_one_copy() {
        qt().withFixedSeed(20261603L).withExamples(300).forAll(BlockGenerators.children(), integers().between(1, 6))
                .checkAssert((c, n) -> {
                    Analysis one = c.first().analyze(c.input());
                    Analysis many = Repeat.of(c.first(), n).analyze(c.input());
                    assertThat(many.params().total()).as("%s × %s", n, c).isEqualTo(n * one.params().total());
                    assertThat(many.params().buffers()).isEqualTo(n * one.params().buffers());
                    for (Convention k : Conventions.library()) {
                        assertThat(k.count(many).total()).as("%s of %s × %s", k.id(), n, c)
                                .isEqualTo(n * k.count(one).total());
                    }
                    assertThat(many.children()).hasSize(n);
                    assertThat(many.children().get(n - 1).name()).isEqualTo(String.valueOf(n - 1));
                });
    }

    // ---- Residual ----------------------------------------------------------------------------------------------

    @Test
    void should_count_the_residual_javadoc_example_by_hand() {
        // Linear(4, 4) on (2, 4): 2·4·4 products, 2·4·3 sums within, 2·4 bias additions; then 8 residual additions
        Analysis a = Residual.of(Linear.of(4, 4)).analyze(Shape.of(2, 4));
        FlopcheckAssertions.assertThat(a).hasParams(20).hasOutput(2, 4).counts(Conventions.MACS, 32)
                .counts(Conventions.EXACT, 32 + 24 + 8 + 8).hasTerm("residual additions", 8);
        assertThat(a.children()).extracting(Analysis::name).containsExactly("body");
    }

    @Test
    void a_downsampling_shortcut_is_a_second_row() {
        Residual block = Residual.of(Conv2d.of(3, 8, 3).stride(2).padding(1)).shortcut(Conv2d.of(3, 8, 1).stride(2));
        Analysis a = block.analyze(Shape.of(1, 3, 8, 8));
        assertThat(a.children()).extracting(Analysis::name).containsExactly("body", "shortcut");
        // body 8·4·4 outputs of 27 products, shortcut 8·4·4 of 3
        FlopcheckAssertions.assertThat(a).hasOutput(1, 8, 4, 4).counts(Conventions.MACS, 128 * 27 + 128 * 3)
                .hasTerm("residual additions", 128).hasParams(8 * 27 + 8 + 8 * 3 + 8);
    }

    @Test
    void should_refuse_a_body_whose_output_is_not_the_input_shape() {
        assertThatThrownBy(() -> Residual.of(Linear.of(4, 3)).analyze(Shape.of(2, 4)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("Residual: body output (2, 3) and input (2, 4) must have the same shape to be added");
        assertThatThrownBy(() -> Residual.of(Linear.of(4, 3)).shortcut(Linear.of(4, 2)).analyze(Shape.of(2, 4)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("Residual: body output (2, 3) and shortcut output (2, 2) must have the same shape to be"
                        + " added");
        assertThatThrownBy(() -> Residual.of(Linear.of(4, 4)).analyze(Shape.of(2, 4), Shape.of(2, 4)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("Residual with the identity shortcut takes 1 input, got 2");
    }

    @Test
    void a_mistake_inside_a_residual_carries_the_row_path() {
        Residual block = Residual.of(Sequential.of(Linear.of(4, 4), Linear.of(8, 4)));
        assertThatThrownBy(() -> block.analyze(Shape.of(2, 4)))
                .hasMessage("layer body.1 (Linear): Linear expects input (*, H_in=8), got (2, 4)")
                .satisfies(e -> assertThat(((FlopcheckException) e).path()).containsExactly("body", "1"));
        assertThatThrownBy(() -> Sequential.of(Linear.of(4, 4), block).analyze(Shape.of(2, 4)))
                .hasMessage("layer 1.body.1 (Linear): Linear expects input (*, H_in=8), got (2, 4)");
        Residual shortcut = Residual.of("main", Linear.of(4, 4)).shortcut("skip", Linear.of(3, 4));
        assertThatThrownBy(() -> shortcut.analyze(Shape.of(2, 4)))
                .hasMessage("layer skip (Linear): Linear expects input (*, H_in=3), got (2, 4)");
    }

    @Test
    void body_and_shortcut_cannot_share_a_row_name() {
        assertThatThrownBy(() -> Residual.of("x", Linear.of(4, 4)).shortcut("x", Linear.of(4, 4)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Residual: body and shortcut cannot share the row name 'x'");
    }

    @Test
    void residual_repr_lists_its_rows() {
        assertThat(Residual.of(Linear.of(4, 4))).hasToString("Residual(\n"
                + "  (body): Linear(in_features=4, out_features=4, bias=True)\n)");
        assertThat(Residual.of(Sequential.of(Linear.of(4, 4))).shortcut(Linear.of(4, 4).bias(false)))
                .hasToString("Residual(\n"
                        + "  (body): Sequential(\n"
                        + "    (0): Linear(in_features=4, out_features=4, bias=True)\n"
                        + "  )\n"
                        + "  (shortcut): Linear(in_features=4, out_features=4, bias=False)\n)");
    }

    // ---- Parallel ----------------------------------------------------------------------------------------------

    @Test
    void should_count_the_inception_like_concatenation_by_hand() {
        Analysis a = Parallel.of("concat", Conv2d.of(3, 8, 1), Conv2d.of(3, 4, 3).padding(1))
                .analyze(Shape.of(1, 3, 8, 8));
        // 8·64 outputs of 3 products; 4·64 outputs of 27 products; weights and biases 24 + 8, 108 + 4
        FlopcheckAssertions.assertThat(a).hasOutput(1, 12, 8, 8).hasParams(32 + 112)
                .counts(Conventions.MACS, 8 * 64 * 3 + 4 * 64 * 27);
        assertThat(8 * 64 * 3 + 4 * 64 * 27).isEqualTo(8_448);
        assertThat(a.terms()).isEmpty();
        assertThat(a.children()).extracting(Analysis::name).containsExactly("0", "1");
    }

    @Test
    void should_count_a_swiglu_gate_by_hand() {
        Map<String, Layer> branches = new LinkedHashMap<>();
        branches.put("gate", Sequential.of(Linear.of(4, 6).bias(false), SiLU.of()));
        branches.put("up_proj", Linear.of(4, 6).bias(false));
        Analysis a = Parallel.of("mul", branches).analyze(Shape.of(1, 3, 4));
        // two projections of 3·6 outputs × 4 products; one product per element of (1, 3, 6)
        FlopcheckAssertions.assertThat(a).hasOutput(1, 3, 6).hasParams(2 * 24).counts(Conventions.MACS, 2 * 72)
                .hasTerm("branch multiplications", 18);
        assertThat(a.children()).extracting(Analysis::name).containsExactly("gate", "up_proj");
    }

    @Test
    void an_addition_of_k_branches_takes_k_minus_one_additions_per_element() {
        Analysis a = Parallel.of("add", Linear.of(4, 5), Linear.of(4, 5), Linear.of(4, 5), Linear.of(4, 5))
                .analyze(Shape.of(2, 4));
        FlopcheckAssertions.assertThat(a).hasTerm("branch additions", 3 * 10);
    }

    @Test
    void should_refuse_branches_that_do_not_fit_the_join() {
        assertThatThrownBy(() -> Parallel.of("add", Linear.of(4, 5), Linear.of(4, 6)).analyze(Shape.of(2, 4)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("Parallel: branches 0 (2, 5) and 1 (2, 6) must have the same shape to be added");
        Map<String, Layer> named = new LinkedHashMap<>();
        named.put("gate", Linear.of(4, 5));
        named.put("up", Linear.of(4, 6));
        assertThatThrownBy(() -> Parallel.of("mul", named).analyze(Shape.of(2, 4)))
                .hasMessage("Parallel: branches gate (2, 5) and up (2, 6) must have the same shape to be multiplied");
        assertThatThrownBy(() -> Parallel.of("concat", Conv2d.of(3, 8, 1), Conv2d.of(3, 8, 3))
                .analyze(Shape.of(1, 3, 8, 8)))
                .hasMessage("Parallel: branches 0 (1, 8, 8, 8) and 1 (1, 8, 6, 6) must agree outside dim 1 to be"
                        + " concatenated");
        assertThatThrownBy(() -> Parallel.of("concat", Linear.of(4, 5), Sequential.of(Linear.of(4, 5),
                org.flopcheck.layers.Flatten.of().startDim(0))).analyze(Shape.of(2, 4)))
                .hasMessage("Parallel: branches 0 (2, 5) and 1 (10,) must agree outside dim 1 to be concatenated");
        assertThatThrownBy(() -> Parallel.of("concat", Linear.of(4, 5)).dim(2).analyze(Shape.of(2, 4)))
                .hasMessage("Parallel: dim (2) is out of range for branch 0 output (2, 5) of rank 2");
    }

    @Test
    void a_mistake_inside_a_branch_carries_the_row_path() {
        Map<String, Layer> named = new LinkedHashMap<>();
        named.put("gate", Sequential.of(Linear.of(4, 4), Linear.of(5, 4)));
        assertThatThrownBy(() -> Parallel.of("mul", named).analyze(Shape.of(2, 4)))
                .hasMessage("layer gate.1 (Linear): Linear expects input (*, H_in=5), got (2, 4)");
    }

    @Test
    void should_refuse_an_unknown_join_a_dim_without_concat_and_no_branches() {
        assertThatThrownBy(() -> Parallel.of("sum", Linear.of(4, 4))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Parallel: join 'sum' is not one of 'concat', 'add', 'mul'");
        assertThatThrownBy(() -> Parallel.of("add", Linear.of(4, 4)).dim(1))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Parallel: dim (1) applies only to join 'concat', not 'add'");
        assertThatThrownBy(() -> Parallel.of("concat")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Parallel: branches must list at least one layer");
    }

    @Test
    void parallel_repr_shows_the_join_then_the_branches() {
        assertThat(Parallel.of("concat", Linear.of(2, 3), Linear.of(2, 1)).dim(-1)).hasToString("Parallel(\n"
                + "  join='concat', dim=-1\n"
                + "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
                + "  (1): Linear(in_features=2, out_features=1, bias=True)\n)");
        assertThat(Parallel.of("mul", Linear.of(2, 3))).hasToString("Parallel(\n  join='mul'\n"
                + "  (0): Linear(in_features=2, out_features=3, bias=True)\n)");
    }

    // ---- Repeat ------------------------------------------------------------------------------------------------

    @Test
    void should_count_the_repeat_javadoc_example_by_hand() {
        Analysis a = Repeat.of(Linear.of(8, 8), 3).analyze(Shape.of(1, 8));
        FlopcheckAssertions.assertThat(a).hasParams(3 * (64 + 8)).counts(Conventions.MACS, 3 * 64).hasOutput(1, 8);
        assertThat(a.children()).extracting(Analysis::name).containsExactly("0", "1", "2");
        assertThat(a.children().get(2).parameters()).extracting(p -> p.name()).containsExactly("weight", "bias");
    }

    @Test
    void each_copy_takes_the_previous_copys_output() {
        Analysis a = Repeat.of(Conv1d.of(2, 2, 3), 3).analyze(Shape.of(1, 2, 10));
        assertThat(a.children()).extracting(c -> c.inputs().get(0))
                .containsExactly(Shape.of(1, 2, 10), Shape.of(1, 2, 8), Shape.of(1, 2, 6));
        FlopcheckAssertions.assertThat(a).hasOutput(1, 2, 4).counts(Conventions.MACS, (2 * 8 + 2 * 6 + 2 * 4) * 6);
        assertThatThrownBy(() -> Repeat.of(Linear.of(8, 4), 3).analyze(Shape.of(1, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("layer 1 (Linear): Linear expects input (*, H_in=8), got (1, 4)");
    }

    @Test
    void should_refuse_no_copies_or_too_many() {
        assertThatThrownBy(() -> Repeat.of(Linear.of(4, 4), 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Repeat: times (0) must be positive");
        assertThatThrownBy(() -> Repeat.of(Linear.of(4, 4), 100_001)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Repeat: times (100001) exceeds 100,000");
    }

    @Test
    void repeat_repr_is_torchs_module_list_of_identical_entries() {
        assertThat(Repeat.of(Linear.of(2, 2), 12)).hasToString("Repeat(\n"
                + "  (0-11): 12 x Linear(in_features=2, out_features=2, bias=True)\n)");
        assertThat(Repeat.of(Linear.of(2, 2), 1)).hasToString("Repeat(\n"
                + "  (0): Linear(in_features=2, out_features=2, bias=True)\n)");
    }
}
