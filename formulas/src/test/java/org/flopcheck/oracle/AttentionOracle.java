package org.flopcheck.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head attention executed by plain loops, the way {@code F.multi_head_attention_forward} computes it in
 * eval mode: each input projected position by position, the bias_k/bias_v and zero rows appended, q divided by
 * √d, then head by head and query position by query position the scores, a max-subtracted softmax and the weighted
 * sum of values, then the output projection and, when asked, the average of the weights over heads. Nothing here
 * uses the library's formulas; the number of key rows attended to is the length of the list the loops built.
 */
public final class AttentionOracle {
    private AttentionOracle() {
    }

    /** The arguments of one call, in (batch, position, feature) terms regardless of the layout torch uses. */
    public record Args(long e, long h, long kdim, long vdim, long n, long l, long s, boolean bias, boolean biasKv,
                       boolean zeroAttn, boolean needWeights, boolean average) {
    }

    /**
     * What one call produced and counted.
     *
     * @param attended     key rows each query attended to (S')
     * @param weightsShape the attention weights' shape in (N, [h,] L, S') order, empty when not returned
     */
    public record Run(long attended, long[] outputShape, long[] weightsShape, OpCounter ops) {
    }

    public static Run run(Args a) {
        int e = (int) a.e();
        int h = (int) a.h();
        int d = e / h;
        int n = (int) a.n();
        int l = (int) a.l();
        int s = (int) a.s();
        OpCounter c = new OpCounter();
        Tensor query = Tensor.random(1, n, l, e);
        Tensor key = Tensor.random(2, n, s, a.kdim());
        Tensor value = Tensor.random(3, n, s, a.vdim());
        Tensor wq = Tensor.random(4, e, e);
        Tensor wk = Tensor.random(5, e, a.kdim());
        Tensor wv = Tensor.random(6, e, a.vdim());
        Tensor inBias = Tensor.random(7, 3, e);
        Tensor wo = Tensor.random(8, e, e);
        Tensor bo = Tensor.random(9, e);
        Tensor biasK = Tensor.random(10, e);
        Tensor biasV = Tensor.random(11, e);

        double[][][] q = project(c, query, wq, a.bias() ? inBias : null, 0);
        List<List<double[]>> k = rows(project(c, key, wk, a.bias() ? inBias : null, 1));
        List<List<double[]>> v = rows(project(c, value, wv, a.bias() ? inBias : null, 2));
        for (int b = 0; b < n; b++) {
            if (a.biasKv()) {   // torch.cat with bias_k / bias_v repeated over the batch: copies only
                k.get(b).add(copy(biasK, e));
                v.get(b).add(copy(biasV, e));
            }
            if (a.zeroAttn()) {   // torch.cat with zeros
                k.get(b).add(new double[e]);
                v.get(b).add(new double[e]);
            }
        }
        int rows = k.get(0).size();

        double scale = Math.sqrt(d);   // a Python float in torch, computed once outside the tensors
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < l; i++) {
                for (int f = 0; f < e; f++) {
                    q[b][i][f] = c.div(q[b][i][f], scale);
                }
            }
        }

        double[][][][] weights = new double[n][h][l][rows];
        double[][][] context = new double[n][l][e];
        for (int b = 0; b < n; b++) {
            for (int head = 0; head < h; head++) {
                int from = head * d;
                for (int i = 0; i < l; i++) {
                    double[] score = new double[rows];
                    for (int j = 0; j < rows; j++) {
                        double acc = 0;
                        for (int f = 0; f < d; f++) {
                            double p = c.mac(q[b][i][from + f], k.get(b).get(j)[from + f]);
                            acc = f == 0 ? p : c.add(acc, p);
                        }
                        score[j] = acc;
                    }
                    double max = score[0];
                    for (int j = 1; j < rows; j++) {
                        max = c.max(max, score[j]);
                    }
                    double sum = 0;
                    double[] ex = new double[rows];
                    for (int j = 0; j < rows; j++) {
                        ex[j] = c.exp(c.sub(score[j], max));
                        sum = j == 0 ? ex[j] : c.add(sum, ex[j]);
                    }
                    double reciprocal = c.div(1.0, sum);   // torch's softmax along the last dimension
                    for (int j = 0; j < rows; j++) {
                        weights[b][head][i][j] = c.mul(ex[j], reciprocal);
                    }
                    // dropout: eval mode, nothing
                    for (int f = 0; f < d; f++) {
                        double acc = 0;
                        for (int j = 0; j < rows; j++) {
                            double p = c.mac(weights[b][head][i][j], v.get(b).get(j)[from + f]);
                            acc = j == 0 ? p : c.add(acc, p);
                        }
                        context[b][i][from + f] = acc;
                    }
                }
            }
        }

        for (int b = 0; b < n; b++) {
            for (int i = 0; i < l; i++) {
                for (int o = 0; o < e; o++) {
                    double acc = 0;
                    for (int f = 0; f < e; f++) {
                        double p = c.mac(wo.get(o, f), context[b][i][f]);
                        acc = f == 0 ? p : c.add(acc, p);
                    }
                    if (a.bias()) {
                        acc = c.add(acc, bo.get(o));
                    }
                }
            }
        }

        long[] weightsShape;
        if (!a.needWeights()) {
            weightsShape = new long[0];
        } else if (a.average()) {
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < l; i++) {
                    for (int j = 0; j < rows; j++) {
                        double acc = weights[b][0][i][j];
                        for (int head = 1; head < h; head++) {
                            acc = c.add(acc, weights[b][head][i][j]);
                        }
                        c.div(acc, h);
                    }
                }
            }
            weightsShape = new long[] {n, l, rows};
        } else {
            weightsShape = new long[] {n, h, l, rows};
        }
        return new Run(rows, new long[] {n, l, e}, weightsShape, c);
    }

    /** {@code x·Wᵀ + b} position by position; {@code chunk} picks the rows of the packed bias. */
    private static double[][][] project(OpCounter c, Tensor x, Tensor w, Tensor bias, int chunk) {
        int n = (int) x.dim(0);
        int len = (int) x.dim(1);
        int in = (int) x.dim(2);
        int out = (int) w.dim(0);
        double[][][] y = new double[n][len][out];
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < len; p++) {
                for (int o = 0; o < out; o++) {
                    double acc = 0;
                    for (int f = 0; f < in; f++) {
                        double prod = c.mac(w.get(o, f), x.get(b, p, f));
                        acc = f == 0 ? prod : c.add(acc, prod);
                    }
                    if (bias != null) {
                        acc = c.add(acc, bias.get(chunk, o));
                    }
                    y[b][p][o] = acc;
                }
            }
        }
        return y;
    }

    private static List<List<double[]>> rows(double[][][] x) {
        List<List<double[]>> all = new ArrayList<>();
        for (double[][] batch : x) {
            all.add(new ArrayList<>(List.of(batch)));
        }
        return all;
    }

    private static double[] copy(Tensor t, int size) {
        double[] r = new double[size];
        for (int i = 0; i < size; i++) {
            r[i] = t.get(i);
        }
        return r;
    }
}
