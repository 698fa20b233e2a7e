package org.flopcheck.convention;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.flopcheck.expr.PlainText;

/**
 * A convention's count for one analysis: the total and the contributions that sum to it exactly.
 *
 * <p>A convention may compute its total on a fast path and write its contributions only when someone reads them
 * ({@link #lazy}): counting a model then builds no explanation. The two are one computation seen twice, and they
 * are held to each other: the first read of {@link #contributions()} checks that they sum to the total and fails
 * with an {@link IllegalStateException} naming both when they do not.
 */
public final class Count {
    private final String convention;
    private final long total;
    private Supplier<List<Contribution>> pending;
    private volatile List<Contribution> contributions;

    /**
     * @param convention    the convention's id ({@code exact}, {@code macs})
     * @param total         the sum of the contributions' values
     * @param contributions the named parts, in model order
     * @throws IllegalArgumentException when the contributions do not sum to the total
     */
    public Count(String convention, long total, List<Contribution> contributions) {
        this.convention = Objects.requireNonNull(convention, "convention");
        this.total = total;
        List<Contribution> copy = List.copyOf(contributions);
        long sum = sum(copy);
        if (sum != total) {
            throw new IllegalArgumentException("contributions sum to " + sum + ", not the total " + total);
        }
        this.contributions = copy;
    }

    private Count(String convention, long total, Supplier<List<Contribution>> contributions) {
        this.convention = Objects.requireNonNull(convention, "convention");
        this.total = total;
        this.pending = Objects.requireNonNull(contributions, "contributions");
    }

    /**
     * A count whose contributions are written on first read, by the same rules that made the total; that read
     * checks they sum to it.
     */
    public static Count lazy(String convention, long total, Supplier<List<Contribution>> contributions) {
        return new Count(convention, total, contributions);
    }

    private static long sum(List<Contribution> parts) {
        long sum = 0;
        for (Contribution c : parts) {
            sum = Math.addExact(sum, c.value());
        }
        return sum;
    }

    /** The convention's id ({@code exact}, {@code macs}). */
    public String convention() {
        return convention;
    }

    /** The sum of the contributions' values. */
    public long total() {
        return total;
    }

    /** The named parts, in model order, summing exactly to {@link #total()}. */
    public List<Contribution> contributions() {
        List<Contribution> done = contributions;
        if (done == null) {
            synchronized (this) {
                done = contributions;
                if (done == null) {
                    done = List.copyOf(pending.get());
                    long sum = sum(done);
                    if (sum != total) {
                        throw new IllegalStateException(convention + ": contributions sum to " + sum
                                + ", not the total " + total + " counted on the fast path");
                    }
                    contributions = done;
                    pending = null;
                }
            }
        }
        return done;
    }

    /** The total and one line per contribution. */
    public String plain() {
        StringBuilder sb = new StringBuilder(convention).append(" = ").append(PlainText.grouped(total)).append('\n');
        for (Contribution c : contributions()) {
            sb.append("  ").append(c).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Count[" + convention + " = " + total + "]";
    }
}
