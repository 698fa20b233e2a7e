package org.flopcheck.layers;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Calls of one model's forward pass that are provably the same work, analysed once.
 *
 * <p>An analysis depends only on the layer's configuration and its inputs, and layers are immutable. So within one
 * model, a submodule call whose layer is equal to one already analysed, on equal inputs, gets that analysis (under
 * its own row name, {@link Analysis#named}; {@link Analysis#origin()} names the shared work). Layers are equal
 * when they are the same object, or, for the layers that define value equality (convolutions, batch and instance
 * norms, ReLU and ReLU6), when every constructor argument is equal: such layers have the same repr, the same
 * parameters and the same operations, and differ only in which torch module they are, which is the row's name.
 * ResNet-50's batch norms and ReLUs of one width and size, and the last 1×1 convolution of every block of a stage,
 * are each analysed once.
 *
 * <p><b>Scope.</b> What is remembered lives while the outermost composite under way on this thread is analysed:
 * a {@link Sequential}, a {@link org.flopcheck.blocks.Repeat}, or a composite calling through {@link ForwardCalls}
 * (a model's root: all of ResNet-50 shares one table); nothing is kept between models, so each count does all of
 * its own work once. Composite layers call their submodules through {@link ForwardCalls} or
 * {@link #analyze(Layer, Inputs)}.
 *
 * <p>Conventions may compute what they say about a subtree once per origin; each convention's javadoc says where
 * its tool's rules make that sound. {@link #unshared} analyses without this sharing, for tests that compare.
 */
public final class SharedCalls {
    private SharedCalls() {
    }

    /** A call's key: the layer and its inputs, compared by equality, with the hash code computed once. */
    static final class Call {
        private final Layer layer;
        private final Inputs inputs;
        private final int hash;

        Call(Layer layer, Inputs inputs) {
            this.layer = layer;
            this.inputs = inputs;
            this.hash = 31 * layer.hashCode() + inputs.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Call other && other.hash == hash
                    && (other.layer == layer || other.layer.equals(layer)) && other.inputs.equals(inputs);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The calls analysed in the scope open on this thread, or null when none is open. */
    private static final ThreadLocal<Map<Call, Analysis>> SCOPE = new ThreadLocal<>();
    /**
     * The initial capacity of a scope's table: room for 96 distinct calls without growing. A model's root opens
     * one table for all its calls: ResNet-50 makes 66 distinct calls below its root; MobileNetV2's
     * {@code features}, 131, grows the table once.
     */
    private static final int SCOPE_CAPACITY = 128;
    /** A marker scope that remembers nothing: set by {@link #unshared}. */
    private static final Map<Call, Analysis> NONE = Map.of();

    /**
     * {@code layer.analyze(inputs)}, or the analysis of an equal call already made in the open scope. Opens a scope
     * for the call's duration when none is open.
     */
    public static Analysis analyze(Layer layer, Inputs inputs) {
        Map<Call, Analysis> done = SCOPE.get();
        if (done == null) {
            return scoped(() -> analyze(layer, inputs));
        }
        return analyze(done, layer, inputs);
    }

    /** {@code layer.analyze(inputs)}, or the analysis of an equal call in {@code done}. */
    private static Analysis analyze(Map<Call, Analysis> done, Layer layer, Inputs inputs) {
        if (done == NONE) {
            return layer.analyze(inputs);
        }
        Call call = new Call(layer, inputs);
        Analysis known = done.get(call);
        if (known == null) {
            known = layer.analyze(inputs);   // a failure is not remembered: it propagates
            done.put(call, known);
        }
        return known;
    }

    /**
     * {@link #analyze(Layer, Inputs)} for one of a composite layer's calls ({@link ForwardCalls}), in the table
     * {@code own.scope()} found or made at the composite's first call. A scope open on this thread when a composite
     * starts stays open until it ends, so that table serves all its calls without a look at the thread. When no
     * scope was open, the table is the composite's own, which lives as long as the composite's analysis (its calls
     * share their work with each other as a Sequential's rows do); it is the thread's scope during each call, for
     * the calls inside.
     */
    static Analysis analyze(Layer layer, Inputs inputs, ForwardCalls own) {
        Map<Call, Analysis> done = own.scope();
        if (!own.ownsScope()) {
            return analyze(done, layer, inputs);
        }
        SCOPE.set(done);
        try {
            return analyze(done, layer, inputs);
        } finally {
            SCOPE.remove();
        }
    }

    /** The scope open on this thread, or null. */
    static Map<Call, Analysis> openScope() {
        return SCOPE.get();
    }

    /** An empty table of calls, for a composite's own scope ({@link #analyze(Layer, Inputs, ForwardCalls)}). */
    static Map<Call, Analysis> table() {
        return new HashMap<>(SCOPE_CAPACITY);
    }

    /**
     * Runs {@code analysis}, a composite's analysis, in a scope of its own, unless one is open on this thread
     * already: the calls it makes share their work.
     */
    public static Analysis scoped(Supplier<Analysis> analysis) {
        if (SCOPE.get() != null) {
            return analysis.get();
        }
        SCOPE.set(new HashMap<>(SCOPE_CAPACITY));
        try {
            return analysis.get();
        } finally {
            SCOPE.remove();
        }
    }

    /**
     * Runs {@code analysis} with no sharing by equality: only the rules of {@link Sequential} and
     * {@link org.flopcheck.blocks.Repeat} for one layer object called again remain. Tests compare models analysed
     * both ways.
     */
    public static <T> T unshared(Supplier<T> analysis) {
        Map<Call, Analysis> before = SCOPE.get();
        SCOPE.set(NONE);
        try {
            return analysis.get();
        } finally {
            if (before == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(before);
            }
        }
    }
}
