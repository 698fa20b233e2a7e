package org.flopcheck.models;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.layers.AdaptiveAvgPool2d;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Dropout;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MaxPool2d;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.Sequential;

/**
 * VGG, mirroring torchvision 0.14's {@code torchvision.models.vgg.VGG(features, num_classes=1000,
 * init_weights=True, dropout=0.5)} with {@code features = make_layers(cfgs[cfg], batch_norm)}, as built by
 * {@code vgg11()} (configuration A) and {@code vgg16()} (configuration D).
 *
 * <p><b>Submodules</b> (registration order): {@code features}, a {@code Sequential} built from the configuration:
 * each number {@code v} adds {@code Conv2d(in, v, 3, padding=1)} (then {@code BatchNorm2d(v)} with batch norm) and
 * {@code ReLU(inplace=True)}, each {@code 'M'} adds {@code MaxPool2d(2, stride=2)}; {@code avgpool} =
 * {@code AdaptiveAvgPool2d((7, 7))}; {@code classifier} = {@code Sequential(Linear(25088, 4096), ReLU, Dropout,
 * Linear(4096, 4096), ReLU, Dropout, Linear(4096, num_classes))}.
 *
 * <p><b>Calls</b> in forward order: {@code features, avgpool}, {@code torch.flatten(x, 1)} (a function in the
 * forward: a view, no operations), {@code classifier}.
 *
 * <p><b>Shapes.</b> Input {@code (N, 3, H, W)} ({@code H, W ≥ 32}); output {@code (N, num_classes)}.
 *
 * <p><b>Worked example.</b> {@code vgg11()} has {@code 132,863,336} parameters: convolutions
 * {@code 1,792 + 73,856 + 295,168 + 590,080 + 1,180,160 + 3·2,359,808 = 9,220,480}, linears
 * {@code 102,764,544 + 16,781,312 + 4,097,000 = 123,642,856}; {@code vgg16()} has {@code 138,357,544}.
 */
public final class VGG implements Layer {
    private static final String TYPE = "VGG";
    /** An {@code 'M'} of torchvision's configurations: a max pool. */
    private static final long M = 0;

    /** torchvision's {@code cfgs}: the layer configurations of VGG-11, 13, 16 and 19. */
    public enum Config {
        A(64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M),
        B(64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M),
        D(64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M),
        E(64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512, M);

        private final long[] entries;

        Config(long... entries) {
            this.entries = entries;
        }
    }

    private final Config config;
    private final boolean batchNorm;
    private final long numClasses;
    private final boolean initWeights;
    private final double dropout;

    private VGG(Config config, boolean batchNorm, long numClasses, boolean initWeights, double dropout) {
        if (numClasses < 1) {
            throw new InvalidArgumentException("num_classes", TYPE + ": num_classes (" + numClasses
                    + ") must be positive");
        }
        this.config = config;
        this.batchNorm = batchNorm;
        this.numClasses = numClasses;
        this.initWeights = initWeights;
        this.dropout = dropout;
        Dropout.of(dropout);   // checks the probability as Dropout does
    }

    /** {@code VGG(make_layers(cfgs[config], batch_norm))} with torchvision's defaults. */
    public static VGG of(Config config, boolean batchNorm) {
        return new VGG(config, batchNorm, 1000, true, 0.5);
    }

    /** {@code torchvision.models.vgg11()}: configuration A, no batch norm. */
    public static VGG vgg11() {
        return of(Config.A, false);
    }

    /** {@code torchvision.models.vgg16()}: configuration D, no batch norm. */
    public static VGG vgg16() {
        return of(Config.D, false);
    }

    /** Output features of the last Linear; torchvision's default is 1000. */
    public VGG numClasses(long numClasses) {
        return new VGG(config, batchNorm, numClasses, initWeights, dropout);
    }

    /** An initialisation choice; torchvision's default is true. Counts do not change. */
    public VGG initWeights(boolean initWeights) {
        return new VGG(config, batchNorm, numClasses, initWeights, dropout);
    }

    /** The classifier's dropout probability; torchvision's default is 0.5. Nothing in eval mode. */
    public VGG dropout(double dropout) {
        return new VGG(config, batchNorm, numClasses, initWeights, dropout);
    }

    public Config config() {
        return config;
    }

    public boolean batchNorm() {
        return batchNorm;
    }

    public long numClasses() {
        return numClasses;
    }

    private static ReLU relu() {
        return ReLU.of().inplace(true);
    }

    /** torchvision's {@code make_layers}. */
    private Sequential features() {
        List<Layer> layers = new ArrayList<>();
        long in = 3;
        for (long v : config.entries) {
            if (v == M) {
                layers.add(MaxPool2d.of(2).stride(2));
            } else {
                layers.add(Conv2d.of(in, v, 3).padding(1));
                if (batchNorm) {
                    layers.add(BatchNorm2d.of(v));
                }
                layers.add(relu());
                in = v;
            }
        }
        return Sequential.of(layers.toArray(Layer[]::new));
    }

    private static AdaptiveAvgPool2d avgpool() {
        return AdaptiveAvgPool2d.of(7L, 7L);
    }

    private Sequential classifier() {
        return Sequential.of(Linear.of(512 * 7 * 7, 4096), relu(), Dropout.of(dropout), Linear.of(4096, 4096), relu(),
                Dropout.of(dropout), Linear.of(4096, numClasses));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        return FeaturesAvgpoolClassifier.analyze(this, TYPE, inputs, features(), avgpool(), classifier());
    }

    /** torchvision's repr: {@code features, avgpool, classifier}. */
    @Override
    public String toString() {
        return FeaturesAvgpoolClassifier.repr(TYPE, features(), avgpool(), classifier());
    }
}
