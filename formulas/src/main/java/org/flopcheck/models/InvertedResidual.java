package org.flopcheck.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.ForwardCalls;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.ModuleRepr;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.TermKind;

/**
 * MobileNetV2's inverted residual block, mirroring torchvision 0.14's
 * {@code torchvision.models.mobilenetv2.InvertedResidual(inp, oup, stride, expand_ratio)}: a 1×1 expansion to
 * {@code hidden = inp·expand_ratio} channels (omitted when {@code expand_ratio} is 1), a 3×3 depthwise convolution,
 * and a linear 1×1 projection to {@code oup} channels, with a residual connection when the block keeps the shape.
 *
 * <p><b>Submodules.</b> One, {@code conv} = {@code Sequential(}[{@code Conv2dNormActivation(inp, hidden,
 * kernel_size=1, activation_layer=ReLU6)},] {@code Conv2dNormActivation(hidden, hidden, stride=stride,
 * groups=hidden, activation_layer=ReLU6)}, {@code Conv2d(hidden, oup, 1, 1, 0, bias=False)},
 * {@code BatchNorm2d(oup))}.
 *
 * <p><b>Calls.</b> {@code conv} once. With {@code use_res_connect} ({@code stride == 1} and {@code inp == oup}) the
 * forward returns {@code x + self.conv(x)}: that addition is this block's own term.
 *
 * <p><b>Shapes.</b> Input {@code (N, inp, H, W)}; output {@code (N, oup, H', W')}, {@code H' = ⌊(H − 1)/stride⌋ + 1}.
 *
 * <p><b>Own operations.</b> residual additions {@code N·C·H·W} ({@code x + conv(x)}, {@code C = oup}) with
 * {@code use_res_connect}; none otherwise.
 *
 * <p><b>Worked example.</b> MobileNetV2's {@code features.3}, {@code InvertedResidual(24, 24, 1, 6)}, on
 * {@code (1, 24, 56, 56)}: {@code hidden = 144}; parameters {@code 24·144 + 288 + 144·9 + 288 + 144·24 + 48 =
 * 8,832}; {@code 24·56·56 = 75,264} residual additions.
 */
public final class InvertedResidual implements Layer {
    private static final String TYPE = "InvertedResidual";
    private static final TermKind RESIDUAL = TensorOps.residualTerm("residual additions (x + conv(x))",
            "x + conv(x)");

    private final long inp;
    private final long oup;
    private final long stride;
    private final long expandRatio;
    private final Sequential conv;   // the one submodule, built once from the arguments above

    private InvertedResidual(long inp, long oup, long stride, long expandRatio) {
        if (stride != 1 && stride != 2) {
            throw new InvalidArgumentException("stride", TYPE + ": stride (" + stride + ") must be 1 or 2;"
                    + " torchvision: stride should be 1 or 2 insted of " + stride);
        }
        if (expandRatio < 1) {
            throw new InvalidArgumentException("expand_ratio", TYPE + ": expand_ratio (" + expandRatio
                    + ") must be positive");
        }
        this.inp = inp;
        this.oup = oup;
        this.stride = stride;
        this.expandRatio = expandRatio;
        this.conv = makeConv();   // checks the channels as the convolutions do
    }

    /** {@code InvertedResidual(inp, oup, stride, expand_ratio)}. */
    public static InvertedResidual of(long inp, long oup, long stride, long expandRatio) {
        return new InvertedResidual(inp, oup, stride, expandRatio);
    }

    public long inp() {
        return inp;
    }

    public long oup() {
        return oup;
    }

    public long stride() {
        return stride;
    }

    public long expandRatio() {
        return expandRatio;
    }

    /** {@code inp·expand_ratio}, torchvision's {@code hidden_dim = int(round(inp * expand_ratio))}. */
    public long hiddenDim() {
        return Math.multiplyExact(inp, expandRatio);
    }

    /** torchvision's {@code use_res_connect}: {@code stride == 1 and inp == oup}. */
    public boolean useResConnect() {
        return stride == 1 && inp == oup;
    }

    /** The {@code conv} Sequential. */
    public Sequential conv() {
        return conv;
    }

    private Sequential makeConv() {
        long hidden = hiddenDim();
        List<Layer> rows = new java.util.ArrayList<>();
        if (expandRatio != 1) {
            rows.add(Conv2dNormActivation.of(inp, hidden).kernelSize(1).activationLayer("ReLU6"));
        }
        rows.add(Conv2dNormActivation.of(hidden, hidden).stride(stride).groups(hidden).activationLayer("ReLU6"));
        rows.add(Conv2d.of(hidden, oup, 1).bias(false));
        rows.add(BatchNorm2d.of(oup));
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
        Shape out = calls.call("conv", conv, x);
        if (useResConnect()) {
            w.note(Stage.SHAPE, () -> "use_res_connect (stride 1, inp = oup = " + oup + "): the forward returns"
                    + " x + conv(x)");
            TensorOps.residual(w, TYPE, out, x, RESIDUAL, "x + conv(x)");
        } else {
            w.note(Stage.SHAPE, () -> "no residual connection (stride " + stride + ", inp " + inp + ", oup " + oup
                    + "): the forward returns conv(x)");
        }
        return Analysis.composite(this, inputs, out, w, calls.children());
    }

    /** torchvision's repr: the one submodule {@code conv}. */
    @Override
    public String toString() {
        Map<String, Object> submodules = new LinkedHashMap<>();
        submodules.put("conv", conv);
        return ModuleRepr.of(TYPE, submodules);
    }
}
