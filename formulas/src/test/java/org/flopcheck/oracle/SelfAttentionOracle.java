package org.flopcheck.oracle;

/**
 * Hugging Face's eager self-attention executed by plain loops on doubles, as {@code LlamaAttention} (transformers
 * 4.38) runs it in eval mode: project every position to queries (h heads), keys and values (h_kv heads each), rotate
 * queries and keys feature by feature ({@code x·cos + rotate_half(x)·sin}), then head by head and query by query
 * the scores against the key head that {@code repeat_kv} assigns to that query head, the division by √d, the mask
 * (added, or selected with {@code torch.where}), a max-subtracted softmax with one reciprocal per row, the weighted
 * sum of values, and the output projection. Nothing here uses the library's formulas.
 */
public final class SelfAttentionOracle {
    private static final double MIN = -Double.MAX_VALUE;

    private SelfAttentionOracle() {
    }

    /**
     * One call in (batch, position, feature) terms.
     *
     * @param mask {@code "add"}, {@code "where"} or {@code "none"}
     */
    public record Args(long e, long h, long hKv, long n, long l, boolean bias, boolean causal, String mask,
                       boolean rotary) {
    }

    public record Run(long[] out, OpCounter ops) {
    }

    public static Run run(Args a) {
        int e = (int) a.e();
        int h = (int) a.h();
        int hKv = (int) a.hKv();
        int d = e / h;
        int n = (int) a.n();
        int l = (int) a.l();
        OpCounter c = new OpCounter();
        Tensor x = Tensor.random(1, n, l, e);
        Tensor wq = Tensor.random(2, (long) h * d, e);
        Tensor wk = Tensor.random(3, (long) hKv * d, e);
        Tensor wv = Tensor.random(4, (long) hKv * d, e);
        Tensor wo = Tensor.random(5, e, (long) h * d);
        Tensor bq = Tensor.random(6, (long) h * d);
        Tensor bk = Tensor.random(7, (long) hKv * d);
        Tensor bv = Tensor.random(8, (long) hKv * d);
        Tensor bo = Tensor.random(9, e);

        double[][][] q = linear(c, x, n, l, e, wq, a.bias() ? bq : null);
        double[][][] k = linear(c, x, n, l, e, wk, a.bias() ? bk : null);
        double[][][] v = linear(c, x, n, l, e, wv, a.bias() ? bv : null);

        if (a.rotary()) {
            for (int b = 0; b < n; b++) {
                for (int p = 0; p < l; p++) {
                    // cos and sin of the angles come from the position alone: computed, not counted
                    double[] cos = new double[d];
                    double[] sin = new double[d];
                    for (int f = 0; f < d; f++) {
                        double invFreq = 1.0 / Math.pow(10000.0, (2.0 * (f % (d / 2))) / d);
                        cos[f] = Math.cos(p * invFreq);
                        sin[f] = Math.sin(p * invFreq);
                    }
                    q[b][p] = rotate(c, q[b][p], h, d, cos, sin);
                    k[b][p] = rotate(c, k[b][p], hKv, d, cos, sin);
                }
            }
        }

        double scale = Math.sqrt(d);   // math.sqrt(head_dim): a Python float
        int group = h / hKv;
        double[][][] context = new double[n][l][h * d];
        for (int b = 0; b < n; b++) {
            for (int head = 0; head < h; head++) {
                int kvHead = head / group;   // repeat_kv: a copy, no arithmetic
                for (int i = 0; i < l; i++) {
                    double[] score = new double[l];
                    for (int j = 0; j < l; j++) {
                        double acc = 0;
                        for (int f = 0; f < d; f++) {
                            double p = c.mac(q[b][i][head * d + f], k[b][j][kvHead * d + f]);
                            acc = f == 0 ? p : c.add(acc, p);
                        }
                        double s = c.div(acc, scale);
                        boolean visible = !a.causal() || j <= i;
                        switch (a.mask()) {
                            case "add" -> s = c.add(s, visible ? 0.0 : MIN);
                            case "where" -> s = where(c, visible, s, MIN);
                            default -> { }
                        }
                        score[j] = s;
                    }
                    double max = score[0];
                    for (int j = 1; j < l; j++) {
                        max = c.max(max, score[j]);
                    }
                    double sum = 0;
                    double[] ex = new double[l];
                    for (int j = 0; j < l; j++) {
                        ex[j] = c.exp(c.sub(score[j], max));
                        sum = j == 0 ? ex[j] : c.add(sum, ex[j]);
                    }
                    double reciprocal = c.div(1.0, sum);
                    double[] weight = new double[l];
                    for (int j = 0; j < l; j++) {
                        weight[j] = c.mul(ex[j], reciprocal);
                    }
                    // dropout: eval mode, nothing
                    for (int f = 0; f < d; f++) {
                        double acc = 0;
                        for (int j = 0; j < l; j++) {
                            double p = c.mac(weight[j], v[b][j][kvHead * d + f]);
                            acc = j == 0 ? p : c.add(acc, p);
                        }
                        context[b][i][head * d + f] = acc;
                    }
                }
            }
        }

        for (int b = 0; b < n; b++) {
            for (int i = 0; i < l; i++) {
                for (int o = 0; o < e; o++) {
                    double acc = 0;
                    for (int f = 0; f < h * d; f++) {
                        double p = c.mac(wo.get(o, f), context[b][i][f]);
                        acc = f == 0 ? p : c.add(acc, p);
                    }
                    if (a.bias()) {
                        c.add(acc, bo.get(o));
                    }
                }
            }
        }
        return new Run(new long[] {n, l, e}, c);
    }

    /** {@code x·Wᵀ + b} position by position. */
    private static double[][][] linear(OpCounter c, Tensor x, int n, int l, int in, Tensor w, Tensor bias) {
        int out = (int) w.dim(0);
        double[][][] y = new double[n][l][out];
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < l; p++) {
                for (int o = 0; o < out; o++) {
                    double acc = 0;
                    for (int f = 0; f < in; f++) {
                        double prod = c.mac(w.get(o, f), x.get(b, p, f));
                        acc = f == 0 ? prod : c.add(acc, prod);
                    }
                    y[b][p][o] = bias == null ? acc : c.add(acc, bias.get(o));
                }
            }
        }
        return y;
    }

    /** {@code x·cos + rotate_half(x)·sin} for every head; {@code rotate_half} is {@code cat(−x2, x1)}. */
    private static double[] rotate(OpCounter c, double[] x, int heads, int d, double[] cos, double[] sin) {
        double[] y = new double[x.length];
        int half = d / 2;
        for (int head = 0; head < heads; head++) {
            int from = head * d;
            for (int f = 0; f < d; f++) {
                double rotated = f < half ? -x[from + f + half] : x[from + f - half];   // sign flip, not counted
                y[from + f] = c.add(c.mul(x[from + f], cos[f]), c.mul(rotated, sin[f]));
            }
        }
        return y;
    }

    /** {@code torch.where(mask, s, min)}: one selection per score, counted as a comparison. */
    private static double where(OpCounter c, boolean keep, double s, double otherwise) {
        c.greater(keep ? 1 : 0, 0.5);
        return keep ? s : otherwise;
    }
}
