package org.flopcheck.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Params;
import org.flopcheck.terms.Term;
import org.flopcheck.testing.OracleCase;

/** Laws shared by the parameter-free layers' property tests. */
final class Laws {
    private Laws() {
    }

    static void assertNoParameters(OracleCase c) {
        Analysis a = c.layer().analyze(c.input());
        assertThat(a.parameters()).as("tensors of %s", c).isEmpty();
        assertThat(a.params()).isEqualTo(Params.NONE);
    }

    /** Tripling the batch triples every term, when dimension 0 is a batch. */
    static void assertLinearInBatch(OracleCase c) {
        if (!c.batchDim()) {
            return;
        }
        Shape big = c.input().with(0, c.input().dim(0) * 3);
        Map<String, Long> once = byName(c.layer().analyze(c.input()));
        Map<String, Long> thrice = byName(c.layer().analyze(big));
        Map<String, Long> expected = new LinkedHashMap<>();
        once.forEach((name, value) -> expected.put(name, 3 * value));
        assertThat(thrice).as("terms of %s on %s", c.layer(), big).isEqualTo(expected);
    }

    private static Map<String, Long> byName(Analysis a) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Term t : a.allTerms()) {
            m.put(t.name(), t.value());
        }
        return m;
    }
}
