package org.flopcheck.layers;

import org.flopcheck.derivation.Stage;
import org.flopcheck.terms.Op;

/**
 * The sigmoid-weighted linear unit {@code x·sigmoid(x)} (swish), mirroring {@code torch.nn.SiLU(inplace=False)}.
 *
 * <p><b>Shapes.</b> Any input, {@code E} elements; the output has the input's shape.
 *
 * <p><b>Operations.</b> torch's CPU kernel computes {@code x/(1 + exp(−x))}, never a sigmoid value: per element one
 * exp evaluation, one addition and one division (the sign flip of {@code −x} is not counted). Counted that way:
 * exp evaluations {@code E}, additions {@code E}, divisions {@code E}.
 *
 * <p><b>Worked example.</b> {@code SiLU()} on {@code (1, 32, 112, 112)} (EfficientNet-B0's stem): 401,408 exp
 * evaluations, 401,408 additions and 401,408 divisions.
 */
public final class SiLU extends Activation {
    private final boolean inplace;

    private SiLU(boolean inplace) {
        this.inplace = inplace;
    }

    /** {@code SiLU()}. */
    public static SiLU of() {
        return new SiLU(false);
    }

    /** Whether torch overwrites the input; torch's default is false. Counts do not change. */
    public SiLU inplace(boolean inplace) {
        return new SiLU(inplace);
    }

    public boolean inplace() {
        return inplace;
    }

    @Override
    public String type() {
        return "SiLU";
    }

    @Override
    void terms(Terms t) {
        t.note(Stage.PER_OUTPUT, "torch computes x/(1 + exp(−x)) rather than x·sigmoid(x): 1 exp, 1 addition and"
                + " 1 division per element");
        t.term("exp evaluations exp(−x)", Op.EXP, 1, "one per element; the sign flip is not counted");
        t.term("additions 1 + exp(−x)", Op.ADDITION, 1, "one per element");
        t.term("divisions x/(1 + exp(−x))", Op.DIVISION, 1, "one per element");
    }

    /** torch's repr: {@code SiLU()} or {@code SiLU(inplace=True)}. */
    @Override
    public String toString() {
        return "SiLU(" + inplaceRepr(inplace) + ")";
    }
}
