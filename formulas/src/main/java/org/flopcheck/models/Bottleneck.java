package org.flopcheck.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.TermKind;

/**
 * The residual block of ResNet-50 and deeper, mirroring torchvision 0.14's
 * {@code torchvision.models.resnet.Bottleneck(inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
 * dilation=1)} (ResNet V1.5: the stride sits on the 3×3 convolution): a 1×1 convolution down to {@code width}
 * channels, a 3×3 convolution, a 1×1 convolution up to {@code 4·planes}, each followed by batch norm, added to the
 * block's input.
 *
 * <p><b>Submodules</b> (registration order), with {@code width = ⌊planes·base_width/64⌋·groups}: {@code conv1} =
 * {@code Conv2d(inplanes, width, 1, bias=False)}, {@code bn1}, {@code conv2} = {@code Conv2d(width, width, 3,
 * stride, padding=dilation, groups=groups, dilation=dilation, bias=False)}, {@code bn2}, {@code conv3} =
 * {@code Conv2d(width, 4·planes, 1, bias=False)}, {@code bn3}, {@code relu} = {@code ReLU(inplace=True)}, and
 * {@code downsample} when given.
 *
 * <p><b>Calls</b> in forward order: {@code conv1, bn1, relu, conv2, bn2, relu, conv3, bn3}, then
 * {@code downsample} on the block's input, the residual addition {@code out += identity}, and {@code relu}: the one
 * {@code relu} module is called three times, so it is a child three times under one name.
 *
 * <p><b>Shapes.</b> Input {@code (N, inplanes, H, W)}; output {@code (N, 4·planes, H', W')},
 * {@code H' = ⌊(H − 1)/stride⌋ + 1}.
 *
 * <p><b>Own operations.</b> residual additions {@code N·C·H'·W'} ({@code out += identity}, {@code C = 4·planes});
 * everything else is in the submodules.
 *
 * <p><b>Worked example.</b> ResNet-50's {@code layer1.0}, {@code Bottleneck(64, 64)} with the downsample
 * {@code Sequential(Conv2d(64, 256, 1, bias=False), BatchNorm2d(256))}, on {@code (1, 64, 56, 56)}: convolution
 * weights {@code 64·64 + 64·64·9 + 64·256 + 64·256 = 73,728}, batch norms {@code 2·(64 + 64 + 256 + 256) = 1,280},
 * 75,008 parameters; {@code 56·56·73,728 = 231,211,008} MACs; {@code 256·56·56 = 802,816} residual additions.
 */
public final class Bottleneck implements Layer {
    /** torchvision's {@code Bottleneck.expansion}: output channels are {@code 4·planes}. */
    public static final int EXPANSION = 4;

    private static final String TYPE = "Bottleneck";
    private static final TermKind RESIDUAL = TensorOps.residualTerm("residual additions (out += identity)",
            "out += identity");

    private final long inplanes;
    private final long planes;
    private final long stride;
    private final Optional<Layer> downsample;
    private final long groups;
    private final long baseWidth;
    private final long dilation;
    // the submodules, built once from the arguments above, as torchvision's __init__ builds them
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;
    private final ReLU relu;

    private Bottleneck(long inplanes, long planes, long stride, Optional<Layer> downsample, long groups,
                       long baseWidth, long dilation) {
        this.inplanes = inplanes;
        this.planes = planes;
        this.stride = stride;
        this.downsample = Objects.requireNonNull(downsample, "downsample");
        this.groups = groups;
        this.baseWidth = baseWidth;
        this.dilation = dilation;
        this.conv1 = ResNet.conv1x1(inplanes, width(), 1);   // checks the arguments as the convolutions do
        this.conv2 = ResNet.conv3x3(width(), width(), stride, groups, dilation);
        this.conv3 = ResNet.conv1x1(width(), outChannels(), 1);
        this.bn1 = BatchNorm2d.of(width());
        this.bn2 = BatchNorm2d.of(width());
        this.bn3 = BatchNorm2d.of(outChannels());
        this.relu = BasicBlock.relu();
    }

    /** {@code Bottleneck(inplanes, planes)}: stride 1, no downsample, groups 1, base width 64. */
    public static Bottleneck of(long inplanes, long planes) {
        return new Bottleneck(inplanes, planes, 1, Optional.empty(), 1, 64, 1);
    }

    /** The stride of {@code conv2}; torchvision's default is 1. */
    public Bottleneck stride(long stride) {
        return new Bottleneck(inplanes, planes, stride, downsample, groups, baseWidth, dilation);
    }

    /** The module that maps the block's input to the identity it adds; torchvision's default is None. */
    public Bottleneck downsample(Layer downsample) {
        return new Bottleneck(inplanes, planes, stride, Optional.of(downsample), groups, baseWidth, dilation);
    }

    /** Groups of {@code conv2}; torchvision's default is 1 (ResNeXt uses 32). */
    public Bottleneck groups(long groups) {
        return new Bottleneck(inplanes, planes, stride, downsample, groups, baseWidth, dilation);
    }

    /** Width per group; torchvision's default is 64 (Wide ResNet uses 128). */
    public Bottleneck baseWidth(long baseWidth) {
        return new Bottleneck(inplanes, planes, stride, downsample, groups, baseWidth, dilation);
    }

    /** Dilation (and padding) of {@code conv2}; torchvision's default is 1. */
    public Bottleneck dilation(long dilation) {
        return new Bottleneck(inplanes, planes, stride, downsample, groups, baseWidth, dilation);
    }

    public long inplanes() {
        return inplanes;
    }

    public long planes() {
        return planes;
    }

    public long stride() {
        return stride;
    }

    public Optional<Layer> downsample() {
        return downsample;
    }

    /** {@code ⌊planes·base_width/64⌋·groups}, torchvision's {@code int(planes * (base_width / 64.0)) * groups}. */
    public long width() {
        return Math.multiplyExact(Math.multiplyExact(planes, baseWidth) / 64, groups);
    }

    /** {@code 4·planes}, the block's output channels. */
    public long outChannels() {
        return Math.multiplyExact(planes, EXPANSION);
    }

    Conv2d conv1() {
        return conv1;
    }

    Conv2d conv2() {
        return conv2;
    }

    Conv2d conv3() {
        return conv3;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = TensorOps.single(TYPE, inputs);
        Worksheet w = TensorOps.residualWorksheet(TYPE);
        w.note(Stage.SHAPE, () -> "width = ⌊planes·base_width/64⌋·groups = ⌊" + planes + "·" + baseWidth + "/64⌋·"
                + groups + " = " + width());
        ForwardCalls calls = new ForwardCalls();
        Shape out = calls.call("conv1", conv1, x);
        out = calls.call("bn1", bn1, out);
        out = calls.call("relu", relu, out);
        out = calls.call("conv2", conv2, out);
        out = calls.call("bn2", bn2, out);
        out = calls.call("relu", relu, out);
        out = calls.call("conv3", conv3, out);
        out = calls.call("bn3", bn3, out);
        Shape identity = x;
        if (downsample.isPresent()) {
            Shape downsampled = calls.call("downsample", downsample.get(), x);
            identity = downsampled;
            w.note(Stage.SHAPE, () -> "identity = downsample(x): " + x + " → " + downsampled);
        } else {
            w.note(Stage.SHAPE, () -> "identity = x, the block's input " + x);
        }
        TensorOps.residual(w, TYPE, out, identity, RESIDUAL, "out += identity");
        out = calls.call("relu", relu, out);
        w.note(Stage.TOTALS, "relu is one module called three times: after bn1, after bn2 and after the residual"
                + " addition");
        return Analysis.composite(this, inputs, out, w, calls.children());
    }

    /** torchvision's repr: {@code conv1, bn1, conv2, bn2, conv3, bn3, relu}, then {@code downsample} when given. */
    @Override
    public String toString() {
        Map<String, Object> submodules = new LinkedHashMap<>();
        submodules.put("conv1", conv1);
        submodules.put("bn1", bn1);
        submodules.put("conv2", conv2);
        submodules.put("bn2", bn2);
        submodules.put("conv3", conv3);
        submodules.put("bn3", bn3);
        submodules.put("relu", relu);
        downsample.ifPresent(d -> submodules.put("downsample", d));
        return ModuleRepr.of(TYPE, submodules);
    }
}
