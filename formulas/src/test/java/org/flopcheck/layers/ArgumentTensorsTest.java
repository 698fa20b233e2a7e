package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flopcheck.CountOverflowException;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * A layer's tensors are made at its first analysis and kept: every analysis lists the same tensors, whatever its
 * input, the derivation shows them as before, and a count that overflows is raised by every analysis alike.
 */
class ArgumentTensorsTest {
    @Test
    void should_list_the_same_tensors_on_every_analysis_and_in_the_derivation() {
        Conv2d conv = Conv2d.of(3, 8, 3).padding(1);
        Analysis small = conv.analyze(Shape.of(1, 3, 8, 8));
        Analysis large = conv.analyze(Shape.of(4, 3, 32, 32));
        assertThat(large.parameters()).isEqualTo(small.parameters()).hasSize(2);
        assertThat(large.parameters().get(0)).isSameAs(small.parameters().get(0));
        assertThat(small.parameters()).extracting(p -> p.name() + " " + p.shape() + " " + p.value())
                .containsExactly("weight (8, 3, 3, 3) 216", "bias (8,) 8");
        // a new layer with the same arguments makes equal tensors
        assertThat(Conv2d.of(3, 8, 3).padding(1).analyze(Shape.of(1, 3, 8, 8)).parameters())
                .isEqualTo(small.parameters());
        assertThat(large.derivation().toString()).contains("weight (8, 3, 3, 3)", "bias (8,)");
        assertThat(BatchNorm2d.of(8).analyze(Shape.of(1, 8, 4, 4)).parameters())
                .extracting(p -> p.name() + (p.buffer() ? " buffer" : ""))
                .containsExactly("weight", "bias", "running_mean buffer", "running_var buffer",
                        "num_batches_tracked buffer");
    }

    @Test
    void should_raise_a_tensor_overflow_on_every_analysis() {
        Linear wide = Linear.of(8, Long.MAX_VALUE);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> wide.analyze(Shape.of(2, 8)))
                    .isInstanceOf(CountOverflowException.class)
                    .hasMessageStartingWith("Linear weight elements overflows long");
        }
        Conv2d huge = Conv2d.of(1L << 32, 1L << 32, 1);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> huge.analyze(Shape.of(1L << 32, 1, 1)))
                    .isInstanceOf(CountOverflowException.class)
                    .hasMessageStartingWith("Conv2d weight elements overflows long");
        }
        // four tensors of C = 2^61 elements each: every size fits, their total does not (nor the closed form)
        BatchNorm1d norm = BatchNorm1d.of(1L << 61);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> norm.analyze(Shape.of(1, 1L << 61)))
                    .isInstanceOf(CountOverflowException.class)
                    .hasMessageStartingWith("BatchNorm1d exact operations in closed form overflows long");
        }
    }
}
