package org.flopcheck.oracle;

/**
 * Convolutions executed by plain loops: a convolution output by output (every tap of every input channel of the
 * group, padding taps read as zero), a transposed convolution input by input (every product scattered to the
 * output position it lands on, cropped positions dropped). Nothing here uses the library's formulas; output sizes
 * come from counting where windows fit.
 */
public final class ConvOracle {
    private ConvOracle() {
    }

    /** The arguments of one convolution, as plain arrays (one entry per spatial dimension). */
    public record Args(long n, long cin, long cout, long[] in, long[] kernel, long[] stride, long[] padding,
                       long[] dilation, long[] outputPadding, long groups, boolean bias, boolean same) {
    }

    /** The result of running one: the output sizes it produced and what it counted. */
    public record Run(long[] out, OpCounter ops) {
    }

    public static Run convolution(Args a) {
        int dims = a.in().length;
        long[] out = new long[dims];
        long[] left = new long[dims];
        for (int i = 0; i < dims; i++) {
            long reach = a.dilation()[i] * (a.kernel()[i] - 1);
            long padTotal = a.same() ? reach : 2 * a.padding()[i];
            left[i] = a.same() ? reach / 2 : a.padding()[i];
            long count = 0;
            while (count * a.stride()[i] + reach <= a.in()[i] + padTotal - 1) {   // window fits the padded input
                count++;
            }
            out[i] = count;
        }
        long cinG = a.cin() / a.groups();
        long coutG = a.cout() / a.groups();
        Tensor x = Tensor.random(1, Grid.cat(a.n(), a.cin(), a.in()));
        Tensor w = Tensor.random(2, Grid.cat(a.cout(), cinG, a.kernel()));
        Tensor b = Tensor.random(3, a.cout());
        OpCounter c = new OpCounter();
        for (long n = 0; n < a.n(); n++) {
            for (long co = 0; co < a.cout(); co++) {
                long group = co / coutG;
                final long nn = n;
                final long oc = co;
                Grid.forEach(out, o -> {
                    double acc = 0;
                    boolean first = true;
                    for (long ci = group * cinG; ci < (group + 1) * cinG; ci++) {
                        final long ic = ci;
                        double[] sum = {0};
                        boolean[] firstProduct = {true};
                        Grid.forEach(a.kernel(), t -> {
                            long[] pos = new long[dims];
                            boolean inside = true;
                            for (int i = 0; i < dims; i++) {
                                pos[i] = o[i] * a.stride()[i] - left[i] + t[i] * a.dilation()[i];
                                inside &= pos[i] >= 0 && pos[i] < a.in()[i];
                            }
                            double v = inside ? x.get(Grid.cat(nn, ic, pos)) : 0.0;
                            double p = c.mac(w.get(Grid.cat(oc, ic - group * cinG, t)), v);
                            sum[0] = firstProduct[0] ? p : c.add(sum[0], p);
                            firstProduct[0] = false;
                        });
                        acc = first ? sum[0] : c.add(acc, sum[0]);   // combine this channel's window sum
                        first = false;
                    }
                    if (a.bias()) {
                        acc = c.add(acc, b.get(oc));
                    }
                });
            }
        }
        return new Run(out, c);
    }

    public static Run transposed(Args a) {
        int dims = a.in().length;
        long[] out = new long[dims];
        for (int i = 0; i < dims; i++) {
            long full = (a.in()[i] - 1) * a.stride()[i] + a.dilation()[i] * (a.kernel()[i] - 1) + 1;
            out[i] = full - 2 * a.padding()[i] + a.outputPadding()[i];
        }
        long cinG = a.cin() / a.groups();
        long coutG = a.cout() / a.groups();
        Tensor x = Tensor.random(1, Grid.cat(a.n(), a.cin(), a.in()));
        Tensor w = Tensor.random(2, Grid.cat(a.cin(), coutG, a.kernel()));
        Tensor b = Tensor.random(3, a.cout());
        Tensor y = new Tensor(Grid.cat(a.n(), a.cout(), out));
        long[] received = new long[y.size()];
        OpCounter c = new OpCounter();
        for (long n = 0; n < a.n(); n++) {
            for (long ci = 0; ci < a.cin(); ci++) {
                long group = ci / cinG;
                final long nn = n;
                final long ic = ci;
                Grid.forEach(a.in(), i -> {
                    double v = x.get(Grid.cat(nn, ic, i));
                    for (long co = group * coutG; co < (group + 1) * coutG; co++) {
                        final long oc = co;
                        Grid.forEach(a.kernel(), t -> {
                            double p = c.mac(w.get(Grid.cat(ic, oc - group * coutG, t)), v);
                            long[] pos = new long[dims];
                            boolean inside = true;
                            for (int k = 0; k < dims; k++) {
                                pos[k] = i[k] * a.stride()[k] - a.padding()[k] + t[k] * a.dilation()[k];
                                inside &= pos[k] >= 0 && pos[k] < out[k];
                            }
                            if (inside) {
                                int at = y.index(Grid.cat(nn, oc, pos));
                                y.data[at] = received[at] == 0 ? p : c.add(y.data[at], p);
                                received[at]++;
                            }
                        });
                    }
                });
            }
        }
        if (a.bias()) {
            for (long n = 0; n < a.n(); n++) {
                for (long co = 0; co < a.cout(); co++) {
                    final long nn = n;
                    final long oc = co;
                    Grid.forEach(out, o -> {
                        int at = y.index(Grid.cat(nn, oc, o));
                        y.data[at] = received[at] == 0 ? b.get(oc) : c.add(y.data[at], b.get(oc));
                    });
                }
            }
        }
        return new Run(out, c);
    }
}
