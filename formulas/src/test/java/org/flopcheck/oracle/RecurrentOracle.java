package org.flopcheck.oracle;

import java.util.SplittableRandom;

/**
 * Recurrent networks executed by plain loops: layer by layer, direction by direction, batch element by batch
 * element, time step by time step, gate row by gate row, each dot product product by product, then the cell's
 * element-wise update unit by unit, as torch's ATen cells ({@code SimpleCell}, {@code LSTMCell}, {@code GRUCell})
 * compute them. Nothing here uses the library's formulas; the output sizes are those of the arrays the loops fill.
 */
public final class RecurrentOracle {
    private RecurrentOracle() {
    }

    /** The cell each layer runs. */
    public enum Kind {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        private final int gates;

        Kind(int gates) {
            this.gates = gates;
        }

        public int gates() {
            return gates;
        }
    }

    /**
     * The arguments of one network and the sizes of one input, sequence first. {@code proj} is 0 for no projection;
     * {@code initialState} makes the loops start from random states (as a given h_0 and c_0) instead of zeros.
     */
    public record Args(Kind kind, int inputSize, int hidden, int proj, int layers, boolean bidirectional,
                       boolean bias, int length, int batch, boolean initialState) {
    }

    /**
     * What a run produced, in torch's sequence-first batched layout: {@code output (L, N, D·H_out)},
     * {@code hn (D·num_layers, N, H_out)}, {@code cn (D·num_layers, N, H)} for LSTM (else null), and the counts.
     */
    public record Run(long[] output, long[] hn, long[] cn, OpCounter ops) {
    }

    public static Run run(Args a) {
        int directions = a.bidirectional() ? 2 : 1;
        int hOut = a.proj() > 0 ? a.proj() : a.hidden();
        int rows = a.kind().gates() * a.hidden();
        SplittableRandom random = new SplittableRandom(20261201L);
        OpCounter c = new OpCounter();

        double[][][] layerInput = random(random, a.length(), a.batch(), a.inputSize());
        int finalStates = 0;
        int finalCells = 0;
        for (int layer = 0; layer < a.layers(); layer++) {
            int in = layerInput[0][0].length;
            double[][][] layerOutput = new double[a.length()][a.batch()][directions * hOut];
            for (int dir = 0; dir < directions; dir++) {
                double[][] wIh = random(random, rows, in);
                double[][] wHh = random(random, rows, hOut);
                double[] bIh = a.bias() ? random(random, rows) : null;
                double[] bHh = a.bias() ? random(random, rows) : null;
                double[][] wHr = a.proj() > 0 ? random(random, a.proj(), a.hidden()) : null;
                for (int n = 0; n < a.batch(); n++) {
                    double[] h = a.initialState() ? random(random, hOut) : new double[hOut];
                    double[] cell = a.initialState() ? random(random, a.hidden()) : new double[a.hidden()];
                    for (int step = 0; step < a.length(); step++) {
                        int t = dir == 0 ? step : a.length() - 1 - step;
                        double[] x = layerInput[t][n];
                        double[] gi = affine(c, wIh, x, bIh);
                        double[] gh = affine(c, wHh, h, bHh);
                        switch (a.kind()) {
                            case RNN_TANH, RNN_RELU -> h = simpleCell(c, a.kind(), gi, gh);
                            case LSTM -> {
                                double[][] hc = lstmCell(c, a.hidden(), gi, gh, cell, wHr);
                                h = hc[0];
                                cell = hc[1];
                            }
                            case GRU -> h = gruCell(c, a.hidden(), gi, gh, h);
                        }
                        System.arraycopy(h, 0, layerOutput[t][n], dir * hOut, hOut);
                    }
                    if (n == 0) {
                        finalStates++;
                        finalCells += a.kind() == Kind.LSTM ? 1 : 0;
                    }
                }
            }
            layerInput = layerOutput;   // dropout between layers: nothing in eval
        }
        long[] output = {layerInput.length, layerInput[0].length, layerInput[0][0].length};
        long[] hn = {finalStates, a.batch(), hOut};
        long[] cn = a.kind() == Kind.LSTM ? new long[] {finalCells, a.batch(), a.hidden()} : null;
        return new Run(output, hn, cn, c);
    }

    /** {@code W·v + b}: one dot product per row, product by product, then the bias. */
    private static double[] affine(OpCounter c, double[][] w, double[] v, double[] b) {
        double[] out = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            double acc = c.mac(w[r][0], v[0]);
            for (int j = 1; j < v.length; j++) {
                acc = c.add(acc, c.mac(w[r][j], v[j]));
            }
            out[r] = b == null ? acc : c.add(acc, b[r]);
        }
        return out;
    }

    /** ATen SimpleCell: {@code nonlinearity(linear_hh(h) + linear_ih(x))}. */
    private static double[] simpleCell(OpCounter c, Kind kind, double[] gi, double[] gh) {
        double[] h = new double[gi.length];
        for (int j = 0; j < h.length; j++) {
            double pre = c.add(gh[j], gi[j]);
            h[j] = kind == Kind.RNN_TANH ? c.tanh(pre) : c.max(pre, 0);
        }
        return h;
    }

    /** ATen LSTMCell: gates {@code [i; f; g; o]}, {@code c' = f·c + i·g}, {@code h' = o·tanh(c')}, projected. */
    private static double[][] lstmCell(OpCounter c, int hidden, double[] gi, double[] gh, double[] cx,
                                       double[][] wHr) {
        double[] gates = new double[gi.length];
        for (int r = 0; r < gates.length; r++) {
            gates[r] = c.add(gh[r], gi[r]);
        }
        double[] cy = new double[hidden];
        double[] hy = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            double i = c.sigmoid(gates[j]);
            double f = c.sigmoid(gates[hidden + j]);
            double g = c.tanh(gates[2 * hidden + j]);
            double o = c.sigmoid(gates[3 * hidden + j]);
            cy[j] = c.add(c.mul(f, cx[j]), c.mul(i, g));
            hy[j] = c.mul(o, c.tanh(cy[j]));
        }
        return new double[][] {wHr == null ? hy : affine(c, wHr, hy, null), cy};
    }

    /** ATen GRUCell: {@code r, z = σ(…)}, {@code n = tanh(i_n + r·h_n)}, {@code h' = (h − n)·z + n}. */
    private static double[] gruCell(OpCounter c, int hidden, double[] gi, double[] gh, double[] h) {
        double[] hy = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            double r = c.sigmoid(c.add(gh[j], gi[j]));
            double z = c.sigmoid(c.add(gh[hidden + j], gi[hidden + j]));
            double n = c.tanh(c.add(gi[2 * hidden + j], c.mul(gh[2 * hidden + j], r)));
            hy[j] = c.add(c.mul(c.sub(h[j], n), z), n);
        }
        return hy;
    }

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    private static double[][] random(SplittableRandom r, int rows, int cols) {
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = random(r, cols);
        }
        return m;
    }

    private static double[][][] random(SplittableRandom r, int a, int b, int c) {
        double[][][] t = new double[a][][];
        for (int i = 0; i < a; i++) {
            t[i] = random(r, b, c);
        }
        return t;
    }
}
