package org.flopcheck.oracle;

import java.util.SplittableRandom;

/**
 * A dense row-major tensor of doubles for the oracles: just enough indexing to walk a layer's loops, with
 * deterministic pseudo-random contents.
 */
public final class Tensor {
    final long[] shape;
    final double[] data;

    public Tensor(long... shape) {
        this.shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        if (n > 50_000_000) {
            throw new IllegalArgumentException("oracle tensor too large: " + n);
        }
        this.data = new double[(int) n];
    }

    public static Tensor random(long seed, long... shape) {
        Tensor t = new Tensor(shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = r.nextDouble(-1, 1);
        }
        return t;
    }

    public int index(long... at) {
        long i = 0;
        for (int k = 0; k < shape.length; k++) {
            if (at[k] < 0 || at[k] >= shape[k]) {
                throw new IndexOutOfBoundsException("index " + at[k] + " of dimension " + k + " (size " + shape[k] + ")");
            }
            i = i * shape[k] + at[k];
        }
        return (int) i;
    }

    public double get(long... at) {
        return data[index(at)];
    }

    public void set(double v, long... at) {
        data[index(at)] = v;
    }

    public long dim(int k) {
        return shape[k];
    }

    public int size() {
        return data.length;
    }
}
