package org.flopcheck.site;

import java.util.Objects;

/**
 * A number shown on a page, with where it comes from. Pages print it as
 * {@code <data class="n" value="327680" data-q="KEY">327,680</data>}, and the site tests resolve every key again
 * through the formula objects or the golden corpus and compare: no number reaches a page without a source.
 *
 * <p>Keys are {@code |}-separated: a kind, then a subject ({@code case:models/kws}, {@code model:resnet18},
 * {@code exercise:2024:3}, {@code mistake:dropped-zero}), then what is meant, for example
 * {@code term|case:models/kws|0|weight multiplications} or {@code golden|case:models/kws|thop-0.1.1|macs}.
 *
 * @param key   where the number comes from
 * @param value the number
 */
public record Quantity(String key, long value) {
    public Quantity {
        Objects.requireNonNull(key, "key");
    }

    /** A key from its parts, joined by {@code |}. */
    public static String key(String... parts) {
        return String.join("|", parts);
    }

    public static Quantity of(long value, String... keyParts) {
        return new Quantity(key(keyParts), value);
    }

    @Override
    public String toString() {
        return key + " = " + value;
    }
}
