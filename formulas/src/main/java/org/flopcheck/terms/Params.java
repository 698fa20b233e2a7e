package org.flopcheck.terms;

import java.util.Collection;
import java.util.List;

/**
 * Parameter totals as torch and torchinfo report them: {@code total} parameters, of which {@code trainable}
 * require gradients, and {@code buffers}, the elements of registered buffers such as BatchNorm's running mean and
 * variance (and its one-element {@code num_batches_tracked}), which are not parameters at all.
 */
public record Params(long total, long trainable, long buffers) {
    public Params {
        if (total < 0 || trainable < 0 || buffers < 0 || trainable > total) {
            throw new IllegalArgumentException("inconsistent parameter totals: total=" + total + ", trainable="
                    + trainable + ", buffers=" + buffers);
        }
    }

    public static final Params NONE = new Params(0, 0, 0);

    /** Totals over a set of tensors; overflow raises {@link ArithmeticException}. */
    public static Params of(Collection<Parameter> tensors) {
        long total = 0;
        long trainable = 0;
        long buffers = 0;
        List<Parameter> list = tensors instanceof List<Parameter> l ? l : List.copyOf(tensors);
        for (int i = 0; i < list.size(); i++) {   // indexed: no iterator per layer
            Parameter p = list.get(i);
            if (p.buffer()) {
                buffers = Math.addExact(buffers, p.value());
            } else {
                total = Math.addExact(total, p.value());
                if (p.trainable()) {
                    trainable = Math.addExact(trainable, p.value());
                }
            }
        }
        return new Params(total, trainable, buffers);
    }

    public Params plus(Params other) {
        return new Params(Math.addExact(total, other.total), Math.addExact(trainable, other.trainable),
                Math.addExact(buffers, other.buffers));
    }

    public long nonTrainable() {
        return total - trainable;
    }
}
