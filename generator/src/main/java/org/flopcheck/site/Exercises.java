package org.flopcheck.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flopcheck.FlopcheckException;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.ConvTranspose2d;
import org.flopcheck.layers.GRU;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MaxPool2d;
import org.flopcheck.layers.AvgPool2d;
import org.flopcheck.shape.Shape;

/**
 * Seeded problem sets: given a layer and an input shape, compute the output shape, the parameters, the MACs and
 * the exact operations. The same seed gives the same problems on every machine ({@link Random} is specified to
 * be), and problem {@code i} depends only on the seed and {@code i}, never on how many are asked for.
 */
public final class Exercises {
    private Exercises() {
    }

    /**
     * One problem: the layer, its input, and the analysis that answers it.
     *
     * @param number   1-based
     * @param layer    the layer
     * @param input    the input shape
     * @param analysis the answer
     */
    public record Problem(int number, Layer layer, Shape input, Analysis analysis) {
    }

    /** {@code count} problems from {@code seed}. */
    public static List<Problem> generate(long seed, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("exercises: --count must be at least 1, got " + count);
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            problems.add(problem(seed, i));
        }
        return problems;
    }

    /** Problem {@code i} (0-based) of a seed. */
    public static Problem problem(long seed, int i) {
        Random r = new Random(seed * 1_000_003L + i);
        for (int attempt = 0; ; attempt++) {
            Layer layer;
            Shape input;
            switch (r.nextInt(9)) {
                case 0 -> {
                    long cin = pick(r, 1, 2, 3, 4, 8);
                    long l = pick(r, 16, 20, 32, 50, 100);
                    layer = Conv1d.of(cin, pick(r, 4, 8, 16), pick(r, 3, 5, 7)).stride(pick(r, 1, 2))
                            .padding(pick(r, 0, 1, 2)).bias(r.nextBoolean());
                    input = Shape.of(pick(r, 1, 2, 4), cin, l);
                }
                case 1, 2 -> {
                    long groups = pick(r, 1, 1, 2);
                    long cin = groups * pick(r, 1, 2, 3, 4);
                    long cout = groups * pick(r, 2, 4, 8);
                    long hw = pick(r, 8, 12, 15, 16, 28, 32);
                    layer = Conv2d.of(cin, cout, pick(r, 1, 3, 5)).stride(pick(r, 1, 2)).padding(pick(r, 0, 1))
                            .groups(groups).bias(r.nextBoolean());
                    input = Shape.of(pick(r, 1, 2), cin, hw, hw);
                }
                case 3 -> {
                    long in = pick(r, 16, 64, 128, 256, 512);
                    layer = Linear.of(in, pick(r, 10, 32, 100, 1000)).bias(r.nextBoolean());
                    input = r.nextBoolean() ? Shape.of(pick(r, 1, 8, 32), in) : Shape.of(pick(r, 2, 4), pick(r, 5, 10), in);
                }
                case 4 -> {
                    long c = pick(r, 3, 8, 16);
                    long hw = pick(r, 8, 16, 32);
                    layer = MaxPool2d.of(pick(r, 2, 3)).stride(pick(r, 1, 2)).padding(pick(r, 0, 1));
                    input = Shape.of(pick(r, 1, 2), c, hw, hw);
                }
                case 5 -> {
                    long c = pick(r, 3, 8, 16);
                    long hw = pick(r, 8, 16, 32);
                    layer = AvgPool2d.of(pick(r, 2, 3)).stride(pick(r, 2, 3));
                    input = Shape.of(pick(r, 1, 2), c, hw, hw);
                }
                case 6 -> {
                    long c = pick(r, 8, 16, 32);
                    layer = BatchNorm2d.of(c);
                    input = Shape.of(pick(r, 1, 4), c, pick(r, 8, 16), pick(r, 8, 16));
                }
                case 7 -> {
                    long cin = pick(r, 2, 4, 8);
                    layer = ConvTranspose2d.of(cin, pick(r, 2, 4, 6), pick(r, 2, 3)).stride(pick(r, 1, 2))
                            .bias(r.nextBoolean());
                    input = Shape.of(1, cin, pick(r, 4, 6, 8), pick(r, 4, 6, 8));
                }
                default -> {
                    long in = pick(r, 4, 8, 16);
                    long hidden = pick(r, 8, 16, 32);
                    boolean lstm = r.nextBoolean();
                    layer = lstm ? LSTM.of(in, hidden).bidirectional(r.nextBoolean())
                            : GRU.of(in, hidden).numLayers(pick(r, 1, 2));
                    input = Shape.of(pick(r, 5, 10), pick(r, 1, 2), in);
                }
            }
            try {
                return new Problem(i + 1, layer, input, layer.analyze(input));
            } catch (FlopcheckException invalid) {
                if (attempt > 100) {
                    throw new IllegalStateException("exercise " + (i + 1) + " of seed " + seed
                            + " found no valid configuration", invalid);
                }
            }
        }
    }

    private static long pick(Random r, long... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** The subject key of a problem: {@code exercise:2024:3} (1-based). */
    static String subject(long seed, Problem p) {
        return "exercise:" + seed + ":" + p.number();
    }
}
