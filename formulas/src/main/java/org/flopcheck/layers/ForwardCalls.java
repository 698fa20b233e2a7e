package org.flopcheck.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flopcheck.FlopcheckException;
import org.flopcheck.shape.Shape;

/**
 * The submodule calls of one composite module's forward, recorded in the order torch makes them: each call is
 * analysed, named as torch names the submodule ({@code "conv1"}, {@code "layers.0"}), and becomes a child of the
 * composite's {@link Analysis}. A submodule called twice (torchvision's ResNet blocks call {@code relu} twice) is
 * recorded twice under its one name. A shape the submodule rejects is reported with its name and type, as
 * {@code layer layer1.0.conv2 (Conv2d): ...}.
 *
 * <p>Used once per analysis, by one thread.
 */
public final class ForwardCalls {
    private final List<Analysis> children = new ArrayList<>(16);   // room for a ResNet block's 11 calls
    /**
     * The table of shared work the calls use: the scope open on the thread at the first call, or, when none was,
     * this composite's own ({@link SharedCalls#analyze(Layer, Inputs, ForwardCalls)}).
     */
    private Map<SharedCalls.Call, Analysis> scope;
    private boolean ownsScope;

    /** Calls {@code layer}, torch's submodule {@code name}, on {@code inputs}; returns its analysis. */
    public Analysis call(String name, Layer layer, Inputs inputs) {
        Analysis a;
        try {
            a = SharedCalls.analyze(layer, inputs, this);
        } catch (FlopcheckException e) {
            throw e.within(name, layer.type());
        }
        Analysis named = a.named(name);
        children.add(named);
        return named;
    }

    /** Calls {@code layer}, torch's submodule {@code name}, on one tensor; returns its main output's shape. */
    public Shape call(String name, Layer layer, Shape input) {
        return call(name, layer, Inputs.of(input)).output();
    }

    /** The table of shared work this composite's calls use, found or made at the first call. */
    Map<SharedCalls.Call, Analysis> scope() {
        if (scope == null) {
            scope = SharedCalls.openScope();
            if (scope == null) {
                scope = SharedCalls.table();
                ownsScope = true;
            }
        }
        return scope;
    }

    /** Whether {@link #scope()} is this composite's own table: no scope was open on the thread at the first call. */
    boolean ownsScope() {
        return ownsScope;
    }

    /** The calls so far, in order. */
    public List<Analysis> children() {
        return List.copyOf(children);
    }
}
