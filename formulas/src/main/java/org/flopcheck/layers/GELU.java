package org.flopcheck.layers;

import org.flopcheck.derivation.Stage;
import org.flopcheck.terms.Op;

/**
 * The Gaussian error linear unit, mirroring {@code torch.nn.GELU(approximate='none')}.
 *
 * <p><b>Shapes.</b> Any input, {@code E} elements; the output has the input's shape.
 *
 * <p><b>Operations.</b> Counted in the algebraic form of torch's CPU kernel:
 * <ul>
 *   <li>{@code approximate='none'}: {@code x·0.5·(1 + erf(x·(1/√2)))}, per element 3 multiplications
 *       ({@code x·(1/√2)}, {@code x·0.5}, the final product), 1 addition and 1 erf evaluation;</li>
 *   <li>{@code approximate='tanh'}: {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x·x·x)))}, per element 6
 *       multiplications (two for the cube, {@code 0.044715·x³}, {@code √(2/π)·(…)}, {@code 0.5·x}, the final
 *       product), 2 additions and 1 tanh evaluation.</li>
 * </ul>
 * The constants {@code 1/√2} and {@code √(2/π)} are compile-time numbers in torch, not computed per element.
 *
 * <p><b>Worked example.</b> {@code GELU()} on {@code (1, 197, 3072)} (a ViT-B MLP activation): 605,184 elements;
 * 1,815,552 multiplications, 605,184 additions, 605,184 erf evaluations.
 */
public final class GELU extends Activation {
    private final String approximate;

    private GELU(String approximate) {
        this.approximate = Args.oneOf("GELU", "approximate", approximate, "none", "tanh");
    }

    /** {@code GELU()}: the exact form with erf. */
    public static GELU of() {
        return new GELU("none");
    }

    /** {@code 'none'} (erf, the default) or {@code 'tanh'} (the tanh approximation). */
    public GELU approximate(String approximate) {
        return new GELU(approximate);
    }

    public String approximate() {
        return approximate;
    }

    @Override
    public String type() {
        return "GELU";
    }

    @Override
    void terms(Terms t) {
        if (approximate.equals("none")) {
            t.note(Stage.PER_OUTPUT, "torch computes x·0.5·(1 + erf(x·(1/√2))): 3 multiplications, 1 addition and"
                    + " 1 erf per element");
            t.term("multiplications x·(1/√2)", Op.MULTIPLICATION, 1, "the erf argument");
            t.term("erf evaluations", Op.ERF, 1, "one per element");
            t.term("additions 1 + erf(·)", Op.ADDITION, 1, "one per element");
            t.term("multiplications x·0.5", Op.MULTIPLICATION, 1, "one per element");
            t.term("multiplications (x·0.5)·(1 + erf(·))", Op.MULTIPLICATION, 1, "one per element");
        } else {
            t.note(Stage.PER_OUTPUT, "torch computes 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x·x·x))): 6"
                    + " multiplications, 2 additions and 1 tanh per element");
            t.term("multiplications forming x·x·x", Op.MULTIPLICATION, 2, "two per element");
            t.term("multiplications 0.044715·x³", Op.MULTIPLICATION, 1, "one per element");
            t.term("additions x + 0.044715·x³", Op.ADDITION, 1, "one per element");
            t.term("multiplications by √(2/π)", Op.MULTIPLICATION, 1, "one per element");
            t.term("tanh evaluations", Op.TANH, 1, "one per element");
            t.term("additions 1 + tanh(·)", Op.ADDITION, 1, "one per element");
            t.term("multiplications 0.5·x", Op.MULTIPLICATION, 1, "one per element");
            t.term("multiplications (0.5·x)·(1 + tanh(·))", Op.MULTIPLICATION, 1, "one per element");
        }
    }

    /** torch's repr: {@code GELU(approximate='none')}. */
    @Override
    public String toString() {
        return "GELU(approximate=" + PyRepr.string(approximate) + ")";
    }
}
