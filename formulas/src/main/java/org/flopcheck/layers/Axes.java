package org.flopcheck.layers;

import org.flopcheck.expr.Sym;

/**
 * Names of spatial dimensions in formulas: {@code L} for one dimension, {@code H, W} for two, {@code D, H, W} for
 * three; per-dimension arguments take the lower-case letter as subscript ({@code K_h}) except in one dimension,
 * where the plain letter is clearer ({@code K}).
 */
final class Axes {
    private static final String[][] NAMES = {{"L"}, {"H", "W"}, {"D", "H", "W"}};
    private static final String[][] WORDS = {{"length"}, {"height", "width"}, {"depth", "height", "width"}};

    private Axes() {
    }

    /** {@code L}, {@code H}, {@code W}, {@code D}. */
    static String axis(int dims, int i) {
        return NAMES[dims - 1][i];
    }

    /** {@code length}, {@code height}, {@code width}, {@code depth}. */
    static String word(int dims, int i) {
        return WORDS[dims - 1][i];
    }

    private record Key(boolean size, String base, String meaning, int dims, int i) {
    }

    private static final java.util.Map<Key, Sym> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** A size symbol: {@code L_in}, {@code H_out}. Symbols are immutable and shared. */
    static Sym size(int dims, int i, String which, String meaning) {
        return CACHE.computeIfAbsent(new Key(true, which, meaning, dims, i),
                k -> new Sym(axis(dims, i) + "_" + which, meaning + " " + word(dims, i)));
    }

    /** A per-dimension argument symbol: {@code K} in one dimension, {@code K_h} in more. */
    static Sym arg(String base, int dims, int i, String meaning) {
        return CACHE.computeIfAbsent(new Key(false, base, meaning, dims, i), k -> {
            String name = dims == 1 ? base : base + "_" + axis(dims, i).toLowerCase(java.util.Locale.ROOT);
            return new Sym(name, dims == 1 ? meaning : meaning + " along " + word(dims, i));
        });
    }

    /** {@code (N, C_in=8, H, W)} without the batch: {@code (C_in=8, H, W)}. */
    static String layout(int dims, String channels, boolean batched) {
        StringBuilder sb = new StringBuilder("(");
        if (batched) {
            sb.append("N, ");
        }
        sb.append(channels);
        for (int i = 0; i < dims; i++) {
            sb.append(", ").append(axis(dims, i));
        }
        return sb.append(')').toString();
    }
}
