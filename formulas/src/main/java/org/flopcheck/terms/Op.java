package org.flopcheck.terms;

/**
 * The kind of scalar operation a term counts. Arithmetic operations are counted one each; evaluations of a
 * non-linear function (tanh, sigmoid, exp, erf) are counted as evaluations of that function, never converted into
 * an invented number of arithmetic operations.
 */
public enum Op {
    MULTIPLICATION("multiplication", false),
    /** Additions and subtractions. */
    ADDITION("addition", false),
    DIVISION("division", false),
    /** Comparisons and selections: max, clamp bounds, the sign test of ReLU. */
    COMPARISON("comparison", false),
    SQUARE_ROOT("square root", false),
    EXP("exp evaluation", true),
    TANH("tanh evaluation", true),
    SIGMOID("sigmoid evaluation", true),
    ERF("erf evaluation", true);

    private final String singular;
    private final boolean nonlinear;

    Op(String singular, boolean nonlinear) {
        this.singular = singular;
        this.nonlinear = nonlinear;
    }

    /** {@code multiplication}, {@code tanh evaluation}. */
    public String singular() {
        return singular;
    }

    /** {@code multiplications}, {@code tanh evaluations}. */
    public String plural() {
        return singular.endsWith("x") ? singular + "es" : singular + "s";
    }

    /** True for evaluations of a transcendental function. */
    public boolean nonlinear() {
        return nonlinear;
    }
}
