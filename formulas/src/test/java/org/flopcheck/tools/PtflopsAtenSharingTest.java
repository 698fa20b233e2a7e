package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.flopcheck.CountOverflowException;
import org.flopcheck.blocks.Repeat;
import org.flopcheck.blocks.Residual;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Count;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * The aten convention sums a shared subtree ({@link Analysis#origin()}) once per input layouts and writes its
 * contributions row by row when they are read: the two must agree, and a copy that receives another layout must
 * be counted for that layout.
 */
class PtflopsAtenSharingTest {
    private static final PtflopsAtenConvention ATEN = PtflopsAtenConvention.INSTANCE;

    @Test
    void should_count_each_copy_of_a_shared_block_for_the_layout_it_receives() {
        // VIEWS: the same Residual(Linear(16, 16)) object twice after a batch-first LSTM (16,000). The first copy
        // reads the LSTM's transposed output: mm 10·16·16 = 2,560, no bias; its sum is laid out like the body's
        // fresh output, so the second copy reads a contiguous tensor: addmm 2,560 + 10·16 = 2,720
        Layer block = Residual.of(Linear.of(16, 16));
        Analysis a = Sequential.of(LSTM.of(8, 16).batchFirst(true), block, block).analyze(Shape.of(2, 5, 8));
        assertThat(a.children().get(1).origin()).isSameAs(a.children().get(2).origin());
        Count count = ATEN.count(a);
        assertThat(count.total()).isEqualTo(16_000 + 2_560 + 2_720);
        assertThat(count.contributions()).filteredOn(c -> c.path().startsWith("1.") || c.path().startsWith("2."))
                .extracting(Contribution::path, Contribution::name, Contribution::value)
                .containsExactly(tuple("1.body", "weight multiplications", 2_560L),
                        tuple("1.body", "bias additions", 0L),
                        tuple("2.body", "weight multiplications", 2_560L),
                        tuple("2.body", "bias additions", 160L));
    }

    @Test
    void should_write_a_row_for_every_copy_of_a_repeated_block_counted_once() {
        // ADDMM: Repeat(Sequential(Linear(16, 16)), 3) on (4, 16): each copy 4·16·16 + 4·16 = 1,088
        Analysis a = Repeat.of(Sequential.of(Linear.of(16, 16)), 3).analyze(Shape.of(4, 16));
        Count count = ATEN.count(a);
        assertThat(count.total()).isEqualTo(3 * 1_088);
        assertThat(count.contributions()).extracting(Contribution::path)
                .containsExactly("0.0", "0.0", "1.0", "1.0", "2.0", "2.0");
    }

    @Test
    void should_report_a_total_beyond_long_even_when_each_shared_copy_fits() {
        // each copy's 2^30·2^16·2^16 = 2^62 products fit a long (2^63 − 1), the two copies' 2^63 do not: the total
        // overflows, not an operator
        long rows = 1L << 30;
        Analysis a = Repeat.of(Sequential.of(Linear.of(1 << 16, 1 << 16).bias(false)), 2)
                .analyze(Shape.of(rows, 1 << 16));
        assertThatThrownBy(() -> ATEN.outcome(a)).isInstanceOf(CountOverflowException.class)
                .hasMessageContaining("total of Repeat overflows long");
    }
}
