package org.flopcheck.oracle;

import org.flopcheck.shape.Shape;

/**
 * torchvision's building blocks executed by their parts' loops, in the order their forwards run them: convolutions
 * window by window ({@link ConvOracle}), batch norms channel by channel in eval mode ({@link NormOracle}),
 * activations element by element ({@link ElementwiseOracle}), and the residual sum element by element. Feature maps
 * are {@code (n, c, h, w)}; each part runs on the sizes the previous part produced. Nothing here uses the library's
 * formulas.
 */
public final class BlockOracle {
    private BlockOracle() {
    }

    /** A feature map's sizes, and the counter every part adds to. */
    private static final class Run {
        final OpCounter c = new OpCounter();

        long[] conv(long[] x, long cout, long k, long stride, long padding, long dilation, long groups, boolean bias) {
            ConvOracle.Run r = ConvOracle.convolution(new ConvOracle.Args(x[0], x[1], cout, new long[] {x[2], x[3]},
                    new long[] {k, k}, new long[] {stride, stride}, new long[] {padding, padding},
                    new long[] {dilation, dilation}, new long[] {0, 0}, groups, bias, false));
            c.absorb(r.ops());
            return new long[] {x[0], cout, r.out()[0], r.out()[1]};
        }

        long[] bn(long[] x) {
            NormOracle.Run r = NormOracle.batchNorm(new NormOracle.BatchNormArgs(x[0], x[1], new long[] {x[2], x[3]},
                    true, true));
            c.absorb(r.ops());
            return r.out();
        }

        long[] act(long[] x, ElementwiseOracle.Kind kind) {
            c.absorb(ElementwiseOracle.activation(kind, x, 0, 0).ops());
            return x;
        }

        long[] add(long[] out, long[] identity) {
            if (!java.util.Arrays.equals(out, identity)) {
                throw new IllegalStateException("residual of " + java.util.Arrays.toString(out) + " and "
                        + java.util.Arrays.toString(identity));
            }
            Tensor a = Tensor.random(30, out);
            Tensor b = Tensor.random(31, identity);
            for (int i = 0; i < a.size(); i++) {
                a.data[i] = c.add(a.data[i], b.data[i]);
            }
            return out;
        }

        OracleRun done(long[] out) {
            return new OracleRun(Shape.of(out), c, 0);
        }
    }

    /** ResNet's BasicBlock on {@code (n, inplanes, h, w)}; the downsample is ResNet's 1×1 convolution and norm. */
    public static OracleRun basicBlock(long[] x, long planes, long stride, boolean downsample) {
        Run r = new Run();
        long[] out = r.conv(x, planes, 3, stride, 1, 1, 1, false);
        out = r.act(r.bn(out), ElementwiseOracle.Kind.RELU);
        out = r.bn(r.conv(out, planes, 3, 1, 1, 1, 1, false));
        long[] identity = downsample ? r.bn(r.conv(x, planes, 1, stride, 0, 1, 1, false)) : x;
        return r.done(r.act(r.add(out, identity), ElementwiseOracle.Kind.RELU));
    }

    /** ResNet's Bottleneck: {@code width = planes·base_width/64·groups}, output {@code 4·planes}. */
    public static OracleRun bottleneck(long[] x, long planes, long stride, long groups, long baseWidth, long dilation,
                                       boolean downsample) {
        long width = planes * baseWidth / 64 * groups;
        Run r = new Run();
        long[] out = r.act(r.bn(r.conv(x, width, 1, 1, 0, 1, 1, false)), ElementwiseOracle.Kind.RELU);
        out = r.act(r.bn(r.conv(out, width, 3, stride, dilation, dilation, groups, false)),
                ElementwiseOracle.Kind.RELU);
        out = r.bn(r.conv(out, 4 * planes, 1, 1, 0, 1, 1, false));
        long[] identity = downsample ? r.bn(r.conv(x, 4 * planes, 1, stride, 0, 1, 1, false)) : x;
        return r.done(r.act(r.add(out, identity), ElementwiseOracle.Kind.RELU));
    }

    /** MobileNetV2's InvertedResidual: expansion {@code t}, depthwise 3×3, projection, residual when shapes keep. */
    public static OracleRun invertedResidual(long[] x, long oup, long stride, long t) {
        long hidden = x[1] * t;
        Run r = new Run();
        long[] out = x;
        if (t != 1) {
            out = r.act(r.bn(r.conv(out, hidden, 1, 1, 0, 1, 1, false)), ElementwiseOracle.Kind.RELU6);
        }
        out = r.act(r.bn(r.conv(out, hidden, 3, stride, 1, 1, hidden, false)), ElementwiseOracle.Kind.RELU6);
        out = r.bn(r.conv(out, oup, 1, 1, 0, 1, 1, false));
        if (stride == 1 && x[1] == oup) {
            out = r.add(out, x);
        }
        return r.done(out);
    }

    /**
     * torchvision's Conv2dNormActivation: convolution with padding {@code (k − 1)/2·dilation}, then batch norm when
     * {@code norm}, then the activation when not null.
     */
    public static OracleRun convNormActivation(long[] x, long out, long k, long stride, long groups, long dilation,
                                               boolean norm, ElementwiseOracle.Kind activation, boolean bias) {
        Run r = new Run();
        long[] y = r.conv(x, out, k, stride, (k - 1) / 2 * dilation, dilation, groups, bias);
        if (norm) {
            y = r.bn(y);
        }
        if (activation != null) {
            y = r.act(y, activation);
        }
        return r.done(y);
    }
}
