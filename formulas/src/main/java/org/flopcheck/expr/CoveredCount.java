package org.flopcheck.expr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The number of positions in {@code [0, B)} reached by at least one (position, tap) pair:
 * {@code #{o : 0 ≤ o < B, o = a·s + k·d − p for some 0 ≤ a < A, 0 ≤ k < K}}.
 *
 * <p>Used by transposed convolution: an output position reached by m products needs m − 1 additions, and one
 * reached by none needs none, so the additions are the landing products ({@link TapCount}) minus the positions
 * reached (this count). Positions fall in gaps when the stride exceeds the dilated kernel's reach.
 *
 * <p>Evaluated in O(K log K) by merging, per residue class modulo s, the arithmetic progressions of each tap.
 */
public record CoveredCount(String position, Expr positions, Expr taps, Expr stride, Expr dilation, Expr padding,
                           Expr range) implements Expr {
    public CoveredCount {
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
        if (a <= 0 || k <= 0 || b <= 0) {
            return 0;
        }
        // Tap t reaches t*d - p + j*s for j in [0, a): in units of s within residue class r = (t*d - p) mod s,
        // that is the index interval [q, q + a - 1] with q = floor((t*d - p) / s).
        Map<Long, List<long[]>> byResidue = new HashMap<>();
        for (long t = 0; t < k; t++) {
            long offset = Math.subtractExact(Math.multiplyExact(t, d), p);
            long r = Math.floorMod(offset, s);
            long q = Math.floorDiv(offset, s);
            // clip to positions 0 <= q'*s + r <= b - 1
            long lo = Math.max(q, -Math.floorDiv(r, s));
            long hi = Math.min(Math.addExact(q, a - 1), Math.floorDiv(b - 1 - r, s));
            if (hi >= lo) {
                byResidue.computeIfAbsent(r, x -> new ArrayList<>()).add(new long[] {lo, hi});
            }
        }
        long count = 0;
        for (List<long[]> intervals : byResidue.values()) {
            intervals.sort(Comparator.comparingLong(iv -> iv[0]));
            long curLo = intervals.get(0)[0];
            long curHi = intervals.get(0)[1];
            for (long[] iv : intervals.subList(1, intervals.size())) {
                if (iv[0] > curHi + 1) {
                    count = Math.addExact(count, curHi - curLo + 1);
                    curLo = iv[0];
                    curHi = iv[1];
                } else {
                    curHi = Math.max(curHi, iv[1]);
                }
            }
            count = Math.addExact(count, curHi - curLo + 1);
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
