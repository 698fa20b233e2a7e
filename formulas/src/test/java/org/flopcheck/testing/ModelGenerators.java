package org.flopcheck.testing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.LinkedHashSet;
import java.util.Set;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Sequential;
import org.flopcheck.models.BasicBlock;
import org.flopcheck.models.Bottleneck;
import org.flopcheck.models.Conv2dNormActivation;
import org.flopcheck.models.InvertedResidual;
import org.flopcheck.oracle.BlockOracle;
import org.flopcheck.oracle.ElementwiseOracle;
import org.flopcheck.shape.Shape;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Valid torchvision building blocks on small feature maps, as the models build them (a downsample wherever the
 * stride or the channels change, otherwise sometimes one anyway), each with its oracle run and the regimes it
 * exercises. Feature maps are always 4-D: BatchNorm2d accepts nothing else.
 */
public final class ModelGenerators {
    private ModelGenerators() {
    }

    private static long between(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    private static boolean chance(RandomnessSource in) {
        return booleans().all().generate(in);
    }

    private static long[] featureMap(RandomnessSource in, long channels, Set<String> regimes) {
        return featureMap(in, channels, 1, regimes);
    }

    private static long[] featureMap(RandomnessSource in, long channels, int minSide, Set<String> regimes) {
        long n = between(in, 1, 2);
        long h = between(in, minSide, 6);
        long w = between(in, minSide, 6);
        note(regimes, n > 1, "batch > 1");
        note(regimes, h == 1 || w == 1, "1-pixel side");
        return new long[] {n, channels, h, w};
    }

    /** ResNet's downsample: {@code Sequential(conv1x1(in, out, stride), BatchNorm2d(out))}. */
    private static Sequential downsample(long in, long out, long stride) {
        return Sequential.of(Conv2d.of(in, out, 1).stride(stride).bias(false), BatchNorm2d.of(out));
    }

    public static Gen<OracleCase> basicBlocks() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long inplanes = between(in, 1, 4);
            long planes = between(in, 1, 4);
            long stride = between(in, 1, 2);
            boolean needed = stride != 1 || inplanes != planes;
            boolean downsample = needed || between(in, 0, 3) == 0;
            long[] x = featureMap(in, inplanes, regimes);
            note(regimes, stride == 2, "strided");
            note(regimes, inplanes != planes, "channels change");
            note(regimes, downsample, "downsample");
            note(regimes, !downsample, "identity");
            BasicBlock block = BasicBlock.of(inplanes, planes).stride(stride);
            if (downsample) {
                block = block.downsample(downsample(inplanes, planes, stride));
            }
            return new OracleCase(block, Shape.of(x), () -> BlockOracle.basicBlock(x, planes, stride, downsample),
                    true, regimes);
        };
    }

    public static Gen<OracleCase> bottlenecks() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long planes = between(in, 1, 3);
            long stride = between(in, 1, 2);
            long groups = between(in, 1, 2);
            long baseWidth = new long[] {64, 64, 32, 128}[(int) between(in, 0, 3)];
            long dilation = between(in, 1, 2);
            if (planes * baseWidth < 64) {
                planes = 2;
            }
            long out = 4 * planes;
            long inplanes = chance(in) ? out : between(in, 1, 8);   // as deeper blocks of a stage, or a first block
            boolean needed = stride != 1 || inplanes != out;
            boolean downsample = needed || between(in, 0, 3) == 0;
            long[] x = featureMap(in, inplanes, regimes);
            note(regimes, stride == 2, "strided");
            note(regimes, groups > 1, "grouped");
            note(regimes, baseWidth != 64, "base_width ≠ 64");
            note(regimes, dilation > 1, "dilated");
            note(regimes, downsample, "downsample");
            note(regimes, !downsample, "identity");
            Bottleneck block = Bottleneck.of(inplanes, planes).stride(stride).groups(groups).baseWidth(baseWidth)
                    .dilation(dilation);
            if (downsample) {
                block = block.downsample(downsample(inplanes, out, stride));
            }
            long p = planes;
            return new OracleCase(block, Shape.of(x), () -> BlockOracle.bottleneck(x, p, stride, groups, baseWidth,
                    dilation, downsample), true, regimes);
        };
    }

    public static Gen<OracleCase> invertedResiduals() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long inp = between(in, 1, 4);
            long oup = chance(in) ? inp : between(in, 1, 4);
            long stride = between(in, 1, 2);
            long t = between(in, 1, 3);
            long[] x = featureMap(in, inp, regimes);
            note(regimes, t == 1, "no expansion (t = 1)");
            note(regimes, t > 1, "expansion");
            note(regimes, stride == 1 && inp == oup, "residual");
            note(regimes, !(stride == 1 && inp == oup), "no residual");
            note(regimes, stride == 2, "strided");
            return new OracleCase(InvertedResidual.of(inp, oup, stride, t), Shape.of(x),
                    () -> BlockOracle.invertedResidual(x, oup, stride, t), true, regimes);
        };
    }

    public static Gen<OracleCase> convNormActivations() {
        return in -> {
            Set<String> regimes = new LinkedHashSet<>();
            long groups = between(in, 1, 2);
            long cin = groups * between(in, 1, 3);
            long cout = groups * between(in, 1, 3);
            long k = between(in, 1, 3);
            long stride = between(in, 1, 2);
            long dilation = between(in, 1, 2);
            boolean norm = between(in, 0, 3) != 0;
            int act = (int) between(in, 0, 3);
            String activation = new String[] {"ReLU", "ReLU6", null, "ReLU6"}[act];
            ElementwiseOracle.Kind kind = activation == null ? null : activation.equals("ReLU")
                    ? ElementwiseOracle.Kind.RELU : ElementwiseOracle.Kind.RELU6;
            Boolean bias = new Boolean[] {null, true, false}[(int) between(in, 0, 2)];
            long[] x = featureMap(in, cin, 3, regimes);   // an even kernel pads by less than it reads
            boolean withBias = bias == null ? !norm : bias;
            note(regimes, groups > 1, "grouped");
            note(regimes, k == 2, "even kernel");
            note(regimes, dilation > 1, "dilated");
            note(regimes, stride > 1, "strided");
            note(regimes, !norm, "no norm layer");
            note(regimes, activation == null, "no activation");
            note(regimes, "ReLU6".equals(activation), "ReLU6");
            note(regimes, withBias, "bias");
            Conv2dNormActivation layer = Conv2dNormActivation.of(cin, cout).kernelSize(k).stride(stride).groups(groups)
                    .dilation(dilation).normLayer(norm).activationLayer(activation);
            if (bias != null) {
                layer = layer.bias(bias);
            }
            return new OracleCase(layer, Shape.of(x), () -> BlockOracle.convNormActivation(x, cout, k, stride, groups,
                    dilation, norm, kind, withBias), true, regimes);
        };
    }

    private static void note(Set<String> regimes, boolean condition, String regime) {
        if (condition) {
            regimes.add(regime);
        }
    }
}
