package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flopcheck.expr.Exprs.num;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Outcome;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm1d;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.ReLU;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link TorchinfoConvention#outcome} sums each shared subtree once ({@link Analysis#origin()}) and never lists the
 * rows; these check it against torchinfo's ModelStatistics restated over the rows {@link TorchinfoConvention#summaryList}
 * lists, on models where copies of one analysis meet everything that makes a row's count depend on its context: a
 * module called twice (recursive rows, parameters counted once), calls under the path of an earlier copy, dotted
 * names with their inserted container rows, containers whose leftover parameters go negative, failing calls.
 */
class TorchinfoSharedCallsTest {
    private static final TorchinfoConvention TORCHINFO = TorchinfoConvention.INSTANCE;

    /** Row names drawn for children: repeated names are calls of one module; dotted names share a container. */
    private static final String[] NAMES = {"a", "b", "0", "1", "fc", "layers.0", "layers.1", "layers.0.x", "a.y",
        "layers"};

    @Test
    void should_see_the_rows_of_a_reused_copy_when_its_module_is_called_again() {
        // inner = Sequential-like block whose two rows are one analysis: row "1" is a reused copy of row "0"; the
        // module calling inner twice makes every row of the second call recursive, those under "1" included
        Analysis leaf = Linear.of(4, 4).analyze(Shape.of(2, 4));
        Analysis pair = composite("Pair", List.of(), Shape.of(2, 4), leaf.named("0"), leaf.named("1"));
        Analysis block = composite("Block", List.of(), Shape.of(2, 4), pair.named("0"), pair.named("1"));
        Analysis twice = composite("Twice", List.of("scale"), Shape.of(2, 4), block.named("inner"),
                block.named("inner"));
        Analysis model = composite("Model", List.of(), Shape.of(2, 4), block.named("first"), twice.named("t"));

        List<TorchinfoConvention.Row> rows = TORCHINFO.summaryList(model);
        assertThat(rows.stream().filter(r -> r.path().startsWith("t.inner.") || r.path().equals("t.inner"))
                .map(TorchinfoConvention.Row::recursive)).containsExactly(false, false, false, false, false, false,
                false, true, true, true, true, true, true, true);
        assertAgrees(model);
    }

    @Test
    void should_find_the_leaves_of_a_first_call_recursive_when_the_module_is_called_again() {
        // the first call of "block" has leaves with names no other call of it shares, which the totals pass keeps
        // out of its trie of paths; the second call, and a dotted call under "block.fc", must still find them
        Analysis linear = Linear.of(4, 4).analyze(Shape.of(2, 4));
        Analysis relu = ReLU.of().analyze(Shape.of(2, 4));
        Analysis block = composite("Block", List.of("scale"), Shape.of(2, 4), linear.named("fc"), relu.named("act"),
                relu.named("act"), linear.named("out"));
        Analysis under = composite("Under", List.of(), Shape.of(2, 4), linear.named("block.fc"),
                linear.named("block.new"));
        Analysis model = composite("Model", List.of(), Shape.of(2, 4), block.named("block"), block.named("block"),
                under.named(""));

        List<TorchinfoConvention.Row> rows = TORCHINFO.summaryList(model);
        assertThat(rows.stream().filter(r -> r.path().equals("block.fc")).map(TorchinfoConvention.Row::recursive))
                .containsExactly(false, true, true);
        assertAgrees(model);
    }

    @Test
    void should_keep_every_path_of_a_module_called_again_with_many_more_calls() {
        // "wide" is called first with 1 submodule call, then with 60 more under the same path, some repeated
        Analysis leaf = Linear.of(4, 4).analyze(Shape.of(2, 4));
        Analysis narrow = composite("Wide", List.of(), Shape.of(2, 4), leaf.named("0"));
        Analysis[] calls = new Analysis[90];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = leaf.named(String.valueOf(i % 60));
        }
        Analysis wide = composite("Wide", List.of("scale"), Shape.of(2, 4), calls);
        Analysis model = composite("Model", List.of(), Shape.of(2, 4), narrow.named("wide"), wide.named("wide"),
                wide.named("wide"));
        assertThat(TORCHINFO.summaryList(model).stream().filter(r -> !r.recursive())).hasSize(1 + 1 + 60);
        assertAgrees(model);
    }

    @Test
    void should_agree_with_the_rows_on_random_models_built_from_shared_analyses() {
        Random random = new Random(20240611L);
        for (int model = 0; model < 1000; model++) {
            assertAgrees(randomModel(random));
        }
    }

    /** outcome() against ModelStatistics over summaryList(), and a recursive row exactly where a path repeats. */
    private static void assertAgrees(Analysis model) {
        List<TorchinfoConvention.Row> rows;
        try {
            rows = TORCHINFO.summaryList(model);
        } catch (IllegalStateException failure) {
            Outcome o = TORCHINFO.outcome(model);
            assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.reason())
                    .isEqualTo(failure.getMessage()));
            return;
        }
        Set<String> paths = new HashSet<>();
        for (TorchinfoConvention.Row r : rows) {
            assertThat(r.recursive()).as(r.path()).isEqualTo(!paths.add(r.path()));
        }
        long total = 0;
        long params = 0;
        long trainable = 0;
        List<Contribution> parts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            TorchinfoConvention.Row r = rows.get(i);
            if (r.leaf()) {
                total += r.macs();
                parts.addAll(r.contributions());
                if (!r.recursive()) {
                    params += r.params();
                    trainable += r.trainableParams();
                }
            } else if (!r.recursive()) {
                params += Math.max(leftover(rows, i, false), 0);
                trainable += Math.max(leftover(rows, i, true), 0);
            }
        }
        Outcome o = TORCHINFO.outcome(model);
        assertThat(o).as(model.toString()).isInstanceOf(Outcome.Counted.class);
        Outcome.Counted c = (Outcome.Counted) o;
        assertThat(c.count().total()).isEqualTo(total);
        assertThat(c.params()).isEqualTo(params);
        assertThat(c.trainableParams()).hasValue(trainable);
        assertThat(c.count().contributions()).containsExactlyElementsOf(parts);
    }

    /** LayerInfo.leftover_params as torchinfo computes it: over every non-recursive deeper row that follows. */
    private static long leftover(List<TorchinfoConvention.Row> rows, int index, boolean trainable) {
        TorchinfoConvention.Row row = rows.get(index);
        long left = trainable ? row.trainableParams() : row.params();
        for (int j = index + 1; j < rows.size() && rows.get(j).depth() > row.depth(); j++) {
            TorchinfoConvention.Row child = rows.get(j);
            if (!child.recursive()) {
                left -= child.leaf() ? (trainable ? child.trainableParams() : child.params())
                        : leftover(rows, j, trainable);
            }
        }
        return left;
    }

    /**
     * A model of a few levels whose composites take their children from a pool of earlier analyses, so that copies
     * of one analysis (one origin) appear under several paths, called once or more.
     */
    private static Analysis randomModel(Random random) {
        List<Analysis> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pool.add(randomLeaf(random));
        }
        Analysis last = null;
        for (int i = 0; i < 6; i++) {
            // mostly a few children; sometimes more than Analysis compares name by name
            int n = random.nextInt(8) == 0 ? 17 + random.nextInt(8) : random.nextInt(5);
            Analysis[] children = new Analysis[n];
            for (int k = 0; k < n; k++) {
                Analysis pick = pool.get(random.nextInt(pool.size()));
                children[k] = pick.named(NAMES[random.nextInt(NAMES.length)]);
            }
            List<String> own = switch (random.nextInt(4)) {
                case 0 -> List.of("scale");
                case 1 -> List.of("weight");
                case 2 -> List.of("in_proj_weight", "bias");
                default -> List.of();
            };
            Shape out = random.nextInt(12) == 0 ? Shape.of() : Shape.of(2, 4);
            last = composite(random.nextBoolean() ? "Block" : "ConvBlock", own, out, children);
            pool.add(last);
            if (random.nextInt(3) == 0) {
                pool.add(randomLeaf(random));
            }
        }
        return last;
    }

    private static Analysis randomLeaf(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Linear.of(4, 4).analyze(Shape.of(2, 4));
            case 1 -> Conv1d.of(2, 2, 3).analyze(Shape.of(1, 2, 8));
            case 2 -> ReLU.of().analyze(Shape.of(3));
            case 3 -> LSTM.of(4, 4).analyze(Shape.of(5, 4));
            case 4 -> BatchNorm1d.of(4).analyze(Shape.of(2, 4));
            default -> MultiheadAttention.of(8, 2).analyze(Shape.of(3, 2, 8), Shape.of(3, 2, 8), Shape.of(3, 2, 8));
        };
    }

    /** A module with the given own parameters (4 elements each) calling the given children, in order. */
    private static Analysis composite(String type, List<String> parameters, Shape out, Analysis... children) {
        Layer layer = new Layer() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Analysis analyze(Inputs inputs) {
                Worksheet w = new Worksheet(type);
                for (String p : parameters) {
                    w.parameter(p, num(4));
                }
                return Analysis.composite(this, inputs, List.of(out), w, List.of(children));
            }
        };
        return layer.analyze(Shape.of(2, 4));
    }

    @Test
    void should_name_the_rows_before_a_failing_shared_call() {
        // a weighted container with a scalar output raises in calculate_macs wherever it is called; the message lists
        // the rows whose hooks fired, in row order
        Analysis scalar = composite("Score", List.of("weight"), Shape.of(), ReLU.of().analyze(Shape.of(3)).named("r"));
        Analysis model = composite("Model", List.of(), Shape.of(2, 4), scalar.named("0"), scalar.named("1"));
        assertThat(TORCHINFO.outcome(model)).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.reason())
                .endsWith("Executed layers up to: [Score: 1, ReLU: 2]\ncaused by IndexError: list index out of range"));
        assertThatThrownBy(() -> TORCHINFO.summaryList(model)).isInstanceOf(IllegalStateException.class);
    }
}
