package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flopcheck.blocks.Repeat;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Outcome;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.ForwardCalls;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.Softmax;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * thop's numbers where the model shares work: copies of one analysis (Repeat's copies, a Sequential's identical
 * rows), a submodule called more than once, dotted submodule names. thop sees one module per name whatever the
 * sharing: each copy is its own module with its own rows and contributions, and a module called twice accumulates
 * both calls. Linear(4, 4) on (1, 4) counts in_features·y.numel() = 4·4 = 16 and has 4·4 + 4 = 20 parameters.
 */
class ThopSharedSubtreesTest {
    private static final ThopConvention THOP = ThopConvention.INSTANCE;
    private static final Shape X = Shape.of(1, 4);

    /** A module whose forward calls its submodules under the given names, one after another. */
    private static Layer calling(String type, List<String> names, List<Layer> layers) {
        return new Layer() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Analysis analyze(Inputs inputs) {
                ForwardCalls calls = new ForwardCalls();
                Shape h = inputs.get(0);
                for (int i = 0; i < names.size(); i++) {
                    h = calls.call(names.get(i), layers.get(i), h);
                }
                return Analysis.composite(this, inputs, List.of(h), new Worksheet(type), calls.children());
            }
        };
    }

    private static Outcome.Counted counted(Analysis a) {
        Outcome o = THOP.outcome(a);
        assertThat(o).isInstanceOf(Outcome.Counted.class);
        return (Outcome.Counted) o;
    }

    private static List<String> counting(Outcome.Counted c) {
        return c.count().contributions().stream().filter(k -> k.weight() != 0)
                .map(k -> k.path() + " " + k.value()).toList();
    }

    private static List<String> rows(Analysis a) {
        return THOP.layerInfo(a).stream().map(r -> r.name() + " d" + r.depth() + " " + (long) r.macs() + " "
                + (long) r.params() + (r.hasChildren() ? " +" : "")).toList();
    }

    @Test
    void should_count_every_copy_of_a_repeated_block_under_its_own_name() {
        // three copies of Sequential(Linear, ReLU), all one analysis: 3·16 = 48 MACs, 3·20 = 60 parameters
        Analysis a = Repeat.of(Sequential.of(Linear.of(4, 4), ReLU.of()), 3).analyze(X);
        assertThat(a.children().get(2).origin()).isSameAs(a.children().get(0).origin());
        Outcome.Counted c = counted(a);
        assertThat(c.count().total()).isEqualTo(48);
        assertThat(c.params()).isEqualTo(60);
        assertThat(counting(c)).containsExactly("0.0 16", "1.0 16", "2.0 16");
        assertThat(rows(a)).containsExactly("0 d1 16 20 +", "0.0 d2 16 20", "0.1 d2 0 0", "1 d1 16 20 +",
                "1.0 d2 16 20", "1.1 d2 0 0", "2 d1 16 20 +", "2.0 d2 16 20", "2.1 d2 0 0");
    }

    @Test
    void should_accumulate_both_calls_of_a_submodule_in_every_copy() {
        // fc is called twice per copy: its total_ops holds 2·16 = 32, its parameters count once; two copies: 64, 40
        Linear fc = Linear.of(4, 4);
        Layer twice = calling("Twice", List.of("fc", "fc"), List.of(fc, fc));
        Analysis a = Repeat.of(twice, 2).analyze(X);
        Outcome.Counted c = counted(a);
        assertThat(c.count().total()).isEqualTo(64);
        assertThat(c.params()).isEqualTo(40);
        assertThat(counting(c)).containsExactly("0.fc 16", "0.fc 16", "1.fc 16", "1.fc 16");
        assertThat(rows(a)).containsExactly("0 d1 32 20 +", "0.fc d2 32 20", "1 d1 32 20 +", "1.fc d2 32 20");
    }

    @Test
    void should_gather_dotted_names_under_one_container() {
        // blocks.0 and blocks.1 hang under a ModuleList "blocks", recursed into: 2·16 MACs, 2·20 parameters
        Layer stack = calling("Stack", List.of("blocks.0", "blocks.1"), List.of(Linear.of(4, 4), Linear.of(4, 4)));
        Analysis a = Repeat.of(stack, 2).analyze(X);
        Outcome.Counted c = counted(a);
        assertThat(c.count().total()).isEqualTo(64);
        assertThat(c.params()).isEqualTo(80);
        assertThat(rows(a)).containsExactly("0 d1 32 40 +", "0.blocks d2 32 40 +", "0.blocks.0 d3 16 20",
                "0.blocks.1 d3 16 20", "1 d1 32 40 +", "1.blocks d2 32 40 +", "1.blocks.0 d3 16 20",
                "1.blocks.1 d3 16 20");
    }

    @Test
    void should_merge_a_copy_with_a_later_call_of_the_same_name() {
        // "0" is called, then "0.fc" reaches under it: one module "0" with the Linear's call and a submodule fc;
        // "0" is summed directly (a Linear), so fc's 16 is not added: 16 MACs, 20 parameters of "0" itself
        Linear fc = Linear.of(4, 4);
        Analysis a = calling("Odd", List.of("0", "0.fc"), List.of(fc, fc)).analyze(X);
        Outcome.Counted c = counted(a);
        assertThat(c.count().total()).isEqualTo(16);
        assertThat(c.params()).isEqualTo(20);
        assertThat(rows(a)).containsExactly("0 d1 16 20");
    }

    @Test
    void should_fail_inside_a_shared_copy_as_in_the_first() {
        // softmax-dim-none-fails: the first copy's Softmax(dim=None) ends the forward pass
        Analysis a = Repeat.of(Sequential.of(Linear.of(4, 4), Softmax.of()), 3).analyze(X);
        Outcome o = THOP.outcome(a);
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.rule()).isSameAs(ThopConvention.SOFTMAX_NO_DIM));
    }

    @Test
    void should_add_the_same_contributions_as_the_total_for_copies() {
        Analysis a = Repeat.of(Sequential.of(Linear.of(4, 4), ReLU.of()), 80).analyze(X);
        Outcome.Counted c = counted(a);
        assertThat(c.count().contributions().stream().mapToLong(Contribution::value).sum())
                .isEqualTo(c.count().total()).isEqualTo(80 * 16);
        assertThat(c.params()).isEqualTo(80 * 20);
    }
}
