package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.ceilDiv;
import static org.flopcheck.expr.Exprs.floorDiv;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sigma;
import static org.flopcheck.expr.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;

/**
 * The windows of adaptive pooling, shared by the adaptive average and max pools: output position {@code o} of
 * {@code L_out} along a dimension of size {@code L_in} covers input positions {@code ⌊o·L_in/L_out⌋} to
 * {@code ⌈(o + 1)·L_in/L_out⌉ − 1}, torch's {@code start_index} and {@code end_index}. Neighbouring windows overlap
 * when {@code L_in/L_out} is not an integer, and every window reads at least one value.
 */
final class AdaptiveWindows {
    private AdaptiveWindows() {
    }

    /**
     * torch's {@code output_size} as given: one integer, or a tuple whose entries may be None (keep the input's
     * size).
     *
     * @param sizes  one entry per spatial dimension, empty for None
     * @param scalar true when it was given as one integer
     */
    record OutputSize(List<OptionalLong> sizes, boolean scalar) {
        OutputSize {
            sizes = List.copyOf(sizes);
        }

        static OutputSize of(String type, int dims, long size) {
            check(type, OptionalLong.of(size), String.valueOf(size));
            List<OptionalLong> sizes = new ArrayList<>();
            for (int i = 0; i < dims; i++) {
                sizes.add(OptionalLong.of(size));
            }
            return new OutputSize(sizes, true);
        }

        /** A tuple; null entries are None. */
        static OutputSize of(String type, int dims, Long... sizes) {
            List<OptionalLong> list = new ArrayList<>();
            for (Long s : sizes) {
                list.add(s == null ? OptionalLong.empty() : OptionalLong.of(s));
            }
            OutputSize size = new OutputSize(list, false);
            if (sizes.length != dims) {
                throw new InvalidArgumentException("output_size", type + ": output_size " + size + " must have "
                        + dims + " entries, got " + sizes.length);
            }
            for (OptionalLong s : list) {
                check(type, s, size.toString());
            }
            return size;
        }

        private static void check(String type, OptionalLong size, String given) {
            if (size.isPresent() && size.getAsLong() < 0) {
                throw new InvalidArgumentException("output_size", type + ": output_size " + given
                        + " must not be negative; torch: elements of output_size must be greater than or equal to 0");
            }
            if (size.isPresent() && size.getAsLong() == 0) {
                throw new InvalidArgumentException("output_size", type + ": output_size " + given
                        + " has a zero entry; torch would return an empty tensor, which flopcheck does not model");
            }
        }

        /** Python's repr: {@code 5}, {@code (5, 7)}, {@code (None, 7)}, {@code (5,)}. */
        @Override
        public String toString() {
            if (scalar) {
                return String.valueOf(sizes.get(0).getAsLong());
            }
            List<String> parts = sizes.stream().map(s -> s.isPresent() ? String.valueOf(s.getAsLong()) : "None")
                    .collect(Collectors.toList());
            return parts.size() == 1 ? "(" + parts.get(0) + ",)" : "(" + String.join(", ", parts) + ")";
        }
    }

    /** One spatial dimension: input size, output size, and the window sizes summed. */
    record Axis(Sym in, Sym out, Sym read) {
    }

    /** Defines, per spatial dimension, the output size and the number of input values its windows read. */
    static List<Axis> windows(Worksheet w, Shape x, int first, int dims, OutputSize outputSize) {
        AxisWords[] words = AXES[dims - 1];
        List<Axis> axes = new ArrayList<>(dims);
        for (int i = 0; i < dims; i++) {
            AxisWords a = words[i];
            Sym in = w.given(a.in, x.dim(first + i));
            Sym out = a.out;
            OptionalLong given = outputSize.sizes().get(i);
            // the windows are summed one by one (Σ over o below)
            Args.enumerable(w.layer(), given.isPresent() ? "output_size" : "input",
                    given.isPresent() ? a.givenWhat : a.keptWhat, given.orElse(x.dim(first + i)));
            if (given.isPresent()) {
                w.given(out, given.getAsLong());
                String word = a.word;
                w.note(Stage.SHAPE, () -> "output " + word + ": " + out.name() + " = " + given.getAsLong()
                        + " (output_size)");
            } else {
                w.define(Stage.SHAPE, a.keptWhat, out, in);
            }
        }
        for (int i = 0; i < dims; i++) {
            AxisWords a = words[i];
            Sym read = w.define(Stage.PER_OUTPUT, a.readTitle, a.read, a.readFormula);
            axes.add(new Axis(a.in, a.out, read));
        }
        w.note(Stage.PER_OUTPUT, "window o covers input positions ⌊o·L_in/L_out⌋ to ⌈(o + 1)·L_in/L_out⌉ − 1 along"
                + " each dimension (torch's start_index and end_index); windows overlap where L_in/L_out is not an"
                + " integer");
        return axes;
    }

    private static final Sym O = new Sym("o", "output position");

    /** The words, symbols and formulas of each axis, {@code AXES[dims - 1][i]}, written once. */
    private static final AxisWords[][] AXES = {
        {new AxisWords(1, 0)},
        {new AxisWords(2, 0), new AxisWords(2, 1)},
        {new AxisWords(3, 0), new AxisWords(3, 1), new AxisWords(3, 2)}};

    /** What {@link #windows} writes for axis {@code i} of {@code dims}. */
    private static final class AxisWords {
        final String word;
        final Sym in;
        final Sym out;
        final String givenWhat;
        final String keptWhat;
        final String readTitle;
        final Sym read;
        /** The window sizes summed: window o covers ⌊o·L_in/L_out⌋ .. ⌈(o + 1)·L_in/L_out⌉ − 1. */
        final Expr readFormula;

        AxisWords(int dims, int i) {
            word = Axes.word(dims, i);
            in = Axes.size(dims, i, "in", "input");
            out = Axes.size(dims, i, "out", "output");
            givenWhat = "output " + word + " (output_size)";
            keptWhat = "output " + word + " (output_size None keeps the input's)";
            readTitle = "values read along the " + word + " (window sizes summed)";
            String suffix = dims == 1 ? "" : "_" + Axes.axis(dims, i).toLowerCase(Locale.ROOT);
            read = new Sym("S" + suffix, "input values read by the windows along the " + word);
            Expr size = sub(ceilDiv(mul(add(O, num(1)), in), out), floorDiv(mul(O, in), out));
            readFormula = sigma(O, num(0), sub(out, num(1)), size);
        }
    }
}
