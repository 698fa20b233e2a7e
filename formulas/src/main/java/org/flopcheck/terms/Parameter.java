package org.flopcheck.terms;

import java.util.Objects;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.PlainText;
import org.flopcheck.shape.Shape;

/**
 * A tensor a layer owns, under torch's own name ({@code weight}, {@code bias}, {@code running_mean},
 * {@code weight_ih_l0}).
 *
 * @param name      torch's attribute name
 * @param shape     the tensor's shape for this configuration
 * @param count     the closed form of its element count
 * @param value     the element count
 * @param buffer    true for buffers (BatchNorm's running statistics), which are state, not parameters
 * @param trainable true for parameters that require gradients; always false for buffers
 */
public record Parameter(String name, Shape shape, Expr count, long value, boolean buffer, boolean trainable) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(count, "count");
        if (buffer && trainable) {
            throw new IllegalArgumentException("a buffer is never trainable: " + name);
        }
        if (value != shape.numel()) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + shape + " but count " + value);
        }
    }

    /** The same tensor, no longer trainable (a frozen layer). */
    public Parameter frozen() {
        return new Parameter(name, shape, count, value, buffer, false);
    }

    @Override
    public String toString() {
        return (buffer ? "buffer " : "") + name + " " + shape + " = " + count.plain() + " = "
                + PlainText.grouped(value);
    }
}
