package org.flopcheck.golden;

import java.util.List;
import org.flopcheck.FlopcheckException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;

/**
 * The capture script's wrapper modules, mirrored so a reading of a wrapped variant is predicted on the same
 * module tree the tool saw: {@code Wrapper(layer)} (thop's {@code wrapped} readings) and
 * {@code PositionalWrapper(layer, names)} (ptflops' {@code positional} readings), each with the layer as its only
 * child, named {@code layer}, and no work of its own.
 */
public final class Wrappers {
    private Wrappers() {
    }

    /** The layer as the only child of a module of class {@code type}. */
    public static Layer wrap(String type, Layer layer) {
        return new Layer() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Analysis analyze(Inputs inputs) {
                Worksheet w = new Worksheet(type);
                w.note(Stage.SHAPE, type + " passes its inputs to its only child, 'layer'");
                Analysis child;
                try {
                    child = layer.analyze(inputs);
                } catch (FlopcheckException e) {
                    throw e.within("layer", layer.type());
                }
                return Analysis.composite(this, inputs, child.outputs(), w, List.of(child.named("layer")));
            }

            @Override
            public String toString() {
                return type + "(\n  (layer): " + layer.toString().replace("\n", "\n  ") + "\n)";
            }
        };
    }

    /** The module tree a reading of this variant measured. */
    public static Layer forVariant(String variant, Layer layer) {
        return switch (variant) {
            case "direct" -> layer;
            case "wrapped" -> wrap("Wrapper", layer);
            case "positional" -> wrap("PositionalWrapper", layer);
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
    }
}
