package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flopcheck.CountOverflowException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/** Counts beyond 32 bits and near 64 bits are exact; counts beyond 64 bits are errors that name the quantity. */
class LargeCountsTest {

    @Test
    void vgg_sized_convolution_counts_beyond_two_to_the_31_exactly() {
        // VGG16's second convolution on a batch of 8 ImageNet images: 8·64·224·224·64·9
        Analysis a = Conv2d.of(64, 64, 3).padding(1).analyze(Shape.of(8, 64, 224, 224));
        long macs = 8L * 64 * 224 * 224 * 64 * 9;
        assertThat(macs).isGreaterThan(Integer.MAX_VALUE);
        assertThat(Conventions.MACS.count(a).total()).isEqualTo(macs).isEqualTo(14_797_504_512L);
        assertThat(Conventions.EXACT.count(a).total()).isEqualTo(2 * macs);
    }

    @Test
    void llm_sized_projection_counts_just_below_two_to_the_63() {
        // an 8192-wide projection over 2^37 − 1 token rows: (2^37 − 1)·2^13·2^13 = 2^63 − 2^26
        long rows = (1L << 37) - 1;
        Analysis a = Linear.of(8192, 8192).bias(false).analyze(Shape.of(rows, 8192));
        assertThat(Conventions.MACS.count(a).total()).isEqualTo(Long.MAX_VALUE - (1L << 26) + 1);
    }

    @Test
    void a_total_beyond_two_to_the_63_is_an_error_naming_the_convention_and_layer() {
        long rows = (1L << 37) - 1;
        Analysis a = Linear.of(8192, 8192).bias(false).analyze(Shape.of(rows, 8192));
        assertThatThrownBy(() -> Conventions.EXACT.count(a))
                .isInstanceOf(CountOverflowException.class)
                .hasMessage("exact total of Linear overflows long");
        assertThatThrownBy(() -> Conventions.FLOPS.count(a))
                .isInstanceOf(CountOverflowException.class)
                .hasMessageContaining("flops of Linear weight multiplications overflows long");
    }

    @Test
    void a_convention_counts_when_only_terms_it_weights_zero_overflow_together() {
        // the additions of the dot products and the ReLUs' comparisons take every term's sum past 2^63; the
        // multiplications alone, 2^63 − 2^26, still fit: macs counts them, exact cannot
        long rows = (1L << 37) - 1;
        Analysis a = Sequential.of(Linear.of(8192, 8192).bias(false), ReLU.of(), ReLU.of())
                .analyze(Shape.of(rows, 8192));
        assertThat(Conventions.MACS.count(a).total()).isEqualTo(Long.MAX_VALUE - (1L << 26) + 1);
        assertThat(Conventions.MACS.count(a).contributions()).hasSize(1);
        assertThatThrownBy(() -> Conventions.EXACT.count(a))
                .isInstanceOf(CountOverflowException.class)
                .hasMessage("exact total of Sequential overflows long");
        assertThatThrownBy(a::termTotals).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void a_term_beyond_two_to_the_63_is_an_error_naming_the_term_and_its_values() {
        assertThatThrownBy(() -> Linear.of(8192, 8192).analyze(Shape.of(1L << 40, 8192)))
                .isInstanceOf(CountOverflowException.class)
                .hasMessage("Linear weight multiplications overflows long: M·H_out·H_in with M=1,099,511,627,776,"
                        + " H_out=8,192, H_in=8,192");
    }
}
