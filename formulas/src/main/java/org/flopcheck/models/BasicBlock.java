package org.flopcheck.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.TermKind;

/**
 * The residual block of ResNet-18 and ResNet-34, mirroring torchvision 0.14's
 * {@code torchvision.models.resnet.BasicBlock(inplanes, planes, stride=1, downsample=None, groups=1,
 * base_width=64, dilation=1)}: two 3×3 convolutions, each followed by batch norm, added to the block's input.
 *
 * <p><b>Submodules</b> (registration order): {@code conv1} = {@code Conv2d(inplanes, planes, 3, stride, padding=1,
 * bias=False)}, {@code bn1} = {@code BatchNorm2d(planes)}, {@code relu} = {@code ReLU(inplace=True)}, {@code conv2}
 * = {@code Conv2d(planes, planes, 3, padding=1, bias=False)}, {@code bn2} = {@code BatchNorm2d(planes)}, and
 * {@code downsample} when given (in ResNet {@code Sequential(Conv2d(inplanes, planes, 1, stride, bias=False),
 * BatchNorm2d(planes))}, where the stride or the channels change).
 *
 * <p><b>Calls</b> in forward order: {@code conv1, bn1, relu, conv2, bn2}, then {@code downsample} on the block's
 * input (after {@code bn2}, as torchvision's forward does), the residual addition {@code out += identity}, and
 * {@code relu} again: the one {@code relu} module is called twice, so it is a child twice under one name.
 *
 * <p><b>Shapes.</b> Input {@code (N, inplanes, H, W)} (4-D: BatchNorm2d refuses other ranks); output
 * {@code (N, planes, H', W')}, {@code H' = ⌊(H − 1)/stride⌋ + 1}.
 *
 * <p><b>Own operations.</b> residual additions {@code N·C·H'·W'} ({@code out += identity}, one per element, with
 * {@code C = planes}); everything else is in the submodules. torch adds in place, so {@code identity} must
 * broadcast to {@code out}: without a {@code downsample}, a block that changes the shape is refused as torch
 * refuses it.
 *
 * <p><b>Worked example.</b> {@code BasicBlock(64, 64)} (ResNet-18's {@code layer1.0}) on {@code (1, 64, 56, 56)}:
 * {@code 2·64·64·9 = 73,728} convolution weights and {@code 2·2·64 = 256} batch-norm weights and biases, 73,984
 * parameters; {@code 2·56·56·64·64·9 = 231,211,008} MACs; {@code 64·56·56 = 200,704} residual additions and, in
 * the two {@code relu} calls, {@code 2·200,704 = 401,408} comparisons.
 */
public final class BasicBlock implements Layer {
    /** torchvision's {@code BasicBlock.expansion}: output channels are {@code planes}. */
    public static final int EXPANSION = 1;

    private static final String TYPE = "BasicBlock";
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
    private final ReLU relu;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;

    private BasicBlock(long inplanes, long planes, long stride, Optional<Layer> downsample, long groups,
                       long baseWidth, long dilation) {
        this.inplanes = inplanes;
        this.planes = planes;
        this.stride = stride;
        this.downsample = Objects.requireNonNull(downsample, "downsample");
        if (groups != 1 || baseWidth != 64) {
            throw new InvalidArgumentException(groups != 1 ? "groups" : "base_width", TYPE + ": groups (" + groups
                    + ") and base_width (" + baseWidth + ") must be 1 and 64; torchvision: BasicBlock only supports"
                    + " groups=1 and base_width=64");
        }
        if (dilation > 1) {
            throw new InvalidArgumentException("dilation", TYPE + ": dilation (" + dilation + ") must be 1;"
                    + " torchvision: Dilation > 1 not supported in BasicBlock");
        }
        this.groups = groups;
        this.baseWidth = baseWidth;
        this.dilation = dilation;
        this.conv1 = ResNet.conv3x3(inplanes, planes, stride, 1, 1);   // checks the channels and the stride
        this.bn1 = BatchNorm2d.of(planes);
        this.relu = relu();
        this.conv2 = ResNet.conv3x3(planes, planes, 1, 1, 1);
        this.bn2 = BatchNorm2d.of(planes);
    }

    /** {@code BasicBlock(inplanes, planes)}: stride 1, no downsample. */
    public static BasicBlock of(long inplanes, long planes) {
        return new BasicBlock(inplanes, planes, 1, Optional.empty(), 1, 64, 1);
    }

    /** The stride of {@code conv1}; torchvision's default is 1. */
    public BasicBlock stride(long stride) {
        return new BasicBlock(inplanes, planes, stride, downsample, groups, baseWidth, dilation);
    }

    /** The module that maps the block's input to the identity it adds; torchvision's default is None. */
    public BasicBlock downsample(Layer downsample) {
        return new BasicBlock(inplanes, planes, stride, Optional.of(downsample), groups, baseWidth, dilation);
    }

    /** Must be 1 (torchvision's default), as torchvision requires. */
    public BasicBlock groups(long groups) {
        return new BasicBlock(inplanes, planes, stride, downsample, groups, baseWidth, dilation);
    }

    /** Must be 64 (torchvision's default), as torchvision requires. */
    public BasicBlock baseWidth(long baseWidth) {
        return new BasicBlock(inplanes, planes, stride, downsample, groups, baseWidth, dilation);
    }

    /** Must be 1 (torchvision's default): torchvision raises NotImplementedError for more. */
    public BasicBlock dilation(long dilation) {
        return new BasicBlock(inplanes, planes, stride, downsample, groups, baseWidth, dilation);
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

    Conv2d conv1() {
        return conv1;
    }

    Conv2d conv2() {
        return conv2;
    }

    static ReLU relu() {
        return ReLU.of().inplace(true);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = TensorOps.single(TYPE, inputs);
        Worksheet w = TensorOps.residualWorksheet(TYPE);
        ForwardCalls calls = new ForwardCalls();
        Shape out = calls.call("conv1", conv1, x);
        out = calls.call("bn1", bn1, out);
        out = calls.call("relu", relu, out);
        out = calls.call("conv2", conv2, out);
        out = calls.call("bn2", bn2, out);
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
        w.note(Stage.TOTALS, "relu is one module called twice: after bn1 and after the residual addition");
        return Analysis.composite(this, inputs, out, w, calls.children());
    }

    /** torchvision's repr: {@code conv1, bn1, relu, conv2, bn2}, then {@code downsample} when given. */
    @Override
    public String toString() {
        Map<String, Object> submodules = new LinkedHashMap<>();
        submodules.put("conv1", conv1);
        submodules.put("bn1", bn1);
        submodules.put("relu", relu);
        submodules.put("conv2", conv2);
        submodules.put("bn2", bn2);
        downsample.ifPresent(d -> submodules.put("downsample", d));
        return ModuleRepr.of(TYPE, submodules);
    }
}
