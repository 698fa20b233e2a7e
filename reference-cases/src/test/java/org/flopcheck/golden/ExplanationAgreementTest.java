package org.flopcheck.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.flopcheck.convention.Contribution;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Outcome;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.spec.SpecReader;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conventions count a total on a fast path and write the contributions that explain it only when read. On every
 * golden case, under every module tree a reading measured (direct, wrapped), every convention's contributions are
 * read and must sum exactly to its total: the explanation and the number are one computation.
 */
class ExplanationAgreementTest {

    @TestFactory
    Stream<DynamicNode> every_conventions_contributions_sum_to_its_total_on_every_case() {
        return GoldenCorpusTest.CORPUS.files().stream().map(file -> DynamicContainer.dynamicContainer(file.name(),
                file.cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
                    Set<String> variants = new LinkedHashSet<>();
                    variants.add("direct");
                    c.readings().forEach(r -> variants.add(r.variant()));
                    Inputs inputs = SpecReader.inputs(c.inputs());
                    int counted = 0;
                    for (String variant : variants) {
                        Analysis a = Wrappers.forVariant(variant, SpecReader.layer(c.model())).analyze(inputs);
                        for (Convention convention : Conventions.all()) {
                            if (convention.outcome(a) instanceof Outcome.Counted counted1) {
                                long sum = 0;
                                for (Contribution part : counted1.count().contributions()) {
                                    sum = Math.addExact(sum, part.value());
                                }
                                assertThat(sum).as("%s %s under %s", c.id(), variant, convention.id())
                                        .isEqualTo(counted1.count().total());
                                counted++;
                            }
                        }
                    }
                    assertThat(counted).as("conventions that counted %s", c.id()).isPositive();
                }))));
    }
}
