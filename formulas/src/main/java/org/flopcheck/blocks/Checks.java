package org.flopcheck.blocks;

import org.flopcheck.FlopcheckException;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.shape.Shape;

/**
 * Argument and input checks of the blocks, in the library's message style ({@code "Repeat: times (0) must be
 * positive"}), and the one way a block analyses a child: under its row name, so that a mistake inside the child
 * carries the row path.
 */
final class Checks {
    private Checks() {
    }

    static long positive(String layer, String argument, long value) {
        if (value < 1) {
            throw new InvalidArgumentException(argument, layer + ": " + argument + " (" + value + ") must be positive");
        }
        return value;
    }

    static double probability(String layer, String argument, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidArgumentException(argument, layer + ": " + argument + " (" + value
                    + ") must be a probability between 0 and 1");
        }
        return value;
    }

    /** The one input of a single-input block. */
    static Shape single(String layer, Inputs inputs) {
        if (inputs.size() != 1) {
            throw new InvalidShapeException("input", layer + " takes 1 input, got " + inputs.size() + " " + inputs);
        }
        return inputs.get(0);
    }

    /** {@code child} analysed on {@code inputs} as the row {@code row}; its mistakes carry the row's name. */
    static Analysis row(String row, Layer child, Inputs inputs) {
        try {
            return org.flopcheck.layers.SharedCalls.analyze(child, inputs).named(row);
        } catch (FlopcheckException e) {
            throw e.within(row, child.type(), child);
        }
    }

    /** Python's spelling of a boolean in a module repr. */
    static String py(boolean b) {
        return b ? "True" : "False";
    }

    /** A child's repr indented under its parent: {@code (body): Sequential(\n    ...\n  )}. */
    static String childRow(String name, Layer child) {
        return "\n  (" + name + "): " + child.toString().replace("\n", "\n  ");
    }
}
