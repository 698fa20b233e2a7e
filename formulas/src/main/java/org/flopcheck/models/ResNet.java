package org.flopcheck.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.AdaptiveAvgPool2d;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.ForwardCalls;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MaxPool2d;
import org.flopcheck.layers.ModuleRepr;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;

/**
 * A residual network for image classification, mirroring torchvision 0.14's
 * {@code torchvision.models.resnet.ResNet(block, layers, num_classes=1000, zero_init_residual=False, groups=1,
 * width_per_group=64, replace_stride_with_dilation=None)} as built by {@code resnet18()} ({@link BasicBlock},
 * {@code [2, 2, 2, 2]}) and {@code resnet50()} ({@link Bottleneck}, {@code [3, 4, 6, 3]}).
 *
 * <p><b>Submodules</b> (registration order): {@code conv1} = {@code Conv2d(3, 64, 7, stride=2, padding=3,
 * bias=False)}, {@code bn1} = {@code BatchNorm2d(64)}, {@code relu} = {@code ReLU(inplace=True)}, {@code maxpool}
 * = {@code MaxPool2d(3, stride=2, padding=1)}, {@code layer1} to {@code layer4} ({@code Sequential}s of blocks
 * named {@code 0}, {@code 1}, ...; planes 64, 128, 256, 512; stride 1, 2, 2, 2 on the first block of each, which
 * also gets a {@code downsample} {@code Sequential(Conv2d(inplanes, expansion·planes, 1, stride, bias=False),
 * BatchNorm2d(expansion·planes))} wherever the stride or the channels change), {@code avgpool} =
 * {@code AdaptiveAvgPool2d((1, 1))} and {@code fc} = {@code Linear(512·expansion, num_classes)}.
 *
 * <p><b>Calls</b> in forward order: {@code conv1, bn1, relu, maxpool, layer1, layer2, layer3, layer4, avgpool},
 * then {@code torch.flatten(x, 1)} (a function in the forward: a view, no operations), then {@code fc}. The
 * blocks' own calls and residual additions are described in {@link BasicBlock} and {@link Bottleneck}; their
 * {@code relu} modules are called two or three times each.
 *
 * <p><b>Shapes.</b> Input {@code (N, 3, H, W)}; output {@code (N, num_classes)}. Every BatchNorm2d requires 4-D
 * input, so an unbatched image is refused as torch refuses it.
 *
 * <p><b>Parameters.</b> The submodules'; running statistics of the batch norms are buffers.
 *
 * <p><b>Worked example.</b> {@code resnet18()} has {@code 11,689,512} parameters: {@code conv1} 9,408,
 * {@code bn1} 128, {@code layer1} 147,968, {@code layer2} 525,568, {@code layer3} 2,099,712, {@code layer4}
 * 8,393,728, {@code fc} 513,000. {@code resnet50()} has {@code 25,557,032}.
 */
public final class ResNet implements Layer {
    private static final String TYPE = "ResNet";
    private static final long[] PLANES = {64, 128, 256, 512};
    private static final long[] STRIDES = {1, 2, 2, 2};

    /** The residual block a ResNet is built from: torchvision's {@code BasicBlock} or {@code Bottleneck}. */
    public enum Block {
        BASIC_BLOCK(BasicBlock.EXPANSION),
        BOTTLENECK(Bottleneck.EXPANSION);

        private final int expansion;

        Block(int expansion) {
            this.expansion = expansion;
        }

        /** Output channels per plane: 1 or 4. */
        public int expansion() {
            return expansion;
        }
    }

    private final Block block;
    private final long[] layers;
    private final long numClasses;
    private final boolean zeroInitResidual;
    private final long groups;
    private final long widthPerGroup;
    private final boolean[] replaceStrideWithDilation;
    private final List<Sequential> stages;
    // the submodules around the stages, built once, as torchvision's __init__ builds them
    private final Conv2d conv1 = stem();
    private final BatchNorm2d bn1 = BatchNorm2d.of(64);
    private final ReLU relu = ReLU.of().inplace(true);
    private final MaxPool2d maxpool = maxpool();
    private final AdaptiveAvgPool2d avgpool = avgpool();
    private final Linear fc;

    private static final String[] STAGE_NAMES = {"layer1", "layer2", "layer3", "layer4"};

    private ResNet(Block block, long[] layers, long numClasses, boolean zeroInitResidual, long groups,
                   long widthPerGroup, boolean[] replaceStrideWithDilation) {
        this.block = Objects.requireNonNull(block, "block");
        if (layers.length != 4) {
            throw new InvalidArgumentException("layers", TYPE + ": layers must give the number of blocks of each of"
                    + " the 4 stages, got " + layers.length + " " + Arrays.toString(layers));
        }
        for (long n : layers) {
            if (n < 1) {
                throw new InvalidArgumentException("layers", TYPE + ": every stage needs at least one block, got "
                        + Arrays.toString(layers) + " (torchvision would build one block for 0)");
            }
        }
        this.layers = layers.clone();
        if (numClasses < 1) {
            throw new InvalidArgumentException("num_classes", TYPE + ": num_classes (" + numClasses
                    + ") must be positive");
        }
        this.numClasses = numClasses;
        this.zeroInitResidual = zeroInitResidual;
        this.groups = groups;
        this.widthPerGroup = widthPerGroup;
        if (replaceStrideWithDilation.length != 3) {
            throw new InvalidArgumentException("replace_stride_with_dilation", TYPE + ":"
                    + " replace_stride_with_dilation must have 3 entries, got " + replaceStrideWithDilation.length
                    + "; torchvision: replace_stride_with_dilation should be None or a 3-element tuple");
        }
        this.replaceStrideWithDilation = replaceStrideWithDilation.clone();
        this.stages = makeStages();
        this.fc = fc();
    }

    /** {@code ResNet(block, layers)}: the blocks per stage (4 entries) and torchvision's defaults. */
    public static ResNet of(Block block, long... layers) {
        return new ResNet(block, layers, 1000, false, 1, 64, new boolean[3]);
    }

    /** {@code torchvision.models.resnet18()}: BasicBlock, {@code [2, 2, 2, 2]}. */
    public static ResNet resnet18() {
        return of(Block.BASIC_BLOCK, 2, 2, 2, 2);
    }

    /** {@code torchvision.models.resnet50()}: Bottleneck, {@code [3, 4, 6, 3]}. */
    public static ResNet resnet50() {
        return of(Block.BOTTLENECK, 3, 4, 6, 3);
    }

    /** Output features of {@code fc}; torchvision's default is 1000. */
    public ResNet numClasses(long numClasses) {
        return new ResNet(block, layers, numClasses, zeroInitResidual, groups, widthPerGroup,
                replaceStrideWithDilation);
    }

    /** An initialisation choice (the last norm of each block starts at zero); torchvision's default is false. */
    public ResNet zeroInitResidual(boolean zeroInitResidual) {
        return new ResNet(block, layers, numClasses, zeroInitResidual, groups, widthPerGroup,
                replaceStrideWithDilation);
    }

    /** Groups of each block's 3×3 convolution; torchvision's default is 1 (BasicBlock allows only 1). */
    public ResNet groups(long groups) {
        return new ResNet(block, layers, numClasses, zeroInitResidual, groups, widthPerGroup,
                replaceStrideWithDilation);
    }

    /** The blocks' {@code base_width}; torchvision's default is 64 (BasicBlock allows only 64). */
    public ResNet widthPerGroup(long widthPerGroup) {
        return new ResNet(block, layers, numClasses, zeroInitResidual, groups, widthPerGroup,
                replaceStrideWithDilation);
    }

    /**
     * For {@code layer2}, {@code layer3}, {@code layer4}: whether the stride 2 is replaced by dilation; torchvision's
     * default (None) is all false. BasicBlock does not support dilation.
     */
    public ResNet replaceStrideWithDilation(boolean... replaceStrideWithDilation) {
        return new ResNet(block, layers, numClasses, zeroInitResidual, groups, widthPerGroup,
                replaceStrideWithDilation);
    }

    public Block block() {
        return block;
    }

    /** Blocks per stage. */
    public long[] layers() {
        return layers.clone();
    }

    public long numClasses() {
        return numClasses;
    }

    public boolean zeroInitResidual() {
        return zeroInitResidual;
    }

    /** {@code layer1} to {@code layer4}. */
    public List<Sequential> stages() {
        return stages;
    }

    /**
     * torchvision's {@code conv3x3}: {@code Conv2d(in, out, 3, stride, padding=dilation, groups, bias=False,
     * dilation)}.
     */
    static Conv2d conv3x3(long in, long out, long stride, long groups, long dilation) {
        return Conv2d.of(in, out, 3).stride(stride).padding(dilation).groups(groups).bias(false).dilation(dilation);
    }

    /** torchvision's {@code conv1x1}: {@code Conv2d(in, out, 1, stride, bias=False)}. */
    static Conv2d conv1x1(long in, long out, long stride) {
        return Conv2d.of(in, out, 1).stride(stride).bias(false);
    }

    /** torchvision's {@code _make_layer}, four times. */
    private List<Sequential> makeStages() {
        List<Sequential> built = new ArrayList<>();
        long inplanes = 64;
        long dilation = 1;
        for (int s = 0; s < 4; s++) {
            long planes = PLANES[s];
            long stride = STRIDES[s];
            long previousDilation = dilation;
            if (s > 0 && replaceStrideWithDilation[s - 1]) {
                dilation *= stride;
                stride = 1;
            }
            long out = planes * block.expansion();
            Layer downsample = null;
            if (stride != 1 || inplanes != out) {
                downsample = Sequential.of(conv1x1(inplanes, out, stride), BatchNorm2d.of(out));
            }
            Map<String, Layer> blocks = new LinkedHashMap<>();
            blocks.put("0", block(inplanes, planes, stride, downsample, previousDilation));
            inplanes = out;
            // torchvision builds blocks 1.. with one configuration; one immutable layer object stands for them all,
            // so a Sequential analyses it once per input
            Layer same = layers[s] > 1 ? block(inplanes, planes, 1, null, dilation) : null;
            for (int b = 1; b < layers[s]; b++) {
                blocks.put(String.valueOf(b), same);
            }
            built.add(Sequential.of(blocks));
        }
        return List.copyOf(built);
    }

    private Layer block(long inplanes, long planes, long stride, Layer downsample, long dilation) {
        if (block == Block.BASIC_BLOCK) {
            BasicBlock b = BasicBlock.of(inplanes, planes).groups(groups).baseWidth(widthPerGroup).dilation(dilation)
                    .stride(stride);
            return downsample == null ? b : b.downsample(downsample);
        }
        Bottleneck b = Bottleneck.of(inplanes, planes).groups(groups).baseWidth(widthPerGroup).dilation(dilation)
                .stride(stride);
        return downsample == null ? b : b.downsample(downsample);
    }

    private static Conv2d stem() {
        return Conv2d.of(3, 64, 7).stride(2).padding(3).bias(false);
    }

    private static MaxPool2d maxpool() {
        return MaxPool2d.of(3).stride(2).padding(1);
    }

    private static AdaptiveAvgPool2d avgpool() {
        return AdaptiveAvgPool2d.of(1L, 1L);
    }

    private Linear fc() {
        return Linear.of(512L * block.expansion(), numClasses);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = TensorOps.single(TYPE, inputs);
        Worksheet w = new Worksheet(TYPE);
        w.note(Stage.SHAPE, () -> "torchvision ResNet with "
                + (block == Block.BASIC_BLOCK ? "BasicBlock" : "Bottleneck") + " blocks " + Arrays.toString(layers)
                + " per stage");
        ForwardCalls calls = new ForwardCalls();
        Shape h = calls.call("conv1", conv1, x);
        h = calls.call("bn1", bn1, h);
        h = calls.call("relu", relu, h);
        h = calls.call("maxpool", maxpool, h);
        for (int s = 0; s < 4; s++) {
            h = calls.call(STAGE_NAMES[s], stages.get(s), h);
        }
        h = calls.call("avgpool", avgpool, h);
        h = TensorOps.flatten(w, TYPE, h);
        h = calls.call("fc", fc, h);
        return Analysis.composite(this, inputs, h, w, calls.children());
    }

    /** torchvision's repr: {@code conv1, bn1, relu, maxpool, layer1 … layer4, avgpool, fc}. */
    @Override
    public String toString() {
        Map<String, Object> submodules = new LinkedHashMap<>();
        submodules.put("conv1", conv1);
        submodules.put("bn1", bn1);
        submodules.put("relu", relu);
        submodules.put("maxpool", maxpool);
        for (int s = 0; s < 4; s++) {
            submodules.put(STAGE_NAMES[s], stages.get(s));
        }
        submodules.put("avgpool", avgpool);
        submodules.put("fc", fc);
        return ModuleRepr.of(TYPE, submodules);
    }
}
