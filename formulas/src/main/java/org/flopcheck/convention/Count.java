package org.flopcheck.convention;

import java.util.List;
import java.util.Objects;
import org.flopcheck.expr.PlainText;

/**
 * A convention's count for one analysis: the total and the contributions that sum to it exactly.
 *
 * @param convention    the convention's id ({@code exact}, {@code macs})
 * @param total         the sum of the contributions' values
 * @param contributions the named parts, in model order
 */
public record Count(String convention, long total, List<Contribution> contributions) {
    public Count {
        Objects.requireNonNull(convention, "convention");
        contributions = List.copyOf(contributions);
        long sum = 0;
        for (Contribution c : contributions) {
            sum = Math.addExact(sum, c.value());
        }
        if (sum != total) {
            throw new IllegalArgumentException("contributions sum to " + sum + ", not the total " + total);
        }
    }

    /** The total and one line per contribution. */
    public String plain() {
        StringBuilder sb = new StringBuilder(convention).append(" = ").append(PlainText.grouped(total)).append('\n');
        for (Contribution c : contributions) {
            sb.append("  ").append(c).append('\n');
        }
        return sb.toString();
    }
}
