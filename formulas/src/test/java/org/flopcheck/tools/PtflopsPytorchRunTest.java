package org.flopcheck.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Outcome;
import org.flopcheck.layers.AdaptiveAvgPool1d;
import org.flopcheck.layers.AdaptiveAvgPool2d;
import org.flopcheck.layers.AdaptiveAvgPool3d;
import org.flopcheck.layers.AdaptiveMaxPool1d;
import org.flopcheck.layers.AdaptiveMaxPool2d;
import org.flopcheck.layers.AdaptiveMaxPool3d;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.AvgPool1d;
import org.flopcheck.layers.AvgPool2d;
import org.flopcheck.layers.AvgPool3d;
import org.flopcheck.layers.BatchNorm1d;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.BatchNorm3d;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Conv3d;
import org.flopcheck.layers.ConvTranspose1d;
import org.flopcheck.layers.ConvTranspose2d;
import org.flopcheck.layers.ConvTranspose3d;
import org.flopcheck.layers.InstanceNorm1d;
import org.flopcheck.layers.InstanceNorm2d;
import org.flopcheck.layers.InstanceNorm3d;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.MaxPool1d;
import org.flopcheck.layers.MaxPool2d;
import org.flopcheck.layers.MaxPool3d;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.Upsample;
import org.flopcheck.shape.Shape;
import org.junit.jupiter.api.Test;

/** The counting run's shortcuts against what they stand for. */
class PtflopsPytorchRunTest {

    @Test
    void a_layer_family_classified_by_its_java_class_is_classified_as_its_type_name_says() {
        List<Layer> members = List.of(Conv1d.of(2, 4, 3), Conv2d.of(2, 4, 3), Conv3d.of(2, 4, 3),
                ConvTranspose1d.of(2, 4, 3), ConvTranspose2d.of(2, 4, 3), ConvTranspose3d.of(2, 4, 3),
                BatchNorm1d.of(4), BatchNorm2d.of(4), BatchNorm3d.of(4),
                InstanceNorm1d.of(4), InstanceNorm2d.of(4), InstanceNorm3d.of(4),
                MaxPool1d.of(2), MaxPool2d.of(2), MaxPool3d.of(2), AvgPool1d.of(2), AvgPool2d.of(2), AvgPool3d.of(2),
                AdaptiveMaxPool1d.of(2), AdaptiveMaxPool2d.of(2), AdaptiveMaxPool3d.of(2),
                AdaptiveAvgPool1d.of(2), AdaptiveAvgPool2d.of(2), AdaptiveAvgPool3d.of(2));
        for (Layer layer : members) {
            assertThat(PtflopsPytorchRun.moduleClass(layer)).as(layer.type()).isNotNull()
                    .isEqualTo(PtflopsPytorchRun.byType(layer.type()));
        }
    }

    /**
     * Shared blocks before, between and after float-valued F.interpolate counts, with elements beyond 2^53 so that
     * float64 sums depend on their order: the counting run, which reuses a shared block's sums only while the
     * functional list holds ints, must agree with the explaining run, which walks every call (read contributions
     * are checked against the total).
     */
    @Test
    void shared_blocks_around_float_functional_counts_give_the_total_of_walking_every_call() {
        Layer ints = Sequential.of(ReLU.of(), MaxPool2d.of(1));
        Layer up = Sequential.of(Upsample.of().scaleFactor(2.0), MaxPool2d.of(2));   // back to its input's shape
        // the second and third blocks are copies of the first: their first two children, added once while the
        // list held ints, come again after a float
        Layer block = Sequential.of(ints, ints, up);
        Layer model = Sequential.of(ints, ints, block, block, block, ints);
        for (Shape input : List.of(Shape.of(2, 3, 7, 9), Shape.of(3, 1, 123456791, 98765431), Shape.of(1, 1, 123456791, 98765431))) {
            Analysis a = model.analyze(input);
            for (PtflopsPytorchConvention c : List.of(PtflopsPytorchConvention.V0_7_5,
                    PtflopsPytorchConvention.V0_7_2_2)) {
                Outcome o = c.outcome(a);
                assertThat(o).as("%s on %s", c, input).isInstanceOfSatisfying(Outcome.Counted.class, counted -> {
                    long sum = 0;
                    for (Contribution part : counted.count().contributions()) {
                        sum = Math.addExact(sum, part.value());
                    }
                    assertThat(sum).isEqualTo(counted.count().total());
                });
            }
        }
    }
}
