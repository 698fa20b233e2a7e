package org.flopcheck.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.AdaptiveAvgPool2d;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Dropout;
import org.flopcheck.layers.ForwardCalls;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.ModuleRepr;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;

/**
 * MobileNetV2, mirroring torchvision 0.14's {@code torchvision.models.mobilenetv2.MobileNetV2(num_classes=1000,
 * width_mult=1.0, inverted_residual_setting=None, round_nearest=8, dropout=0.2)} as built by
 * {@code mobilenet_v2()}.
 *
 * <p><b>Submodules</b> (registration order): {@code features}, a {@code Sequential} of a stem
 * {@link Conv2dNormActivation}{@code (3, 32, stride=2, activation_layer=ReLU6)}, then for each row
 * {@code [t, c, n, s]} of the inverted-residual setting ({@code [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2],
 * [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]} by default) {@code n} {@link InvertedResidual}
 * blocks of expansion {@code t} to {@code c} channels, the first with stride {@code s}, then a
 * {@code Conv2dNormActivation(320, 1280, kernel_size=1, activation_layer=ReLU6)}: rows {@code 0} to {@code 18};
 * and {@code classifier} = {@code Sequential(Dropout(p=dropout), Linear(1280, num_classes))}. Channel counts are
 * multiplied by {@code width_mult} and rounded by torchvision's {@code _make_divisible} to multiples of
 * {@code round_nearest} (the last one only for {@code width_mult > 1}).
 *
 * <p><b>Calls</b> in forward order: {@code features}, then two functions in the forward itself,
 * {@code nn.functional.adaptive_avg_pool2d(x, (1, 1))} and {@code torch.flatten(x, 1)} (a view, no operations),
 * then {@code classifier}.
 *
 * <p><b>Own operations.</b> the global average pool of the functional {@code adaptive_avg_pool2d} on the
 * {@code (N, C, H, W)} features, counted as {@link AdaptiveAvgPool2d} counts it: additions summing each window
 * {@code N·C·(H·W − 1)} and divisions by the window size {@code N·C} (named {@code F.adaptive_avg_pool2d: ...}).
 * Tools that hook modules never see this pool: it is not a submodule.
 *
 * <p><b>Shapes.</b> Input {@code (N, 3, H, W)}; output {@code (N, num_classes)}.
 *
 * <p><b>Worked example.</b> {@code mobilenet_v2()} has {@code 3,504,872} parameters. On {@code (1, 3, 224, 224)}
 * the features are {@code (1, 1280, 7, 7)}: the functional pool adds {@code 1280·48 = 61,440} times and divides
 * {@code 1,280} times.
 */
public final class MobileNetV2 implements Layer {
    private static final String TYPE = "MobileNetV2";
    /** The forward's {@code adaptive_avg_pool2d(x, (1, 1))}, written as its layer. */
    private static final AdaptiveAvgPool2d GLOBAL_POOL = AdaptiveAvgPool2d.of(1L, 1L);
    private static final long[][] DEFAULT_SETTING = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };

    private final long numClasses;
    private final double widthMult;
    private final long[][] setting;
    private final long roundNearest;
    private final double dropout;
    private final Sequential features;
    private final long lastChannel;
    private final Sequential classifier;

    private MobileNetV2(long numClasses, double widthMult, long[][] setting, long roundNearest, double dropout) {
        if (numClasses < 1) {
            throw new InvalidArgumentException("num_classes", TYPE + ": num_classes (" + numClasses
                    + ") must be positive");
        }
        if (!(widthMult > 0)) {
            throw new InvalidArgumentException("width_mult", TYPE + ": width_mult (" + widthMult
                    + ") must be positive");
        }
        if (roundNearest < 1) {
            throw new InvalidArgumentException("round_nearest", TYPE + ": round_nearest (" + roundNearest
                    + ") must be positive");
        }
        if (setting.length == 0 || setting[0].length != 4) {
            throw new InvalidArgumentException("inverted_residual_setting", TYPE + ": inverted_residual_setting must"
                    + " be a non-empty list of [t, c, n, s] rows, got " + Arrays.deepToString(setting)
                    + "; torchvision: inverted_residual_setting should be non-empty or a 4-element list");
        }
        for (long[] row : setting) {
            if (row.length != 4) {
                throw new InvalidArgumentException("inverted_residual_setting", TYPE + ": every row of"
                        + " inverted_residual_setting must be [t, c, n, s], got " + Arrays.toString(row));
            }
        }
        this.numClasses = numClasses;
        this.widthMult = widthMult;
        this.setting = Arrays.stream(setting).map(long[]::clone).toArray(long[][]::new);
        this.roundNearest = roundNearest;
        this.dropout = dropout;
        Dropout.of(dropout);   // checks the probability as Dropout does
        this.lastChannel = makeDivisible(1280 * Math.max(1.0, widthMult), roundNearest);
        this.features = makeFeatures();
        this.classifier = Sequential.of(Dropout.of(dropout), Linear.of(lastChannel, numClasses));
    }

    /** {@code torchvision.models.mobilenet_v2()} with torchvision's defaults. */
    public static MobileNetV2 of() {
        return new MobileNetV2(1000, 1.0, DEFAULT_SETTING, 8, 0.2);
    }

    /** Output features of the classifier; torchvision's default is 1000. */
    public MobileNetV2 numClasses(long numClasses) {
        return new MobileNetV2(numClasses, widthMult, setting, roundNearest, dropout);
    }

    /** Channel multiplier; torchvision's default is 1.0. */
    public MobileNetV2 widthMult(double widthMult) {
        return new MobileNetV2(numClasses, widthMult, setting, roundNearest, dropout);
    }

    /** The {@code [t, c, n, s]} rows: expansion, channels, blocks, first stride; torchvision's default is above. */
    public MobileNetV2 invertedResidualSetting(long[]... setting) {
        return new MobileNetV2(numClasses, widthMult, setting, roundNearest, dropout);
    }

    /** Channel counts are rounded to multiples of this; torchvision's default is 8. */
    public MobileNetV2 roundNearest(long roundNearest) {
        return new MobileNetV2(numClasses, widthMult, setting, roundNearest, dropout);
    }

    /** The classifier's dropout probability; torchvision's default is 0.2. Nothing in eval mode. */
    public MobileNetV2 dropout(double dropout) {
        return new MobileNetV2(numClasses, widthMult, setting, roundNearest, dropout);
    }

    public long numClasses() {
        return numClasses;
    }

    public double widthMult() {
        return widthMult;
    }

    /** torchvision's {@code last_channel}: the features' output channels. */
    public long lastChannel() {
        return lastChannel;
    }

    public Sequential features() {
        return features;
    }

    /**
     * torchvision's {@code _make_divisible(v, divisor)}: {@code v} rounded to the nearest multiple of
     * {@code divisor} (at least {@code divisor}), one multiple more if that lost over 10%.
     */
    static long makeDivisible(double v, long divisor) {
        long rounded = (long) (v + divisor / 2.0) / divisor * divisor;
        long newV = Math.max(divisor, rounded);
        if (newV < 0.9 * v) {
            newV += divisor;
        }
        return newV;
    }

    private Sequential makeFeatures() {
        long inputChannel = makeDivisible(32 * widthMult, roundNearest);
        List<Layer> rows = new ArrayList<>();
        rows.add(Conv2dNormActivation.of(3, inputChannel).stride(2).activationLayer("ReLU6"));
        for (long[] row : setting) {
            long outputChannel = makeDivisible(row[1] * widthMult, roundNearest);
            for (long i = 0; i < row[2]; i++) {
                rows.add(InvertedResidual.of(inputChannel, outputChannel, i == 0 ? row[3] : 1, row[0]));
                inputChannel = outputChannel;
            }
        }
        rows.add(Conv2dNormActivation.of(inputChannel, lastChannel).kernelSize(1).activationLayer("ReLU6"));
        return Sequential.of(rows.toArray(Layer[]::new));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = TensorOps.single(TYPE, inputs);
        Worksheet w = new Worksheet(TYPE);
        ForwardCalls calls = new ForwardCalls();
        Shape h = calls.call("features", features, x);
        w.note(Stage.SHAPE, "nn.functional.adaptive_avg_pool2d(x, (1, 1)) in the forward, not a submodule: its"
                + " operations are this model's own");
        h = GLOBAL_POOL.functionalTerms(w, h, "F.adaptive_avg_pool2d");
        h = TensorOps.flatten(w, TYPE, h);
        h = calls.call("classifier", classifier, h);
        return Analysis.composite(this, inputs, h, w, calls.children());
    }

    /** torchvision's repr: {@code features}, then {@code classifier}. */
    @Override
    public String toString() {
        Map<String, Object> submodules = new LinkedHashMap<>();
        submodules.put("features", features);
        submodules.put("classifier", classifier);
        return ModuleRepr.of(TYPE, submodules);
    }
}
