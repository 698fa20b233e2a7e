package org.flopcheck.terms;

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

    public Params plus(Params other) {
        return new Params(Math.addExact(total, other.total), Math.addExact(trainable, other.trainable),
                Math.addExact(buffers, other.buffers));
    }

    public long nonTrainable() {
        return total - trainable;
    }
}
