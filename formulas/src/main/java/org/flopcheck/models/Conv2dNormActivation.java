package org.flopcheck.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.ForwardCalls;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.ModuleRepr;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.ReLU6;
import org.flopcheck.layers.SiLU;
import org.flopcheck.shape.Shape;

/**
 * A convolution, a normalisation and an activation in a row, mirroring torchvision 0.14's
 * {@code torchvision.ops.misc.Conv2dNormActivation(in_channels, out_channels, kernel_size=3, stride=1,
 * padding=None, groups=1, norm_layer=BatchNorm2d, activation_layer=ReLU, dilation=1, inplace=True, bias=None)}.
 * In torchvision it is a subclass of {@code torch.nn.Sequential}: its type is {@code Conv2dNormActivation}, its
 * rows are named {@code 0}, {@code 1}, {@code 2} and its forward is Sequential's, each row on the previous
 * output.
 *
 * <p><b>Rows.</b> {@code 0} = {@code Conv2d(in_channels, out_channels, kernel_size, stride, padding,
 * dilation=dilation, groups=groups, bias=bias)} with {@code padding = (kernel_size − 1)/2·dilation} (floor division)
 * unless given and {@code bias} defaulting to "no norm layer"; then {@code BatchNorm2d(out_channels)} unless the
 * norm layer is None; then the activation ({@code ReLU}, {@code ReLU6} or {@code SiLU}, with
 * {@code inplace=inplace}) unless it is None.
 *
 * <p><b>Counts.</b> No parameters or operations of its own: the rows'.
 *
 * <p><b>Worked example.</b> MobileNetV2's stem {@code Conv2dNormActivation(3, 32, stride=2,
 * activation_layer=ReLU6)} on {@code (1, 3, 224, 224)}: {@code Conv2d(3, 32, 3, stride=2, padding=1, bias=False)}
 * gives {@code (1, 32, 112, 112)}; 864 convolution weights and 64 batch-norm parameters, 928 in all;
 * {@code 112·112·32·27 = 10,838,016} MACs.
 */
public final class Conv2dNormActivation implements Layer {
    private static final String TYPE = "Conv2dNormActivation";
    private static final List<String> ACTIVATIONS = List.of("ReLU", "ReLU6", "SiLU");

    private final long inChannels;
    private final long outChannels;
    private final long kernelSize;
    private final long stride;
    private final OptionalLong padding;
    private final long groups;
    private final boolean norm;
    private final Optional<String> activation;
    private final long dilation;
    private final Optional<Boolean> inplace;
    private final Optional<Boolean> bias;
    /** The rows, built once from the arguments above. */
    private final Map<String, Layer> rows;

    private Conv2dNormActivation(long inChannels, long outChannels, long kernelSize, long stride, OptionalLong padding,
                                 long groups, boolean norm, Optional<String> activation, long dilation,
                                 Optional<Boolean> inplace, Optional<Boolean> bias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        this.norm = norm;
        if (activation.isPresent() && !ACTIVATIONS.contains(activation.get())) {
            throw new InvalidArgumentException("activation_layer", TYPE + ": activation_layer '" + activation.get()
                    + "' is not one of 'ReLU', 'ReLU6', 'SiLU' or None");
        }
        this.activation = activation;
        this.dilation = dilation;
        this.inplace = inplace;
        this.bias = bias;
        this.rows = makeRows();   // the convolution checks its arguments as Conv2d does
    }

    /** {@code Conv2dNormActivation(in_channels, out_channels)}: 3×3, BatchNorm2d, ReLU(inplace=True). */
    public static Conv2dNormActivation of(long inChannels, long outChannels) {
        return new Conv2dNormActivation(inChannels, outChannels, 3, 1, OptionalLong.empty(), 1, true,
                Optional.of("ReLU"), 1, Optional.of(true), Optional.empty());
    }

    /** A square kernel's size; torchvision's default is 3. */
    public Conv2dNormActivation kernelSize(long kernelSize) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, padding, groups, norm, activation,
                dilation, inplace, bias);
    }

    /** torchvision's default is 1. */
    public Conv2dNormActivation stride(long stride) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, padding, groups, norm, activation,
                dilation, inplace, bias);
    }

    /** Explicit padding; torchvision's default (None) is {@code (kernel_size − 1)/2·dilation}. */
    public Conv2dNormActivation padding(long padding) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, OptionalLong.of(padding), groups,
                norm, activation, dilation, inplace, bias);
    }

    /** torchvision's default is 1; {@code groups = in_channels} makes it depthwise. */
    public Conv2dNormActivation groups(long groups) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, padding, groups, norm, activation,
                dilation, inplace, bias);
    }

    /** Whether the norm layer is {@code BatchNorm2d} (torchvision's default) rather than None. */
    public Conv2dNormActivation normLayer(boolean batchNorm) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, padding, groups, batchNorm,
                activation, dilation, inplace, bias);
    }

    /**
     * The activation's class name, {@code ReLU} (torchvision's default), {@code ReLU6} or {@code SiLU}; null for
     * None.
     */
    public Conv2dNormActivation activationLayer(String activation) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, padding, groups, norm,
                Optional.ofNullable(activation), dilation, inplace, bias);
    }

    /** torchvision's default is 1. */
    public Conv2dNormActivation dilation(long dilation) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, padding, groups, norm, activation,
                dilation, inplace, bias);
    }

    /**
     * The activation's {@code inplace}; torchvision's default is true, and null (None) builds the activation with its
     * own default (false). Counts do not change.
     */
    public Conv2dNormActivation inplace(Boolean inplace) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, padding, groups, norm, activation,
                dilation, Optional.ofNullable(inplace), bias);
    }

    /** Whether the convolution has a bias; torchvision's default (None) is "only without a norm layer". */
    public Conv2dNormActivation bias(boolean bias) {
        return new Conv2dNormActivation(inChannels, outChannels, kernelSize, stride, padding, groups, norm, activation,
                dilation, inplace, Optional.of(bias));
    }

    public long inChannels() {
        return inChannels;
    }

    /** torchvision's {@code out_channels} attribute. */
    public long outChannels() {
        return outChannels;
    }

    /** Row {@code 0}. */
    public Conv2d conv() {
        return (Conv2d) rows.get("0");
    }

    /** The rows by name, in call order. */
    public Map<String, Layer> rows() {
        return new LinkedHashMap<>(rows);
    }

    private Map<String, Layer> makeRows() {
        long pad = padding.orElse((kernelSize - 1) / 2 * dilation);
        Map<String, Layer> rows = new LinkedHashMap<>();
        rows.put("0", Conv2d.of(inChannels, outChannels, kernelSize).stride(stride).padding(pad).dilation(dilation)
                .groups(groups).bias(bias.orElse(!norm)));
        if (norm) {
            rows.put(String.valueOf(rows.size()), BatchNorm2d.of(outChannels));
        }
        if (activation.isPresent()) {
            boolean in = inplace.orElse(false);
            Layer act = switch (activation.get()) {
                case "ReLU" -> ReLU.of().inplace(in);
                case "ReLU6" -> ReLU6.of().inplace(in);
                default -> SiLU.of().inplace(in);
            };
            rows.put(String.valueOf(rows.size()), act);
        }
        return java.util.Collections.unmodifiableMap(rows);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = TensorOps.single(TYPE, inputs);
        Worksheet w = new Worksheet(TYPE);
        w.note(Stage.SHAPE, "a torch.nn.Sequential subclass: its rows run in order, each on the previous output");
        ForwardCalls calls = new ForwardCalls();
        Shape h = x;
        for (Map.Entry<String, Layer> row : rows.entrySet()) {
            h = calls.call(row.getKey(), row.getValue(), h);
        }
        return Analysis.composite(this, inputs, h, w, calls.children());
    }

    /** torch's Sequential repr under torchvision's class name: {@code Conv2dNormActivation(\n  (0): ...)}. */
    @Override
    public String toString() {
        return ModuleRepr.of(TYPE, rows);
    }
}
