package org.flopcheck.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tallies the regimes generated cases exercise, so a property test can show that the regimes it claims to cover
 * really occurred (a generator that silently stopped producing depthwise convolutions fails the test).
 */
public final class Regimes {
    private final Map<String, Integer> seen = new TreeMap<>();
    private int cases;

    public void record(Set<String> regimes) {
        cases++;
        regimes.forEach(r -> seen.merge(r, 1, Integer::sum));
    }

    public int cases() {
        return cases;
    }

    /** Each named regime occurred in at least {@code times} cases. */
    public void assertEachOccurred(int times, String... regimes) {
        for (String r : regimes) {
            assertThat(seen.getOrDefault(r, 0)).as("cases in regime '%s' (all regimes: %s)", r, seen)
                    .isGreaterThanOrEqualTo(times);
        }
    }

    @Override
    public String toString() {
        return cases + " cases " + seen;
    }
}
