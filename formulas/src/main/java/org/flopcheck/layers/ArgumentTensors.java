package org.flopcheck.layers;

import org.flopcheck.CountOverflowException;
import org.flopcheck.derivation.Worksheet;

/**
 * How a layer whose tensors depend on its arguments alone (a convolution's weight and bias, a batch norm's
 * statistics) declares them, so that they are made once per layer and every analysis records the same ones, as
 * torch makes a module's parameters once, in {@code __init__}.
 *
 * <p>They are made at the layer's first analysis, not when it is built: building a layer through its argument
 * setters makes intermediate copies that are never analysed. They are made by the layer's own declaring code on a
 * worksheet where only its arguments are bound, so they are exactly what an analysis would declare. While a count
 * overflows, none are kept and each analysis declares them itself, raising the overflow as it always did.
 *
 * @param <L> the layer
 */
abstract class ArgumentTensors<L extends Layer> {
    /** Binds the arguments the tensors' sizes depend on. */
    abstract void bindArguments(L layer, Worksheet w);

    /** Declares the tensors with {@link Worksheet#parameter} and {@link Worksheet#buffer}. */
    abstract void declare(L layer, Worksheet w);

    /**
     * Records the layer's tensors in {@code w}: {@code kept}, or when it is null, tensors made now. Returns the
     * tensors the layer keeps for its next analysis (immutable, so threads racing to make them agree).
     */
    final Worksheet.Tensors record(L layer, Worksheet w, Worksheet.Tensors kept) {
        Worksheet.Tensors made = kept != null ? kept : make(layer);
        if (made != null) {
            w.tensors(made);
        } else {
            declare(layer, w);
        }
        return made;
    }

    private Worksheet.Tensors make(L layer) {
        Worksheet own = new Worksheet(layer.type());
        bindArguments(layer, own);
        try {
            declare(layer, own);
        } catch (CountOverflowException overflow) {
            return null;
        }
        return own.tensorsMade();
    }
}
