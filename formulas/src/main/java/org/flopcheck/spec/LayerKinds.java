package org.flopcheck.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flopcheck.InvalidSpecException;
import org.flopcheck.layers.Conv1d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Conv3d;
import org.flopcheck.layers.ConvTranspose1d;
import org.flopcheck.layers.ConvTranspose2d;
import org.flopcheck.layers.ConvTranspose3d;
import org.flopcheck.layers.Convolution;
import org.flopcheck.layers.Dims;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.Sequential;
import org.flopcheck.layers.TransposedConvolution;

/**
 * Every layer type a spec may name, with how its torch keyword arguments map onto the layer's factory and
 * setters. An argument that is absent keeps the layer's own default, so torch's defaults live in the layer
 * classes only.
 */
final class LayerKinds {
    /** Builds one layer from its arguments. */
    @FunctionalInterface
    interface Binder {
        Layer bind(Arguments a);
    }

    private static final Map<String, Binder> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("Conv1d", a -> conv(a, 1));
        KINDS.put("Conv2d", a -> conv(a, 2));
        KINDS.put("Conv3d", a -> conv(a, 3));
        KINDS.put("ConvTranspose1d", a -> transposed(a, 1));
        KINDS.put("ConvTranspose2d", a -> transposed(a, 2));
        KINDS.put("ConvTranspose3d", a -> transposed(a, 3));
        KINDS.put("Linear", a -> {
            Linear l = Linear.of(a.requiredInteger("in_features"), a.requiredInteger("out_features"));
            return a.bool("bias").map(l::bias).orElse(l);
        });
        KINDS.put("Sequential", LayerKinds::sequential);
    }

    private LayerKinds() {
    }

    static Optional<Binder> binder(String type) {
        return Optional.ofNullable(KINDS.get(type));
    }

    /** Every known type name, in a stable order. */
    static Set<String> names() {
        return KINDS.keySet();
    }

    private static Dims dims(long[] values, int n) {
        if (values.length == 1) {
            return Dims.repeat(values[0], n);
        }
        return Dims.of(values);
    }

    private static Layer conv(Arguments a, int n) {
        long in = a.requiredInteger("in_channels");
        long out = a.requiredInteger("out_channels");
        Dims k = dims(a.requiredIntegers("kernel_size", n), n);
        return switch (n) {
            case 1 -> configure(Conv1d.of(in, out, k.get(0)), a, n);
            case 2 -> configure(Conv2d.of(in, out, k), a, n);
            default -> configure(Conv3d.of(in, out, k), a, n);
        };
    }

    private static <T extends Convolution<T>> T configure(T layer, Arguments a, int n) {
        T c = layer;
        // 'same' padding refuses strides other than 1: set the stride first so the refusal names the pair
        Optional<long[]> stride = a.integers("stride", n);
        if (stride.isPresent()) {
            c = c.stride(stride.get());
        }
        Optional<Value> padding = a.value("padding");
        if (padding.isPresent() && padding.get() instanceof Value.Str keyword) {
            c = c.padding(keyword.value());
        } else if (padding.isPresent()) {
            c = c.padding(a.integers("padding", n).orElseThrow());
        }
        Optional<long[]> dilation = a.integers("dilation", n);
        if (dilation.isPresent()) {
            c = c.dilation(dilation.get());
        }
        Optional<Long> groups = a.integer("groups");
        if (groups.isPresent()) {
            c = c.groups(groups.get());
        }
        Optional<Boolean> bias = a.bool("bias");
        if (bias.isPresent()) {
            c = c.bias(bias.get());
        }
        Optional<String> mode = a.string("padding_mode");
        if (mode.isPresent()) {
            c = c.paddingMode(mode.get());
        }
        return c;
    }

    private static Layer transposed(Arguments a, int n) {
        long in = a.requiredInteger("in_channels");
        long out = a.requiredInteger("out_channels");
        Dims k = dims(a.requiredIntegers("kernel_size", n), n);
        return switch (n) {
            case 1 -> configure(ConvTranspose1d.of(in, out, k.get(0)), a, n);
            case 2 -> configure(ConvTranspose2d.of(in, out, k), a, n);
            default -> configure(ConvTranspose3d.of(in, out, k), a, n);
        };
    }

    private static <T extends TransposedConvolution<T>> T configure(T layer, Arguments a, int n) {
        T t = layer;
        Optional<long[]> stride = a.integers("stride", n);
        if (stride.isPresent()) {
            t = t.stride(stride.get());
        }
        Optional<long[]> padding = a.integers("padding", n);
        if (padding.isPresent()) {
            t = t.padding(padding.get());
        }
        Optional<long[]> outputPadding = a.integers("output_padding", n);
        if (outputPadding.isPresent()) {
            t = t.outputPadding(outputPadding.get());
        }
        Optional<Long> groups = a.integer("groups");
        if (groups.isPresent()) {
            t = t.groups(groups.get());
        }
        Optional<Boolean> bias = a.bool("bias");
        if (bias.isPresent()) {
            t = t.bias(bias.get());
        }
        Optional<long[]> dilation = a.integers("dilation", n);
        if (dilation.isPresent()) {
            t = t.dilation(dilation.get());
        }
        Optional<String> mode = a.string("padding_mode");
        if (mode.isPresent()) {
            t = t.paddingMode(mode.get());
        }
        return t;
    }

    private static Layer sequential(Arguments a) {
        List<Value.Obj> rows = a.objects("layers");
        Map<String, Layer> named = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Value.Obj row = rows.get(i);
            String name = SpecReader.rowName(row).orElse(String.valueOf(i));
            if (named.containsKey(name)) {
                throw new InvalidSpecException(row.fields().get("name").location(), "Sequential row name '" + name
                        + "' is used twice");
            }
            named.put(name, SpecReader.layer(row));
        }
        return Sequential.of(named);
    }
}
