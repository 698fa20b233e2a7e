package org.flopcheck.models;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.layers.AdaptiveAvgPool2d;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Dropout;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Linear;
import org.flopcheck.layers.MaxPool2d;
import org.flopcheck.layers.ReLU;
import org.flopcheck.layers.Sequential;

/**
 * AlexNet, mirroring torchvision 0.14's {@code torchvision.models.alexnet.AlexNet(num_classes=1000, dropout=0.5)}
 * as built by {@code alexnet()} (the single-GPU variant of "One weird trick...").
 *
 * <p><b>Submodules</b> (registration order): {@code features} = {@code Sequential(Conv2d(3, 64, 11, stride=4,
 * padding=2), ReLU, MaxPool2d(3, stride=2), Conv2d(64, 192, 5, padding=2), ReLU, MaxPool2d(3, stride=2),
 * Conv2d(192, 384, 3, padding=1), ReLU, Conv2d(384, 256, 3, padding=1), ReLU, Conv2d(256, 256, 3, padding=1),
 * ReLU, MaxPool2d(3, stride=2))}, {@code avgpool} = {@code AdaptiveAvgPool2d((6, 6))}, {@code classifier} =
 * {@code Sequential(Dropout, Linear(9216, 4096), ReLU, Dropout, Linear(4096, 4096), ReLU, Linear(4096,
 * num_classes))}; every ReLU is {@code inplace=True}.
 *
 * <p><b>Calls</b> in forward order: {@code features, avgpool}, {@code torch.flatten(x, 1)} (a function in the
 * forward: a view, no operations), {@code classifier}.
 *
 * <p><b>Shapes.</b> Input {@code (N, 3, H, W)} ({@code H, W ≥ 63} for the pools to fit); output
 * {@code (N, num_classes)}.
 *
 * <p><b>Worked example.</b> {@code alexnet()} has {@code 61,100,840} parameters: convolutions {@code 23,296 +
 * 307,392 + 663,936 + 884,992 + 590,080 = 2,469,696}, linears {@code 37,752,832 + 16,781,312 + 4,097,000 =
 * 58,631,144}. On {@code (1, 3, 224, 224)} the features are {@code (1, 256, 6, 6)}, already the pool's size.
 */
public final class AlexNet implements Layer {
    private static final String TYPE = "AlexNet";

    private final long numClasses;
    private final double dropout;

    private AlexNet(long numClasses, double dropout) {
        if (numClasses < 1) {
            throw new InvalidArgumentException("num_classes", TYPE + ": num_classes (" + numClasses
                    + ") must be positive");
        }
        this.numClasses = numClasses;
        this.dropout = dropout;
        Dropout.of(dropout);   // checks the probability as Dropout does
    }

    /** {@code torchvision.models.alexnet()} with torchvision's defaults. */
    public static AlexNet of() {
        return new AlexNet(1000, 0.5);
    }

    /** Output features of the last Linear; torchvision's default is 1000. */
    public AlexNet numClasses(long numClasses) {
        return new AlexNet(numClasses, dropout);
    }

    /** The classifier's dropout probability; torchvision's default is 0.5. Nothing in eval mode. */
    public AlexNet dropout(double dropout) {
        return new AlexNet(numClasses, dropout);
    }

    public long numClasses() {
        return numClasses;
    }

    public double dropout() {
        return dropout;
    }

    private static ReLU relu() {
        return ReLU.of().inplace(true);
    }

    private static Sequential features() {
        return Sequential.of(
                Conv2d.of(3, 64, 11).stride(4).padding(2), relu(), MaxPool2d.of(3).stride(2),
                Conv2d.of(64, 192, 5).padding(2), relu(), MaxPool2d.of(3).stride(2),
                Conv2d.of(192, 384, 3).padding(1), relu(),
                Conv2d.of(384, 256, 3).padding(1), relu(),
                Conv2d.of(256, 256, 3).padding(1), relu(), MaxPool2d.of(3).stride(2));
    }

    private static AdaptiveAvgPool2d avgpool() {
        return AdaptiveAvgPool2d.of(6L, 6L);
    }

    private Sequential classifier() {
        return Sequential.of(Dropout.of(dropout), Linear.of(256 * 6 * 6, 4096), relu(), Dropout.of(dropout),
                Linear.of(4096, 4096), relu(), Linear.of(4096, numClasses));
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
