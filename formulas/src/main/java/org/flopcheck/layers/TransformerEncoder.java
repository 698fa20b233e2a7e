package org.flopcheck.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.shape.Shape;

/**
 * A stack of identical Transformer encoder layers, mirroring {@code torch.nn.TransformerEncoder(encoder_layer,
 * num_layers, norm=None, enable_nested_tensor=True, mask_check=True)} as torch 1.13 runs it without masks.
 *
 * <p><b>Structure.</b> torch deep-copies {@code encoder_layer} {@code num_layers} times into a {@code ModuleList}
 * named {@code layers} (the layer passed in is not itself registered), and keeps {@code norm} (any module, usually a
 * {@code LayerNorm}) when given. The forward calls {@code layers[0]}, {@code layers[1]}, ... in turn, each on the
 * previous output, then {@code norm}. The analysis's children are those calls, named by torch's dotted module paths
 * {@code layers.0}, {@code layers.1}, ..., then {@code norm}. The {@code ModuleList} itself is a container torch
 * never calls: it has no row of its own here and appears only as the prefix {@code layers.} of its children's
 * names. Tools that walk {@code named_modules()} list it as a module of its own ({@code layers}, class
 * {@code ModuleList}, holding all the layers' parameters; torchinfo shows it as a row that was not executed, one
 * level above the layers, which it names {@code 0}, {@code 1}, ...); tools that hook forward calls never see it run.
 *
 * <p><b>Shapes.</b> The layers' input, {@code (S, N, E)}, {@code (N, S, E)} with {@code batch_first}, or
 * {@code (S, E)}; the output has the input's shape (then whatever {@code norm} returns).
 *
 * <p><b>Parameters and operations.</b> None of its own: {@code num_layers} times the layer's, plus the norm's.
 *
 * <p><b>Fast paths.</b> torch 1.13's encoder has a path of its own that packs the input into a nested tensor; it
 * needs a {@code src_key_padding_mask}, which a spec never passes, so it is never taken ("src_key_padding_mask was
 * None") and {@code enable_nested_tensor} and {@code mask_check} change nothing. Each layer then decides on its own
 * fast path ({@link TransformerEncoderLayer#whyNotFastPath}); the layers are copies of one configuration and keep
 * the shape, so they all decide alike ({@link #whyNotFastPath}).
 *
 * <p><b>Worked example.</b> {@code TransformerEncoder(TransformerEncoderLayer(256, 4, 1024), 2)} on
 * {@code (10, 2, 256)}: each layer has {@code 4·256² + 4·256 = 263,168} attention parameters, {@code 263,168} in
 * {@code linear1}, {@code 262,400} in {@code linear2} and {@code 1,024} in its norms, {@code 789,760} in all;
 * the encoder has {@code 2·789,760 = 1,579,520}.
 */
public final class TransformerEncoder implements Layer {
    private static final String TYPE = "TransformerEncoder";

    private final TransformerEncoderLayer encoderLayer;
    private final long numLayers;
    private final Optional<Layer> norm;
    private final boolean enableNestedTensor;
    private final boolean maskCheck;

    private TransformerEncoder(TransformerEncoderLayer encoderLayer, long numLayers, Optional<Layer> norm,
                               boolean enableNestedTensor, boolean maskCheck) {
        this.encoderLayer = Objects.requireNonNull(encoderLayer, "encoder_layer");
        if (numLayers < 1) {
            throw new InvalidArgumentException("num_layers", TYPE + ": num_layers (" + numLayers + ") must be"
                    + " positive; torch builds an empty ModuleList and its forward fails on self.layers[0]");
        }
        if (numLayers > org.flopcheck.blocks.Repeat.MAX_TIMES) {
            throw new InvalidArgumentException("num_layers", TYPE + ": num_layers (" + numLayers + ") exceeds "
                    + "100,000, the most copies this library analyses one row at a time");
        }
        this.numLayers = numLayers;
        this.norm = Objects.requireNonNull(norm, "norm");
        this.enableNestedTensor = enableNestedTensor;
        this.maskCheck = maskCheck;
    }

    /** {@code TransformerEncoder(encoder_layer, num_layers)}: no final norm. */
    public static TransformerEncoder of(TransformerEncoderLayer encoderLayer, long numLayers) {
        return new TransformerEncoder(encoderLayer, numLayers, Optional.empty(), true, true);
    }

    /** The module called after the last layer; torch's default is None (no norm). */
    public TransformerEncoder norm(Layer norm) {
        return new TransformerEncoder(encoderLayer, numLayers, Optional.of(norm), enableNestedTensor, maskCheck);
    }

    /**
     * Whether torch may pack a padded batch into a nested tensor; torch's default is true. It matters only with a
     * {@code src_key_padding_mask}, which flopcheck does not model: counts do not change.
     */
    public TransformerEncoder enableNestedTensor(boolean enableNestedTensor) {
        return new TransformerEncoder(encoderLayer, numLayers, norm, enableNestedTensor, maskCheck);
    }

    /** Whether torch checks the padding mask's alignment; torch's default is true. Counts do not change. */
    public TransformerEncoder maskCheck(boolean maskCheck) {
        return new TransformerEncoder(encoderLayer, numLayers, norm, enableNestedTensor, maskCheck);
    }

    public TransformerEncoderLayer encoderLayer() {
        return encoderLayer;
    }

    public long numLayers() {
        return numLayers;
    }

    public Optional<Layer> norm() {
        return norm;
    }

    public boolean enableNestedTensor() {
        return enableNestedTensor;
    }

    public boolean maskCheck() {
        return maskCheck;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Why torch 1.13's layers would not take their fast path for {@code src} of this shape, empty when every layer
     * takes it: the layers are deep copies of one configuration and keep the shape, so each decides as
     * {@code encoder_layer} does ({@link TransformerEncoderLayer#whyNotFastPath}). On the fast path the layers'
     * forwards run but none of their submodules' do.
     */
    public Optional<String> whyNotFastPath(Shape input, boolean gradEnabled) {
        return encoderLayer.whyNotFastPath(input, gradEnabled);
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        Shape x = Forward.single(TYPE, inputs);
        Worksheet w = new Worksheet(TYPE);
        w.note(Stage.SHAPE, () -> "the ModuleList 'layers' holds " + numLayers + " deep copies of encoder_layer; the"
                + " forward calls layers.0 to layers." + (numLayers - 1) + " in turn"
                + (norm.isPresent() ? ", then norm" : ""));
        w.note(Stage.SHAPE, "without src_key_padding_mask torch 1.13 does not convert the input to a nested tensor");
        ForwardCalls calls = new ForwardCalls();
        Shape h = x;
        for (long i = 0; i < numLayers; i++) {
            h = calls.call("layers." + i, encoderLayer, h);
        }
        if (norm.isPresent()) {
            h = calls.call("norm", norm.get(), h);
        }
        return Analysis.composite(this, inputs, h, w, calls.children());
    }

    /** torch's repr: {@code TransformerEncoder(\n  (layers): ModuleList(\n    (0): ...\n  )\n  (norm): ...\n)}. */
    @Override
    public String toString() {
        Map<String, Object> layers = new LinkedHashMap<>();
        for (long i = 0; i < numLayers; i++) {
            layers.put(String.valueOf(i), encoderLayer);
        }
        Map<String, Object> submodules = new LinkedHashMap<>();
        submodules.put("layers", ModuleRepr.of("ModuleList", layers));
        norm.ifPresent(n -> submodules.put("norm", n));
        return ModuleRepr.of(TYPE, submodules);
    }
}
