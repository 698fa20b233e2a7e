package org.flopcheck.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.ForwardCalls;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.ModuleRepr;
import org.flopcheck.shape.Shape;

/**
 * The forward torchvision's AlexNet and VGG share: {@code features}, {@code avgpool}, {@code torch.flatten(x, 1)},
 * {@code classifier}; and their repr, which lists those three submodules.
 */
final class FeaturesAvgpoolClassifier {
    private FeaturesAvgpoolClassifier() {
    }

    static Analysis analyze(Layer model, String type, Inputs inputs, Layer features, Layer avgpool, Layer classifier) {
        Shape x = TensorOps.single(type, inputs);
        Worksheet w = new Worksheet(type);
        ForwardCalls calls = new ForwardCalls();
        Shape h = calls.call("features", features, x);
        h = calls.call("avgpool", avgpool, h);
        h = TensorOps.flatten(w, type, h);
        h = calls.call("classifier", classifier, h);
        return Analysis.composite(model, inputs, List.of(h), w, calls.children());
    }

    static String repr(String type, Layer features, Layer avgpool, Layer classifier) {
        Map<String, Object> submodules = new LinkedHashMap<>();
        submodules.put("features", features);
        submodules.put("avgpool", avgpool);
        submodules.put("classifier", classifier);
        return ModuleRepr.of(type, submodules);
    }
}
