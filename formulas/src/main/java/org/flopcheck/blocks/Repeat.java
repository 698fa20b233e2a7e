package org.flopcheck.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.shape.Shape;

/**
 * {@code N} independent copies of one layer applied one after another, as a transformer's stack of layers is
 * written in torch: {@code nn.ModuleList([Layer(config) for _ in range(N)])} called in a loop, each copy with its own
 * parameters ({@code copy.deepcopy} semantics, not weight sharing). torch has no module for it; this block is the
 * library's own, so that a spec says "32 decoder layers" once.
 *
 * <p><b>Shapes.</b> The first copy receives the block's inputs; every later copy receives the previous copy's main
 * output. The output is the last copy's main output.
 *
 * <p><b>Parameters.</b> {@code N} times one copy's: every copy owns its tensors.
 *
 * <p><b>Operations.</b> The copies', in order; the block itself does nothing. When every copy sees the same input
 * shape (the usual case) all copies count the same.
 *
 * <p><b>Rows.</b> {@code 0} to {@code N − 1}, as torch names the entries of a ModuleList; a mistake inside a copy is
 * reported with the row path, such as {@code layer 2.0 (Linear): ...} for the first Linear of the third copy.
 *
 * <p><b>Worked example.</b> {@code Repeat(Linear(8, 8), 3)} on {@code (1, 8)}: 3·72 = 216 parameters and 3·64 =
 * 192 MACs.
 */
public final class Repeat implements Layer {
    /** The most copies analysed, one row each: more than any model has, few enough to keep in memory. */
    public static final long MAX_TIMES = 100_000;

    private static final String TYPE = "Repeat";

    /** The row names {@code "0"} to {@code "1023"}, written once: every analysis names every copy. */
    private static final String[] ROW_NAMES = new String[1024];

    static {
        for (int i = 0; i < ROW_NAMES.length; i++) {
            ROW_NAMES[i] = String.valueOf(i);
        }
    }

    private final Layer layer;
    private final long times;

    private Repeat(Layer layer, long times) {
        this.layer = Objects.requireNonNull(layer, "layer");
        this.times = Checks.positive(TYPE, "times", times);
        if (times > MAX_TIMES) {
            throw new org.flopcheck.InvalidArgumentException("times", TYPE + ": times (" + times + ") exceeds "
                    + "100,000, the most copies this library analyses one row at a time");
        }
    }

    /** {@code times} independent copies of {@code layer} in sequence. */
    public static Repeat of(Layer layer, long times) {
        return new Repeat(layer, times);
    }

    public Layer layer() {
        return layer;
    }

    public long times() {
        return times;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        return org.flopcheck.layers.SharedCalls.scoped(() -> copies(inputs));
    }

    private Analysis copies(Inputs inputs) {
        Worksheet w = new Worksheet(TYPE);
        List<Analysis> copies = new ArrayList<>((int) times);
        Inputs next = inputs;
        Analysis previous = null;
        boolean shared = false;
        for (long i = 0; i < times; i++) {
            String row = i < ROW_NAMES.length ? ROW_NAMES[(int) i] : String.valueOf(i);
            // layers are immutable and analyses depend only on the layer and its inputs: a copy that sees the
            // inputs its predecessor saw is analysed once. Its output is then its predecessor's, so the next copy
            // sees those inputs too: once one copy is shared, every later copy is
            shared = shared || previous != null && previous.inputs().equals(next);
            Analysis a = shared ? previous.named(row) : Checks.row(row, layer, next);
            copies.add(a);
            previous = a;
            if (!shared) {
                next = Inputs.of(a.output());
            }
        }
        Shape out = next.get(0);
        w.note(Stage.SHAPE, () -> times + " copies of " + layer.type() + ": " + inputs + " → " + out
                + (times > 1 ? ", each with its own parameters" : ""));
        return Analysis.composite(this, inputs, out, w, copies);
    }

    /**
     * torch's ModuleList repr for identical entries: {@code Repeat(\n  (0-31): 32 x LlamaDecoderLayer(...)\n)}; one
     * copy prints as {@code (0): ...}.
     */
    @Override
    public String toString() {
        String rows = times == 1 ? "0" : "0-" + (times - 1);
        String body = (times == 1 ? "" : times + " x ") + layer.toString().replace("\n", "\n  ");
        return TYPE + "(\n  (" + rows + "): " + body + "\n)";
    }
}
