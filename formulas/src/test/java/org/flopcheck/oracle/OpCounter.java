package org.flopcheck.oracle;

import java.util.EnumMap;
import java.util.Map;
import org.flopcheck.terms.Op;

/**
 * Executes scalar arithmetic on doubles and counts every operation it performs, by kind. The oracles run a layer's
 * forward pass structurally (window by window, gate by gate, head by head) through one of these, so what they count
 * is what a plain loop does, independent of the closed forms under test.
 */
public final class OpCounter {
    private final Map<Op, Long> counts = new EnumMap<>(Op.class);
    private long macs;

    /** A product that belongs to a dot product: counted as a multiplication and as one MAC. */
    public double mac(double a, double b) {
        macs++;
        return mul(a, b);
    }

    public double mul(double a, double b) {
        bump(Op.MULTIPLICATION);
        return a * b;
    }

    public double add(double a, double b) {
        bump(Op.ADDITION);
        return a + b;
    }

    public double sub(double a, double b) {
        bump(Op.ADDITION);
        return a - b;
    }

    public double div(double a, double b) {
        bump(Op.DIVISION);
        return a / b;
    }

    public double max(double a, double b) {
        bump(Op.COMPARISON);
        return Math.max(a, b);
    }

    public double min(double a, double b) {
        bump(Op.COMPARISON);
        return Math.min(a, b);
    }

    /** A comparison whose result selects a branch: {@code a > b}. */
    public boolean greater(double a, double b) {
        bump(Op.COMPARISON);
        return a > b;
    }

    public double sqrt(double a) {
        bump(Op.SQUARE_ROOT);
        return Math.sqrt(a);
    }

    public double exp(double a) {
        bump(Op.EXP);
        return Math.exp(a);
    }

    public double tanh(double a) {
        bump(Op.TANH);
        return Math.tanh(a);
    }

    public double sigmoid(double a) {
        bump(Op.SIGMOID);
        return 1 / (1 + Math.exp(-a));
    }

    /** erf by the Abramowitz-Stegun 7.1.26 approximation; only the count matters here. */
    public double erf(double a) {
        bump(Op.ERF);
        double t = 1 / (1 + 0.3275911 * Math.abs(a));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * Math.exp(-a * a);
        return Math.signum(a) * y;
    }

    /**
     * Adds everything another counter counted to this one: an oracle of a composite layer runs its parts' oracles,
     * each with its own counter, and sums what they did.
     */
    public void absorb(OpCounter other) {
        other.counts.forEach((op, n) -> counts.merge(op, n, Long::sum));
        macs += other.macs;
    }

    private void bump(Op op) {
        counts.merge(op, 1L, Long::sum);
    }

    /** How many operations of each kind ran; kinds that never ran are absent. */
    public Map<Op, Long> counts() {
        return Map.copyOf(counts);
    }

    /** How many dot-product products ran. */
    public long macs() {
        return macs;
    }
}
