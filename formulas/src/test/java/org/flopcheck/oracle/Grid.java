package org.flopcheck.oracle;

import java.util.function.Consumer;

/** Iterates every multi-index of a box, last dimension fastest, the way nested loops would. */
public final class Grid {
    private Grid() {
    }

    public static void forEach(long[] sizes, Consumer<long[]> body) {
        for (long s : sizes) {
            if (s <= 0) {
                return;
            }
        }
        long[] at = new long[sizes.length];
        while (true) {
            body.accept(at.clone());
            int k = sizes.length - 1;
            while (k >= 0) {
                at[k]++;
                if (at[k] < sizes[k]) {
                    break;
                }
                at[k] = 0;
                k--;
            }
            if (k < 0) {
                return;
            }
        }
    }

    /** {@code head} followed by {@code tail}. */
    public static long[] cat(long[] head, long... tail) {
        long[] all = new long[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    public static long[] cat(long a, long[] tail) {
        return cat(new long[] {a}, tail);
    }

    public static long[] cat(long a, long b, long[] tail) {
        return cat(new long[] {a, b}, tail);
    }

    public static long product(long[] sizes) {
        long p = 1;
        for (long s : sizes) {
            p *= s;
        }
        return p;
    }
}
