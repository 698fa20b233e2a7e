package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Count;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.ConvTranspose2d;
import org.flopcheck.layers.Flatten;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/**
 * The aten convention's fast path takes a convolution's and a linear layer's products from the layer's own terms
 * instead of evaluating ptflops' formulas: the rows it writes must show formulas whose values are exactly the ones
 * counted.
 */
class PtflopsAtenFastPathTest {
    private static final PtflopsAtenConvention ATEN = PtflopsAtenConvention.INSTANCE;

    private static final Sequential MODEL = Sequential.of(Conv2d.of(3, 8, 3), Conv2d.of(8, 4, 3).bias(false),
            ConvTranspose2d.of(4, 2, 3), Flatten.of(), Linear.of(128, 5));

    @Test
    void should_count_the_values_of_the_formulas_it_shows() {
        // CONVOLUTION: 2·8·3·9·64 = 27,648 and bias 2·8·64 = 1,024; 2·4·8·9·36 = 20,736; transposed at the input
        // positions 2·4·2·9·36 = 5,184 and bias at every output 2·2·64 = 256; ADDMM: 2·5·128 + 2·5 = 1,290
        Analysis a = MODEL.analyze(Shape.of(2, 3, 10, 10));
        Count count = ATEN.count(a);
        assertThat(count.total()).isEqualTo(27_648 + 1_024 + 20_736 + 5_184 + 256 + 1_290);
        assertThat(count.contributions()).extracting(Contribution::path, Contribution::name, Contribution::value)
                .containsExactly(tuple("0", "weight multiplications", 27_648L), tuple("0", "bias additions", 1_024L),
                        tuple("1", "weight multiplications", 20_736L),
                        tuple("2", "weight multiplications", 5_184L), tuple("2", "bias additions", 256L),
                        tuple("4", "weight multiplications", 1_280L), tuple("4", "bias additions", 10L));
        for (Contribution c : count.contributions()) {
            assertThat(c.value()).as(c.toString()).isEqualTo(c.weight() * c.formula().eval(c.values()));
        }
    }
}
