package org.flopcheck.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flopcheck.InvalidSpecException;
import org.flopcheck.blocks.BertEmbeddings;
import org.flopcheck.blocks.BertPooler;
import org.flopcheck.blocks.Parallel;
import org.flopcheck.blocks.PositionEmbedding;
import org.flopcheck.blocks.Repeat;
import org.flopcheck.blocks.Residual;
import org.flopcheck.blocks.SelfAttention;
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
import org.flopcheck.layers.RMSNorm;
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
import org.flopcheck.layers.TransformerEncoder;
import org.flopcheck.layers.TransformerEncoderLayer;
import org.flopcheck.layers.TransposedConvolution;
import org.flopcheck.models.AlexNet;
import org.flopcheck.models.MobileNetV2;
import org.flopcheck.models.ResNet;
import org.flopcheck.models.VGG;

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

        // Transformer encoders and torchvision models (branch 'models')
        KINDS.put("TransformerEncoderLayer", LayerKinds::transformerEncoderLayer);
        KINDS.put("TransformerEncoder", LayerKinds::transformerEncoder);
        KINDS.put("torchvision.models.resnet18", a -> resnet(ResNet.resnet18(), a));
        KINDS.put("torchvision.models.resnet50", a -> resnet(ResNet.resnet50(), a));
        KINDS.put("torchvision.models.mobilenet_v2", LayerKinds::mobilenetV2);
        KINDS.put("torchvision.models.alexnet", LayerKinds::alexnet);
        KINDS.put("torchvision.models.vgg11", a -> vgg(VGG.vgg11(), a));
        KINDS.put("torchvision.models.vgg16", a -> vgg(VGG.vgg16(), a));

        // blocks and the transformer modules of the catalogue's language models (org.flopcheck.blocks, RMSNorm)
        KINDS.put("Residual", LayerKinds::residual);
        KINDS.put("Parallel", LayerKinds::parallel);
        KINDS.put("Repeat", LayerKinds::repeat);
        KINDS.put("RMSNorm", a -> {
            RMSNorm r = RMSNorm.of(a.requiredIntegers("normalized_shape", 0));
            r = a.real("eps").map(r::eps).orElse(r);
            return a.bool("elementwise_affine").map(r::elementwiseAffine).orElse(r);
        });
        KINDS.put("SelfAttention", a -> {
            SelfAttention s = SelfAttention.of(a.requiredInteger("embed_dim"), a.requiredInteger("num_heads"));
            s = a.integer("num_kv_heads").map(s::numKvHeads).orElse(s);
            s = a.bool("bias").map(s::bias).orElse(s);
            s = a.bool("causal").map(s::causal).orElse(s);   // before mask, which depends on it
            s = a.string("mask").map(s::mask).orElse(s);
            s = a.bool("rotary").map(s::rotary).orElse(s);
            return a.real("dropout").map(s::dropout).orElse(s);
        });
        KINDS.put("BertEmbeddings", a -> {
            BertEmbeddings e = BertEmbeddings.of(a.requiredInteger("vocab_size"), a.requiredInteger("hidden_size"));
            e = a.integer("max_position_embeddings").map(e::maxPositionEmbeddings).orElse(e);
            e = a.integer("type_vocab_size").map(e::typeVocabSize).orElse(e);
            e = a.real("layer_norm_eps").map(e::layerNormEps).orElse(e);
            e = a.real("hidden_dropout_prob").map(e::hiddenDropoutProb).orElse(e);
            return a.integer("pad_token_id").map(e::padTokenId).orElse(e);
        });
        KINDS.put("BertPooler", a -> BertPooler.of(a.requiredInteger("hidden_size")));
        KINDS.put("PositionEmbedding", a -> PositionEmbedding.of(a.requiredInteger("num_embeddings"),
                a.requiredInteger("embedding_dim")));
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

    private static TransformerEncoderLayer transformerEncoderLayer(Arguments a) {
        TransformerEncoderLayer t = TransformerEncoderLayer.of(a.requiredInteger("d_model"),
                a.requiredInteger("nhead"));
        t = a.integer("dim_feedforward").map(t::dimFeedforward).orElse(t);
        t = a.real("dropout").map(t::dropout).orElse(t);
        t = a.string("activation").map(t::activation).orElse(t);
        t = a.real("layer_norm_eps").map(t::layerNormEps).orElse(t);
        t = a.bool("batch_first").map(t::batchFirst).orElse(t);
        return a.bool("norm_first").map(t::normFirst).orElse(t);
    }

    private static Layer transformerEncoder(Arguments a) {
        Value.Obj spec = a.requiredObject("encoder_layer");
        Layer layer = SpecReader.layer(spec);
        if (!(layer instanceof TransformerEncoderLayer encoderLayer)) {
            throw new InvalidSpecException(spec.location(), "TransformerEncoder argument 'encoder_layer' must be a"
                    + " TransformerEncoderLayer, got " + layer.type() + " (torch calls each copy with src_mask and"
                    + " src_key_padding_mask)");
        }
        TransformerEncoder e = TransformerEncoder.of(encoderLayer, a.requiredInteger("num_layers"));
        Optional<Value.Obj> norm = a.object("norm");
        if (norm.isPresent()) {
            e = e.norm(SpecReader.layer(norm.get()));
        }
        e = a.bool("enable_nested_tensor").map(e::enableNestedTensor).orElse(e);
        return a.bool("mask_check").map(e::maskCheck).orElse(e);
    }

    /**
     * A torchvision builder's {@code weights} and {@code progress}: weights may only be None (flopcheck counts the
     * architecture; pretrained weights would also fix num_classes), progress changes nothing.
     */
    private static void noWeights(Arguments a) {
        Optional<Value> weights = a.value("weights");
        if (weights.isPresent()) {
            throw new InvalidSpecException(weights.get().location(), a.type() + " argument 'weights' must be null:"
                    + " flopcheck counts the architecture, never pretrained weights");
        }
        a.bool("progress");
    }

    private static ResNet resnet(ResNet model, Arguments a) {
        noWeights(a);
        ResNet m = model;
        m = a.integer("num_classes").map(m::numClasses).orElse(m);
        m = a.bool("zero_init_residual").map(m::zeroInitResidual).orElse(m);
        m = a.integer("groups").map(m::groups).orElse(m);
        m = a.integer("width_per_group").map(m::widthPerGroup).orElse(m);
        Optional<Value> dilation = a.value("replace_stride_with_dilation");
        if (dilation.isPresent()) {
            if (!(dilation.get() instanceof Value.ListValue list)) {
                throw new InvalidSpecException(dilation.get().location(), a.type() + " argument"
                        + " 'replace_stride_with_dilation' must be a list of 3 booleans, got "
                        + Arguments.describe(dilation.get()));
            }
            boolean[] flags = new boolean[list.items().size()];
            for (int i = 0; i < flags.length; i++) {
                if (!(list.items().get(i) instanceof Value.Bool b)) {
                    throw new InvalidSpecException(list.items().get(i).location(), a.type() + " argument"
                            + " 'replace_stride_with_dilation[" + i + "]' must be true or false, got "
                            + Arguments.describe(list.items().get(i)));
                }
                flags[i] = b.value();
            }
            m = m.replaceStrideWithDilation(flags);
        }
        return m;
    }

    private static Layer mobilenetV2(Arguments a) {
        noWeights(a);
        MobileNetV2 m = MobileNetV2.of();
        m = a.integer("num_classes").map(m::numClasses).orElse(m);
        m = a.real("width_mult").map(m::widthMult).orElse(m);
        m = a.integer("round_nearest").map(m::roundNearest).orElse(m);
        m = a.real("dropout").map(m::dropout).orElse(m);
        Optional<Value> setting = a.value("inverted_residual_setting");
        if (setting.isPresent()) {
            String expected = "a list of [t, c, n, s] rows of integers";
            if (!(setting.get() instanceof Value.ListValue rows)) {
                throw new InvalidSpecException(setting.get().location(), a.type() + " argument"
                        + " 'inverted_residual_setting' must be " + expected + ", got "
                        + Arguments.describe(setting.get()));
            }
            long[][] table = new long[rows.items().size()][];
            for (int r = 0; r < table.length; r++) {
                Value row = rows.items().get(r);
                if (!(row instanceof Value.ListValue cells)) {
                    throw new InvalidSpecException(row.location(), a.type() + " argument"
                            + " 'inverted_residual_setting[" + r + "]' must be a list of integers [t, c, n, s], got "
                            + Arguments.describe(row));
                }
                table[r] = new long[cells.items().size()];
                for (int c = 0; c < table[r].length; c++) {
                    if (!(cells.items().get(c) instanceof Value.Int n)) {
                        throw new InvalidSpecException(cells.items().get(c).location(), a.type() + " argument"
                                + " 'inverted_residual_setting[" + r + "][" + c + "]' must be an integer, got "
                                + Arguments.describe(cells.items().get(c)));
                    }
                    table[r][c] = n.value();
                }
            }
            m = m.invertedResidualSetting(table);
        }
        return m;
    }

    private static AlexNet alexnet(Arguments a) {
        noWeights(a);
        AlexNet m = AlexNet.of();
        m = a.integer("num_classes").map(m::numClasses).orElse(m);
        return a.real("dropout").map(m::dropout).orElse(m);
    }

    private static VGG vgg(VGG model, Arguments a) {
        noWeights(a);
        VGG m = model;
        m = a.integer("num_classes").map(m::numClasses).orElse(m);
        m = a.bool("init_weights").map(m::initWeights).orElse(m);
        return a.real("dropout").map(m::dropout).orElse(m);
    }

    /** {@code {"type": "Residual", "body": {...}, "shortcut": {...}}}; a child's "name" renames its row. */
    private static Layer residual(Arguments a) {
        Value.Obj bodySpec = a.requiredObject("body");
        Residual r = Residual.of(SpecReader.rowName(bodySpec).orElse("body"), SpecReader.layer(bodySpec));
        Optional<Value.Obj> shortcutSpec = a.object("shortcut");
        if (shortcutSpec.isPresent()) {
            String name = SpecReader.rowName(shortcutSpec.get()).orElse("shortcut");
            if (name.equals(SpecReader.rowName(bodySpec).orElse("body"))) {
                throw new InvalidSpecException(shortcutSpec.get().location(), "Residual row name '" + name
                        + "' is used by both body and shortcut");
            }
            r = r.shortcut(name, SpecReader.layer(shortcutSpec.get()));
        }
        return r;
    }

    /** {@code {"type": "Parallel", "branches": [...], "join": "concat", "dim": 1}}; rows "0", "1", ... or "name". */
    private static Layer parallel(Arguments a) {
        List<Value.Obj> rows = a.objects("branches");
        if (rows.isEmpty()) {
            throw new InvalidSpecException(a.locationOf("branches"), "Parallel argument 'branches' must list at"
                    + " least one layer object");
        }
        String join = a.string("join").orElseThrow(() -> new InvalidSpecException(a.location(), "Parallel needs"
                + " argument 'join' (\"concat\", \"add\" or \"mul\")"));
        Map<String, Layer> named = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Value.Obj row = rows.get(i);
            String name = SpecReader.rowName(row).orElse(String.valueOf(i));
            if (named.containsKey(name)) {
                throw new InvalidSpecException(row.fields().get("name").location(), "Parallel branch name '" + name
                        + "' is used twice");
            }
            named.put(name, SpecReader.layer(row));
        }
        Parallel p = Parallel.of(join, named);
        return a.integer("dim").map(d -> p.dim(Math.toIntExact(d))).orElse(p);
    }

    /** {@code {"type": "Repeat", "layer": {...}, "times": 32}}; the copies are rows "0" to "times − 1". */
    private static Layer repeat(Arguments a) {
        Value.Obj layer = a.requiredObject("layer");
        if (layer.fields().containsKey("name")) {
            throw new InvalidSpecException(layer.fields().get("name").location(), "Repeat names its copies 0 to"
                    + " times − 1; the repeated layer cannot have a \"name\"");
        }
        long times = a.requiredInteger("times");
        return Repeat.of(SpecReader.layer(layer), times);
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
