package org.flopcheck.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.shape.Shape;
import org.flopcheck.spec.SpecReader;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case, as a browsable tree: one container per file, one per case; in each case the spec is read
 * and analysed, and the output shapes must be the ones torch's own forward pass returned.
 */
class GoldenCorpusTest {
    static final GoldenCorpus CORPUS = GoldenCorpus.load(Path.of("cases"));

    @TestFactory
    Stream<DynamicNode> every_case_builds_and_has_torchs_output_shapes() {
        return CORPUS.files().stream().map(file -> DynamicContainer.dynamicContainer(file.name(),
                CORPUS.directory().resolve(file.name()).toUri(),
                file.cases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " has torch's output shapes",
                        () -> {
                            Analysis a = analyse(c);
                            List<Shape> expected = new ArrayList<>();
                            for (List<Long> dims : c.outputs()) {
                                expected.add(new Shape(dims));
                            }
                            assertThat(a.outputs()).as("%s (%s)%n%s", c.id(), c.description(),
                                    a.derivation().plain()).isEqualTo(expected);
                        }))));
    }

    static Analysis analyse(GoldenCase c) {
        Inputs inputs = SpecReader.inputs(c.inputs());
        return SpecReader.layer(c.model()).analyze(inputs);
    }
}
