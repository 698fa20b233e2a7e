package org.flopcheck.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.flopcheck.convention.Conventions;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.ModelSpec;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    static Analysis analyse(String name) {
        ModelSpec spec = Catalogue.model(name).orElseThrow();
        return spec.model().analyze(spec.inputs());
    }

    @Test
    void every_listed_model_reads_and_analyses() {
        assertThat(Catalogue.names()).isNotEmpty();
        for (String name : Catalogue.names()) {
            assertThat(analyse(name).params().total()).as(name).isPositive();
        }
    }

    @Test
    void keyword_spotting_model_has_327_680_macs_and_1_344_parameters() {
        // conv 32·64·4 outputs × 40 products; params 32·4·10 + BatchNorm 2·32
        Analysis a = analyse("kws");
        assertThat(Conventions.MACS.count(a).total()).isEqualTo(32L * 64 * 4 * 40);
        assertThat(a.params().total()).isEqualTo(32 * 4 * 10 + 2 * 32);
    }

    @Test
    void torchvision_models_have_torchvisions_published_parameter_totals() {
        assertThat(analyse("resnet18").params().total()).isEqualTo(11_689_512);
        assertThat(analyse("resnet50").params().total()).isEqualTo(25_557_032);
        assertThat(analyse("mobilenet_v2").params().total()).isEqualTo(3_504_872);
        assertThat(analyse("alexnet").params().total()).isEqualTo(61_100_840);
        assertThat(analyse("vgg11").params().total()).isEqualTo(132_863_336);
        assertThat(analyse("vgg16").params().total()).isEqualTo(138_357_544);
    }

    @Test
    void an_unknown_name_is_absent() {
        assertThat(Catalogue.model("resnet51")).isEmpty();
    }
}
