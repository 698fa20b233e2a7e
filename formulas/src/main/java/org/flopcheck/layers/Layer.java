package org.flopcheck.layers;

import org.flopcheck.shape.Shape;

/**
 * A layer kind mirroring a {@code torch.nn} module: immutable, configured with torch's constructor arguments and
 * defaults, and able to analyse an input: output shape (with torch's refusals), parameters, and operations as
 * named terms with a derivation.
 *
 * <p>{@link #toString()} is torch's own module repr, such as
 * {@code Conv2d(1, 32, kernel_size=(4, 10), stride=(2, 8), bias=False)}.
 */
public interface Layer {

    /** torch's class name: {@code Conv2d}. */
    String type();

    /**
     * Analyses one forward call.
     *
     * @throws org.flopcheck.InvalidShapeException  when torch would reject the input
     * @throws org.flopcheck.CountOverflowException when a count does not fit in a {@code long}
     */
    Analysis analyze(Inputs inputs);

    /** Analyses one forward call on distinct input tensors of these shapes. */
    default Analysis analyze(Shape... inputs) {
        return analyze(Inputs.of(inputs));
    }
}
