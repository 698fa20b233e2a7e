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
import org.flopcheck.layers.BatchNorm1d;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.BatchNorm3d;
import org.flopcheck.layers.Embedding;
import org.flopcheck.layers.GRU;
import org.flopcheck.layers.GRUCell;
import org.flopcheck.layers.GroupNorm;
import org.flopcheck.layers.InstanceNorm1d;
import org.flopcheck.layers.InstanceNorm2d;
import org.flopcheck.layers.InstanceNorm3d;
import org.flopcheck.layers.LSTM;
import org.flopcheck.layers.LSTMCell;
import org.flopcheck.layers.AdaptiveAvgPool1d;
import org.flopcheck.layers.AdaptiveAvgPool2d;
import org.flopcheck.layers.AdaptiveAvgPool3d;
import org.flopcheck.layers.AdaptiveMaxPool1d;
import org.flopcheck.layers.AdaptiveMaxPool2d;
import org.flopcheck.layers.AdaptiveMaxPool3d;
import org.flopcheck.layers.AvgPool1d;
import org.flopcheck.layers.AvgPool2d;
import org.flopcheck.layers.AvgPool3d;
import org.flopcheck.layers.AvgPooling;
import org.flopcheck.layers.Dropout;
import org.flopcheck.layers.Flatten;
import org.flopcheck.layers.GELU;
import org.flopcheck.layers.Hardtanh;
import org.flopcheck.layers.Identity;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.LeakyReLU;
import org.flopcheck.layers.MaxPool1d;
import org.flopcheck.layers.MaxPool2d;
import org.flopcheck.layers.MaxPool3d;
import org.flopcheck.layers.MaxPooling;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.ReLU6;
import org.flopcheck.layers.SiLU;
import org.flopcheck.layers.Sigmoid;
import org.flopcheck.layers.Softmax;
import org.flopcheck.layers.Tanh;
import org.flopcheck.layers.Upsample;
import org.flopcheck.layers.LayerNorm;
import org.flopcheck.layers.MultiheadAttention;
import org.flopcheck.layers.NormBase;
import org.flopcheck.layers.RNN;
import org.flopcheck.layers.RNNCell;
import org.flopcheck.layers.Recurrent;
import org.flopcheck.layers.RecurrentCell;
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
        KINDS.put("BatchNorm1d", a -> norm(BatchNorm1d.of(a.requiredInteger("num_features")), a));
        KINDS.put("BatchNorm2d", a -> norm(BatchNorm2d.of(a.requiredInteger("num_features")), a));
        KINDS.put("BatchNorm3d", a -> norm(BatchNorm3d.of(a.requiredInteger("num_features")), a));
        KINDS.put("InstanceNorm1d", a -> norm(InstanceNorm1d.of(a.requiredInteger("num_features")), a));
        KINDS.put("InstanceNorm2d", a -> norm(InstanceNorm2d.of(a.requiredInteger("num_features")), a));
        KINDS.put("InstanceNorm3d", a -> norm(InstanceNorm3d.of(a.requiredInteger("num_features")), a));
        KINDS.put("LayerNorm", a -> {
            LayerNorm l = LayerNorm.of(a.requiredIntegers("normalized_shape", 0));
            l = a.real("eps").map(l::eps).orElse(l);
            l = a.bool("elementwise_affine").map(l::elementwiseAffine).orElse(l);
            return a.bool("bias").map(l::bias).orElse(l);
        });
        KINDS.put("GroupNorm", a -> {
            GroupNorm g = GroupNorm.of(a.requiredInteger("num_groups"), a.requiredInteger("num_channels"));
            g = a.real("eps").map(g::eps).orElse(g);
            return a.bool("affine").map(g::affine).orElse(g);
        });
        KINDS.put("Embedding", a -> {
            Embedding e = Embedding.of(a.requiredInteger("num_embeddings"), a.requiredInteger("embedding_dim"));
            e = a.integer("padding_idx").map(e::paddingIdx).orElse(e);
            e = a.real("max_norm").map(e::maxNorm).orElse(e);
            e = a.real("norm_type").map(e::normType).orElse(e);
            e = a.bool("scale_grad_by_freq").map(e::scaleGradByFreq).orElse(e);
            return a.bool("sparse").map(e::sparse).orElse(e);
        });
        KINDS.put("RNN", a -> {
            RNN r = recurrent(RNN.of(a.requiredInteger("input_size"), a.requiredInteger("hidden_size")), a);
            return a.string("nonlinearity").map(r::nonlinearity).orElse(r);
        });
        KINDS.put("LSTM", a -> {
            LSTM l = recurrent(LSTM.of(a.requiredInteger("input_size"), a.requiredInteger("hidden_size")), a);
            return a.integer("proj_size").map(l::projSize).orElse(l);
        });
        KINDS.put("GRU", a -> recurrent(GRU.of(a.requiredInteger("input_size"), a.requiredInteger("hidden_size")), a));
        KINDS.put("RNNCell", a -> {
            RNNCell c = cell(RNNCell.of(a.requiredInteger("input_size"), a.requiredInteger("hidden_size")), a);
            return a.string("nonlinearity").map(c::nonlinearity).orElse(c);
        });
        KINDS.put("LSTMCell", a -> cell(LSTMCell.of(a.requiredInteger("input_size"),
                a.requiredInteger("hidden_size")), a));
        KINDS.put("GRUCell", a -> cell(GRUCell.of(a.requiredInteger("input_size"), a.requiredInteger("hidden_size")),
                a));
        KINDS.put("MultiheadAttention", a -> {
            MultiheadAttention m = MultiheadAttention.of(a.requiredInteger("embed_dim"),
                    a.requiredInteger("num_heads"));
            m = a.real("dropout").map(m::dropout).orElse(m);
            m = a.bool("bias").map(m::bias).orElse(m);
            m = a.bool("add_bias_kv").map(m::addBiasKv).orElse(m);
            m = a.bool("add_zero_attn").map(m::addZeroAttn).orElse(m);
            m = a.integer("kdim").map(m::kdim).orElse(m);
            m = a.integer("vdim").map(m::vdim).orElse(m);
            return a.bool("batch_first").map(m::batchFirst).orElse(m);
        });
        KINDS.put("MaxPool1d", a -> maxPool(MaxPool1d.of(a.requiredIntegers("kernel_size", 1)[0]), a, 1));
        KINDS.put("MaxPool2d", a -> maxPool(kernel(a, 2, MaxPool2d::of, MaxPool2d::of), a, 2));
        KINDS.put("MaxPool3d", a -> maxPool(kernel(a, 3, MaxPool3d::of, MaxPool3d::of), a, 3));
        KINDS.put("AvgPool1d", a -> avgPool(AvgPool1d.of(a.requiredIntegers("kernel_size", 1)[0]), a, 1));
        KINDS.put("AvgPool2d", a -> {
            AvgPool2d p = avgPool(kernel(a, 2, AvgPool2d::of, AvgPool2d::of), a, 2);
            return a.integer("divisor_override").map(p::divisorOverride).orElse(p);
        });
        KINDS.put("AvgPool3d", a -> {
            AvgPool3d p = avgPool(kernel(a, 3, AvgPool3d::of, AvgPool3d::of), a, 3);
            return a.integer("divisor_override").map(p::divisorOverride).orElse(p);
        });
        KINDS.put("AdaptiveAvgPool1d", a -> AdaptiveAvgPool1d.of(a.requiredIntegers("output_size", 1)[0]));
        KINDS.put("AdaptiveAvgPool2d", a -> {
            Long[] size = outputSize(a, 2);
            return size.length == 1 ? AdaptiveAvgPool2d.of(size[0]) : AdaptiveAvgPool2d.of(size[0], size[1]);
        });
        KINDS.put("AdaptiveAvgPool3d", a -> {
            Long[] size = outputSize(a, 3);
            return size.length == 1 ? AdaptiveAvgPool3d.of(size[0])
                    : AdaptiveAvgPool3d.of(size[0], size[1], size[2]);
        });
        KINDS.put("AdaptiveMaxPool1d", a -> {
            AdaptiveMaxPool1d p = AdaptiveMaxPool1d.of(a.requiredIntegers("output_size", 1)[0]);
            return a.bool("return_indices").map(p::returnIndices).orElse(p);
        });
        KINDS.put("AdaptiveMaxPool2d", a -> {
            Long[] size = outputSize(a, 2);
            AdaptiveMaxPool2d p = size.length == 1 ? AdaptiveMaxPool2d.of(size[0])
                    : AdaptiveMaxPool2d.of(size[0], size[1]);
            return a.bool("return_indices").map(p::returnIndices).orElse(p);
        });
        KINDS.put("AdaptiveMaxPool3d", a -> {
            Long[] size = outputSize(a, 3);
            AdaptiveMaxPool3d p = size.length == 1 ? AdaptiveMaxPool3d.of(size[0])
                    : AdaptiveMaxPool3d.of(size[0], size[1], size[2]);
            return a.bool("return_indices").map(p::returnIndices).orElse(p);
        });
        KINDS.put("ReLU", a -> a.bool("inplace").map(ReLU.of()::inplace).orElse(ReLU.of()));
        KINDS.put("ReLU6", a -> {
            a.bool("inplace");   // accepted; counts do not change (ReLU6 prints no inplace flag of its own)
            return ReLU6.of();
        });
        KINDS.put("LeakyReLU", a -> {
            LeakyReLU l = LeakyReLU.of(a.real("negative_slope").orElse(LeakyReLU.of().negativeSlope()));
            return a.bool("inplace").map(l::inplace).orElse(l);
        });
        KINDS.put("Hardtanh", a -> {
            Hardtanh defaults = Hardtanh.of();
            Hardtanh h = Hardtanh.of(a.real("min_val").orElse(defaults.minVal()),
                    a.real("max_val").orElse(defaults.maxVal()));
            return a.bool("inplace").map(h::inplace).orElse(h);
        });
        KINDS.put("Sigmoid", a -> Sigmoid.of());
        KINDS.put("Tanh", a -> Tanh.of());
        KINDS.put("SiLU", a -> {
            a.bool("inplace");
            return SiLU.of();
        });
        KINDS.put("GELU", a -> a.string("approximate").map(GELU.of()::approximate).orElse(GELU.of()));
        KINDS.put("Softmax", a -> a.dimension("dim").map(Softmax::of).orElse(Softmax.of()));
        KINDS.put("Upsample", a -> {
            Upsample u = Upsample.of();
            Optional<long[]> size = a.integers("size", 0);
            if (size.isPresent()) {
                u = u.size(size.get());
            }
            Optional<double[]> scale = a.reals("scale_factor");
            if (scale.isPresent()) {
                u = u.scaleFactor(scale.get());
            }
            u = a.string("mode").map(u::mode).orElse(u);
            return a.bool("align_corners").map(u::alignCorners).orElse(u);
        });
        KINDS.put("Dropout", a -> {
            Dropout d = Dropout.of(a.real("p").orElse(Dropout.of().p()));
            return a.bool("inplace").map(d::inplace).orElse(d);
        });
        KINDS.put("Flatten", a -> {
            Flatten f = Flatten.of();
            f = a.dimension("start_dim").map(d -> Flatten.of().startDim(d)).orElse(f);
            Flatten g = f;
            return a.dimension("end_dim").map(g::endDim).orElse(f);
        });
        KINDS.put("Identity", a -> Identity.of());
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

    /** A pooling layer built from a kernel given as one integer or as one per dimension. */
    private static <T> T kernel(Arguments a, int n, java.util.function.LongFunction<T> scalar,
                                java.util.function.Function<Dims, T> tuple) {
        long[] k = a.requiredIntegers("kernel_size", n);
        return k.length == 1 ? scalar.apply(k[0]) : tuple.apply(Dims.of(k));
    }

    private static <T extends MaxPooling<T>> T maxPool(T layer, Arguments a, int n) {
        T p = layer;
        Optional<long[]> stride = a.integers("stride", n);
        if (stride.isPresent()) {
            p = p.stride(stride.get());
        }
        Optional<long[]> padding = a.integers("padding", n);
        if (padding.isPresent()) {
            p = p.padding(padding.get());
        }
        Optional<long[]> dilation = a.integers("dilation", n);
        if (dilation.isPresent()) {
            p = p.dilation(dilation.get());
        }
        p = a.bool("return_indices").map(p::returnIndices).orElse(p);
        return a.bool("ceil_mode").map(p::ceilMode).orElse(p);
    }

    private static <T extends AvgPooling<T>> T avgPool(T layer, Arguments a, int n) {
        T p = layer;
        Optional<long[]> stride = a.integers("stride", n);
        if (stride.isPresent()) {
            p = p.stride(stride.get());
        }
        Optional<long[]> padding = a.integers("padding", n);
        if (padding.isPresent()) {
            p = p.padding(padding.get());
        }
        p = a.bool("ceil_mode").map(p::ceilMode).orElse(p);
        return a.bool("count_include_pad").map(p::countIncludePad).orElse(p);
    }

    private static Long[] outputSize(Arguments a, int n) {
        return a.requiredIntegersOrNone("output_size", n);
    }

    private static <T extends NormBase<T>> T norm(T layer, Arguments a) {
        T n = layer;
        n = a.real("eps").map(n::eps).orElse(n);
        n = a.real("momentum").map(n::momentum).orElse(n);
        if (a.isNull("momentum")) {
            n = n.momentum(java.util.OptionalDouble.empty());   // momentum=None: a cumulative moving average
        }
        n = a.bool("affine").map(n::affine).orElse(n);
        return a.bool("track_running_stats").map(n::trackRunningStats).orElse(n);
    }

    private static <T extends Recurrent<T>> T recurrent(T layer, Arguments a) {
        T r = layer;
        r = a.integer("num_layers").map(r::numLayers).orElse(r);
        r = a.bool("bias").map(r::bias).orElse(r);
        r = a.bool("batch_first").map(r::batchFirst).orElse(r);
        r = a.real("dropout").map(r::dropout).orElse(r);
        return a.bool("bidirectional").map(r::bidirectional).orElse(r);
    }

    private static <T extends RecurrentCell<T>> T cell(T layer, Arguments a) {
        return a.bool("bias").map(layer::bias).orElse(layer);
    }

    private static Layer sequential(Arguments a) {
        List<Value.Obj> rows = a.objects("layers");
        Map<String, Layer> named = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Value.Obj row = rows.get(i);
            String name = SpecReader.rowName(row).orElse(String.valueOf(i));
            if (name.isEmpty() || name.contains(".")) {
                // torch's add_module: KeyError module name can't be empty string "" / can't contain "."
                throw new InvalidSpecException(row.fields().get("name").location(), "Sequential row name '" + name
                        + "' must be non-empty and contain no '.'; torch: module name can't "
                        + (name.isEmpty() ? "be empty string \"\"" : "contain \".\""));
            }
            if (named.containsKey(name)) {
                throw new InvalidSpecException(row.fields().get("name").location(), "Sequential row name '" + name
                        + "' is used twice");
            }
            named.put(name, SpecReader.layer(row));
        }
        return Sequential.of(named);
    }
}
