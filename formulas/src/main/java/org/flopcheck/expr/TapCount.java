package org.flopcheck.expr;

import java.util.Objects;

/**
 * The number of (position, tap) pairs of a sliding window that land inside a range:
 * {@code #{(a, k) : 0 ≤ a < A, 0 ≤ k < K, 0 ≤ a·s + k·d − p < B}}.
 *
 * <p>One node serves two layers, one per dimension:
 * <ul>
 *   <li>pooling, where {@code a} runs over output positions and {@code a·s + k·d − p} is the input position a
 *       window tap reads; taps in the padding are not read, so this counts the values a window really sees;</li>
 *   <li>transposed convolution, where {@code a} runs over input positions and {@code a·s + k·d − p} is the output
 *       position a product is added into; products that fall in the cropped padding are computed but never
 *       accumulated.</li>
 * </ul>
 * Evaluated in O(K): for each tap the admissible positions form one interval.
 *
 * @param position the name of the position index in renderings ({@code o} or {@code i})
 * @param positions A
 * @param taps      K
 * @param stride    s
 * @param dilation  d
 * @param padding   p, subtracted from every landing position
 * @param range     B
 */
public record TapCount(String position, Expr positions, Expr taps, Expr stride, Expr dilation, Expr padding,
                       Expr range) implements Expr {
    public TapCount {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(taps, "taps");
        Objects.requireNonNull(stride, "stride");
        Objects.requireNonNull(dilation, "dilation");
        Objects.requireNonNull(padding, "padding");
        Objects.requireNonNull(range, "range");
    }

    @Override
    public long eval(Bindings bindings) {
        long a = positions.eval(bindings);
        long k = taps.eval(bindings);
        long s = stride.eval(bindings);
        long d = dilation.eval(bindings);
        long p = padding.eval(bindings);
        long b = range.eval(bindings);
        long count = 0;
        for (long tap = 0; tap < k; tap++) {
            long offset = Math.subtractExact(Math.multiplyExact(tap, d), p);
            // need 0 <= pos*s + offset <= b-1
            long lo = Math.max(0, -Math.floorDiv(offset, s));                    // ceil(-offset / s)
            long hi = Math.min(a - 1, Math.floorDiv(Math.subtractExact(b - 1, offset), s));
            if (hi >= lo) {
                count = Math.addExact(count, hi - lo + 1);
            }
        }
        return count;
    }

    @Override
    public int precedence() {
        return 3;
    }

    @Override
    public String toString() {
        return plain();
    }
}
