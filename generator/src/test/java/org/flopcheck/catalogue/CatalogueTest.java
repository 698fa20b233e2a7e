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
    void an_unknown_name_is_absent() {
        assertThat(Catalogue.model("resnet51")).isEmpty();
    }
}
