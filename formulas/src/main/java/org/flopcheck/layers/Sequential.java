package org.flopcheck.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.FlopcheckException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;

/**
 * Layers applied one after another, mirroring {@code torch.nn.Sequential}: each layer's main output is the next
 * layer's input. Rows are named {@code "0"}, {@code "1"}, ... as torch names them, or by the names given.
 *
 * <p><b>Counts.</b> A Sequential has no parameters or operations of its own: every total is the sum of its rows'.
 * A shape that does not fit a row is reported with that row's name and type, for example
 * {@code layer 2 (Linear): Linear expects input (*, H_in=512), got (1, 256)}.
 *
 * <p><b>Worked example.</b> The keyword-spotting model {@code Sequential(Conv2d(1, 32, (4, 10), stride=(2, 8),
 * bias=False), BatchNorm2d(32), Hardtanh(0, 3.96875))} on {@code (1, 1, 130, 40)}: output {@code (1, 32, 64, 4)},
 * 1,344 parameters, 327,680 MACs.
 *
 * <p><b>Rows are modules, layer objects are configurations.</b> Every row is its own torch module with its own
 * parameters, even when two rows hold the same immutable layer object (torchvision's blocks 1.. of a ResNet stage
 * are one object here). A row whose layer object is the previous row's, given the inputs that row was given, is
 * not analysed again: its analysis is the previous one's under its own name ({@link Analysis#origin()}). Within
 * one Sequential, rows equal to an earlier call on equal inputs share its analysis likewise ({@link SharedCalls}).
 */
public final class Sequential implements Layer {
    private final Map<String, Layer> layers;

    private Sequential(Map<String, Layer> layers) {
        this.layers = layers;
    }

    /** Rows named {@code "0"}, {@code "1"}, ... in order. */
    public static Sequential of(Layer... layers) {
        Map<String, Layer> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            named.put(String.valueOf(i), layers[i]);
        }
        return new Sequential(named);
    }

    /** Rows with the given names, in the map's iteration order (torch's {@code Sequential(OrderedDict(...))}). */
    public static Sequential of(Map<String, Layer> layers) {
        return new Sequential(new LinkedHashMap<>(layers));
    }

    /** The rows by name, in call order. */
    public Map<String, Layer> layers() {
        return java.util.Collections.unmodifiableMap(layers);
    }

    @Override
    public String type() {
        return "Sequential";
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        return SharedCalls.scoped(() -> rows(inputs));
    }

    private Analysis rows(Inputs inputs) {
        Worksheet w = new Worksheet(type());
        List<Analysis> rows = new ArrayList<>(layers.size());
        Inputs next = inputs;
        Analysis previous = null;
        for (Map.Entry<String, Layer> row : layers.entrySet()) {
            Analysis a;
            if (previous != null && previous.layer() == row.getValue() && previous.inputs().equals(next)) {
                // layers are immutable and an analysis depends only on the layer and its inputs: the same layer
                // object on the inputs it just saw is analysed once (torchvision's identical blocks in one stage)
                a = previous;
            } else {
                try {
                    a = SharedCalls.analyze(row.getValue(), next);
                } catch (FlopcheckException e) {
                    throw e.within(row.getKey(), row.getValue().type(), row.getValue());
                }
            }
            previous = a;
            Inputs in = next;
            w.note(Stage.SHAPE, () -> "layer " + row.getKey() + " (" + row.getValue().type() + "): " + in + " → "
                    + a.output());
            rows.add(a.named(row.getKey()));
            next = Inputs.of(a.output());
        }
        return Analysis.composite(this, inputs, next.get(0), w, rows);
    }

    /** torch's repr, one row per line: {@code Sequential(\n  (0): Conv2d(...)\n)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        layers.forEach((name, layer) -> sb.append("\n  (").append(name).append("): ")
                .append(layer.toString().replace("\n", "\n  ")));
        return sb.append(layers.isEmpty() ? ")" : "\n)").toString();
    }
}
