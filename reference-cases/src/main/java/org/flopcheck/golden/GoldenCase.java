package org.flopcheck.golden;

import java.util.List;
import org.flopcheck.spec.Value;

/**
 * One declared case: the spec the measured module was built from, its inputs, the output shapes torch returned,
 * and every tool's reading.
 *
 * @param id          {@code conv2d/padding-same}, unique across the corpus
 * @param description what the case exercises
 * @param model       the layer spec, as values located at {@code $.cases[i].model}
 * @param inputs      the inputs list, located at {@code $.cases[i].inputs}
 * @param outputs     output shapes from torch's own forward pass
 * @param readings    one per tool and variant
 * @param location    {@code $.cases[i]}
 */
public record GoldenCase(String id, String description, Value model, Value inputs, List<List<Long>> outputs,
                         List<Reading> readings, String location) {
    public GoldenCase {
        outputs = outputs.stream().map(List::copyOf).toList();
        readings = List.copyOf(readings);
    }
}
