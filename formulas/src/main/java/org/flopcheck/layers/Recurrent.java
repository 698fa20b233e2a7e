package org.flopcheck.layers;

import static org.flopcheck.expr.Exprs.add;
import static org.flopcheck.expr.Exprs.mul;
import static org.flopcheck.expr.Exprs.num;
import static org.flopcheck.expr.Exprs.sub;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.derivation.Stage;
import org.flopcheck.derivation.Worksheet;
import org.flopcheck.expr.Expr;
import org.flopcheck.expr.Sym;
import org.flopcheck.shape.Shape;
import org.flopcheck.terms.Op;

/**
 * The multi-layer recurrent network shared by {@link RNN}, {@link LSTM} and {@link GRU}: torch's {@code RNNBase}
 * forward in eval mode, a stack of {@code num_layers} layers, each run over the sequence once per direction.
 *
 * <p><b>Structure.</b> Layer 0 reads the input ({@code H_in} features); every later layer reads both directions'
 * outputs of the layer below, concatenated ({@code D·H_out} features). Each layer runs its cell once per time step,
 * batch element and direction: {@code L·N·D} cell steps per layer. One cell step computes {@code G·H} gate
 * pre-activations ({@code G} = 1 for RNN, 4 for LSTM, 3 for GRU) as torch's ATen cells do:
 * {@code linear(h, W_hh, b_hh) + linear(x, W_ih, b_ih)}, then the kind's element-wise update.
 *
 * <p><b>Counted per cell step</b> (every layer, direction, time step and batch element):
 * <ul>
 *   <li>input-hidden weight multiplications {@code G·H·I} (MACs) and additions within those dot products
 *       {@code G·H·(I − 1)}, where {@code I = H_in} in layer 0 and {@code I = D·H_out} above;</li>
 *   <li>hidden-hidden weight multiplications {@code G·H·H_out} (MACs) and additions {@code G·H·(H_out − 1)}: the
 *       initial state is multiplied too, zeros included, because torch computes it;</li>
 *   <li>bias additions {@code 2·G·H} with bias: {@code b_ih} and {@code b_hh} are added separately;</li>
 *   <li>{@code G·H} additions combining the input part with the hidden part;</li>
 *   <li>the kind's element-wise operations (see each class).</li>
 * </ul>
 * Dropout between layers does nothing in eval mode. Whether {@code h_0} (and {@code c_0}) is given changes no count.
 *
 * @param <T> the concrete layer type returned by the argument setters
 */
public abstract sealed class Recurrent<T extends Recurrent<T>> implements Layer permits RNN, LSTM, GRU {

    public static final Sym L = new Sym("L", "sequence length");
    public static final Sym N = new Sym("N", "batch size");
    public static final Sym H_IN = new Sym("H_in", "input features (input_size)");
    public static final Sym H = new Sym("H", "hidden units per gate (hidden_size)");
    public static final Sym P = new Sym("P", "projected hidden state size (proj_size)");
    public static final Sym H_OUT = new Sym("H_out", "hidden state features: proj_size if set, else hidden_size");
    public static final Sym D = new Sym("D", "directions: 2 if bidirectional, else 1");
    public static final Sym NUM_LAYERS = new Sym("n_layers", "stacked layers (num_layers)");

    private static final Sym N_UNBATCHED = new Sym("N", "batch size (1: unbatched input)");
    private static final Sym E_0 = new Sym("E_0", "exact operations per cell step of layer 0");
    private static final Sym E_1 = new Sym("E_1", "exact operations per cell step of each layer above 0");
    private static final Sym M_0 = new Sym("M_0", "weight multiplications (MACs) per cell step of layer 0");
    private static final Sym M_1 = new Sym("M_1", "weight multiplications (MACs) per cell step of each layer above 0");

    /** The constructor arguments of torch's {@code RNNBase}; {@code proj_size} and {@code nonlinearity} by kind. */
    record Config(long inputSize, long hiddenSize, long numLayers, boolean bias, boolean batchFirst, double dropout,
                  boolean bidirectional, long projSize, String nonlinearity) {

        /** torch's defaults: one layer, bias, sequence first, no dropout, one direction, no projection, tanh. */
        static Config of(long inputSize, long hiddenSize) {
            return new Config(inputSize, hiddenSize, 1, true, false, 0.0, false, 0, "tanh");
        }

        Config withNumLayers(long v) {
            return new Config(inputSize, hiddenSize, v, bias, batchFirst, dropout, bidirectional, projSize,
                    nonlinearity);
        }

        Config withBias(boolean v) {
            return new Config(inputSize, hiddenSize, numLayers, v, batchFirst, dropout, bidirectional, projSize,
                    nonlinearity);
        }

        Config withBatchFirst(boolean v) {
            return new Config(inputSize, hiddenSize, numLayers, bias, v, dropout, bidirectional, projSize,
                    nonlinearity);
        }

        Config withDropout(double v) {
            return new Config(inputSize, hiddenSize, numLayers, bias, batchFirst, v, bidirectional, projSize,
                    nonlinearity);
        }

        Config withBidirectional(boolean v) {
            return new Config(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, v, projSize,
                    nonlinearity);
        }

        Config withProjSize(long v) {
            return new Config(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, v,
                    nonlinearity);
        }

        Config withNonlinearity(String v) {
            return new Config(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize, v);
        }
    }

    final Config config;

    /** The most stacked layers flopcheck analyses; each has its own named parameters and terms. */
    static final long MAX_LAYERS = 1L << 14;

    Recurrent(String type, Config c) {
        // torch checks dropout first, then hidden_size, num_layers and proj_size
        if (!(c.dropout() >= 0 && c.dropout() <= 1)) {
            throw new InvalidArgumentException("dropout", type + ": dropout (" + c.dropout() + ") must be a number in"
                    + " [0, 1], the probability of an element being zeroed");
        }
        Args.positive(type, "input_size", c.inputSize());
        Args.positive(type, "hidden_size", c.hiddenSize());
        Args.positive(type, "num_layers", c.numLayers());
        if (c.numLayers() > MAX_LAYERS) {
            // each layer's parameters are listed by name, as torch names them: that list has to fit in memory
            throw new InvalidArgumentException("num_layers", type + ": num_layers (" + c.numLayers() + ") is more"
                    + " than the " + MAX_LAYERS + " layers flopcheck lists parameter by parameter");
        }
        if (c.projSize() < 0) {
            throw new InvalidArgumentException("proj_size", type + ": proj_size (" + c.projSize() + ") must not be"
                    + " negative; 0 disables the projection");
        }
        if (c.projSize() >= c.hiddenSize()) {
            throw new InvalidArgumentException("proj_size", type + ": proj_size (" + c.projSize() + ") must be"
                    + " smaller than hidden_size (" + c.hiddenSize() + ")");
        }
        Args.oneOf(type, "nonlinearity", c.nonlinearity(), "tanh", "relu");
        this.config = c;
    }

    /** A layer of the concrete type with these arguments. */
    abstract T copy(Config c);

    /** The update each cell step performs. */
    abstract Cell cell();

    /** The number of stacked recurrent layers; torch's default is 1. */
    public T numLayers(long numLayers) {
        return copy(config.withNumLayers(numLayers));
    }

    /** Whether each layer adds the learnable biases {@code b_ih} and {@code b_hh}; torch's default is true. */
    public T bias(boolean bias) {
        return copy(config.withBias(bias));
    }

    /** Whether input and output are {@code (N, L, features)} rather than {@code (L, N, features)}; torch's default is false. */
    public T batchFirst(boolean batchFirst) {
        return copy(config.withBatchFirst(batchFirst));
    }

    /** Dropout probability between layers, in [0, 1]; torch's default is 0. Counts do not change: eval mode. */
    public T dropout(double dropout) {
        return copy(config.withDropout(dropout));
    }

    /** Whether each layer also runs over the reversed sequence; torch's default is false. */
    public T bidirectional(boolean bidirectional) {
        return copy(config.withBidirectional(bidirectional));
    }

    public long inputSize() {
        return config.inputSize();
    }

    public long hiddenSize() {
        return config.hiddenSize();
    }

    public long numLayers() {
        return config.numLayers();
    }

    public boolean bias() {
        return config.bias();
    }

    public boolean batchFirst() {
        return config.batchFirst();
    }

    public double dropout() {
        return config.dropout();
    }

    public boolean bidirectional() {
        return config.bidirectional();
    }

    /** D: 2 when bidirectional, else 1. */
    public long directions() {
        return config.bidirectional() ? 2 : 1;
    }

    /** H_out: the size of the hidden state each direction outputs, {@code proj_size} if set, else {@code hidden_size}. */
    public long hiddenOutSize() {
        return config.projSize() > 0 ? config.projSize() : config.hiddenSize();
    }

    @Override
    public Analysis analyze(Inputs inputs) {
        String type = type();
        Cell cell = cell();
        boolean hasCellState = cell.hasCellState();
        int extra = hasCellState ? 2 : 1;
        if (inputs.size() != 1 && inputs.size() != 1 + extra) {
            throw new InvalidShapeException("input", type + " takes the input alone or with "
                    + (hasCellState ? "h_0 and c_0 (3 inputs)" : "h_0 (2 inputs)") + ", got " + inputs.size()
                    + " inputs " + inputs);
        }
        Shape x = inputs.get(0);
        String layout = (config.batchFirst() ? "(N, L, H_in=" : "(L, N, H_in=") + config.inputSize()
                + ") or unbatched (L, H_in=" + config.inputSize() + ")";
        if (x.rank() != 2 && x.rank() != 3) {
            throw Forward.expected(type, layout, x);
        }
        if (x.dim(-1) != config.inputSize()) {
            throw new InvalidShapeException("input", type + " expects input " + layout + ", got " + x + ": "
                    + x.dim(-1) + " input features, not input_size " + config.inputSize());
        }
        boolean batched = x.rank() == 3;
        long length = batched && config.batchFirst() ? x.dim(1) : x.dim(0);
        long batch = batched ? (config.batchFirst() ? x.dim(0) : x.dim(1)) : 1;
        long d = directions();
        long stacked = Math.multiplyExact(d, config.numLayers());
        long hOut = hiddenOutSize();
        if (inputs.size() > 1) {
            checkState(inputs.get(1), "h_0", stacked, batched, batch, hOut, "H_out");
            if (hasCellState) {
                checkState(inputs.get(2), "c_0", stacked, batched, batch, config.hiddenSize(), "H_cell");
            }
        }

        Worksheet w = new Worksheet(type);
        w.given(L, length);
        w.given(batched ? N : N_UNBATCHED, batch);
        w.given(H_IN, config.inputSize());
        w.given(H, config.hiddenSize());
        boolean projected = config.projSize() > 0;
        if (projected) {
            w.given(P, config.projSize());
        }
        w.given(D, d);
        w.given(NUM_LAYERS, config.numLayers());
        if (!batched) {
            w.note(Stage.SHAPE, () -> "unbatched input (L, H_in): one sequence, N = 1"
                    + (config.batchFirst() ? "; batch_first does not apply" : ""));
        } else if (config.batchFirst()) {
            w.note(Stage.SHAPE, "batch_first=True: the input is (N, L, H_in) and the output (N, L, D·H_out)");
        }
        w.define(Stage.SHAPE, projected ? "hidden state size (projected)" : "hidden state size", H_OUT,
                projected ? P : H);
        long features = w.show(Stage.SHAPE, "output features (both directions concatenated)", mul(D, H_OUT));
        if (inputs.size() > 1) {
            w.note(Stage.SHAPE, () -> (hasCellState ? "h_0 and c_0 given" : "h_0 given")
                    + ": the counts are the same as from torch's zero initial state, which is multiplied as well");
        }
        if (config.dropout() > 0) {
            w.note(Stage.SHAPE, () -> "dropout=" + PyRepr.floatRepr(config.dropout()) + " between layers does nothing"
                    + " in eval mode"
                    + (config.numLayers() == 1 ? " (with one layer torch warns that it would never apply)" : ""));
        }

        Expr rows = cell.rows(H);
        for (long k = 0; k < config.numLayers(); k++) {
            Expr in = k == 0 ? H_IN : mul(D, H_OUT);
            for (int dir = 0; dir < d; dir++) {
                String suffix = "_l" + k + (dir == 1 ? "_reverse" : "");
                w.parameter("weight_ih" + suffix, rows, in);
                w.parameter("weight_hh" + suffix, rows, H_OUT);
                if (config.bias()) {
                    w.parameter("bias_ih" + suffix, rows);
                    w.parameter("bias_hh" + suffix, rows);
                }
                if (projected) {
                    w.parameter("weight_hr" + suffix, P, H);
                }
            }
        }

        boolean upper = config.numLayers() > 1;
        w.show(Stage.PER_OUTPUT, "cell steps per layer (time steps × batch × directions)", mul(L, N, D));
        w.define(Stage.PER_OUTPUT, "weight multiplications (MACs) per cell step, layer 0", M_0, macsPerStep(H_IN));
        w.define(Stage.PER_OUTPUT, "exact operations per cell step, layer 0", E_0, exactPerStep(H_IN));
        if (upper) {
            w.define(Stage.PER_OUTPUT, "weight multiplications (MACs) per cell step, each layer above 0 (input D·H_out)",
                    M_1, macsPerStep(mul(D, H_OUT)));
            w.define(Stage.PER_OUTPUT, "exact operations per cell step, each layer above 0 (input D·H_out)", E_1,
                    exactPerStep(mul(D, H_OUT)));
        }

        List<Expr> steps = List.of(L, N, D);
        List<Expr> cellSteps = List.of(L, N, D, NUM_LAYERS);
        List<Expr> upperSteps = List.of(L, N, D, sub(NUM_LAYERS, num(1)));
        String g = cell.gates() == 1 ? "H" : cell.gates() + "·H";
        w.macTerm("input-hidden weight multiplications, layer 0", times(steps, rows, H_IN),
                "each of the " + g + " gate rows of weight_ih_l0 is a dot product with the H_in input features");
        w.term("input-hidden additions within dot products, layer 0", Op.ADDITION,
                times(steps, rows, sub(H_IN, num(1))), "H_in products are summed with H_in − 1 additions");
        if (upper) {
            w.macTerm("input-hidden weight multiplications, layers above 0", times(upperSteps, rows, D, H_OUT),
                    "layers 1 to n_layers − 1 read both directions' outputs of the layer below: D·H_out features");
            w.term("input-hidden additions within dot products, layers above 0", Op.ADDITION,
                    times(upperSteps, rows, sub(mul(D, H_OUT), num(1))),
                    "D·H_out products are summed with D·H_out − 1 additions");
        }
        w.macTerm("hidden-hidden weight multiplications", times(cellSteps, rows, H_OUT),
                "each gate row of weight_hh is a dot product with the previous hidden state; torch multiplies the"
                        + " initial state too, zeros included");
        w.term("hidden-hidden additions within dot products", Op.ADDITION,
                times(cellSteps, rows, sub(H_OUT, num(1))), "H_out products are summed with H_out − 1 additions");
        if (config.bias()) {
            w.term("bias additions", Op.ADDITION, times(cellSteps, num(2), rows),
                    "b_ih and b_hh are added separately, as torch's cell calls linear(x, W_ih, b_ih) and"
                            + " linear(h, W_hh, b_hh)");
        }
        w.term("input and hidden parts combined", Op.ADDITION, times(cellSteps, rows), cell.combineNote());
        cell.terms(w, cellSteps, H);
        if (projected) {
            w.macTerm("projection multiplications", times(cellSteps, P, H),
                    "h = o⊙tanh(c) is projected by weight_hr (P, H) with no bias: P dot products of H products");
            w.term("projection additions within dot products", Op.ADDITION, times(cellSteps, P, sub(H, num(1))),
                    "H products are summed with H − 1 additions");
        }

        w.show(Stage.SUMMARY, "weight multiplications (MACs) in closed form",
                mul(L, N, D, upper ? add(M_0, mul(sub(NUM_LAYERS, num(1)), M_1)) : M_0));
        w.show(Stage.SUMMARY, "exact operations in closed form",
                mul(L, N, D, upper ? add(E_0, mul(sub(NUM_LAYERS, num(1)), E_1)) : E_0));

        List<Shape> outputs = new ArrayList<>();
        outputs.add(batched
                ? (config.batchFirst() ? Shape.of(batch, length, features) : Shape.of(length, batch, features))
                : Shape.of(length, features));
        outputs.add(batched ? Shape.of(stacked, batch, hOut) : Shape.of(stacked, hOut));
        if (hasCellState) {
            outputs.add(batched ? Shape.of(stacked, batch, config.hiddenSize())
                    : Shape.of(stacked, config.hiddenSize()));
        }
        return Analysis.leaf(this, inputs, outputs, w);
    }

    /** M: the dot-product products of one cell step of a layer reading {@code in} features. */
    private Expr macsPerStep(Expr in) {
        Expr gatesTimes = mul(cell().rows(H), add(in, H_OUT));
        return config.projSize() > 0 ? add(gatesTimes, mul(P, H)) : gatesTimes;
    }

    /** E: every operation of one cell step of a layer reading {@code in} features, projection included. */
    private Expr exactPerStep(Expr in) {
        List<Expr> parts = new ArrayList<>(cell().exactPerStep(in, H_OUT, H, config.bias()));
        if (config.projSize() > 0) {
            parts.add(mul(P, sub(mul(num(2), H), num(1))));
        }
        return add(parts);
    }

    private void checkState(Shape s, String name, long stacked, boolean batched, long batch, long size,
                            String sizeName) {
        Shape expected = batched ? Shape.of(stacked, batch, size) : Shape.of(stacked, size);
        if (!s.equals(expected)) {
            String layout = batched
                    ? "(D·num_layers=" + stacked + ", N=" + batch + ", " + sizeName + "=" + size + ")"
                    : "(D·num_layers=" + stacked + ", " + sizeName + "=" + size + ") for an unbatched input";
            throw new InvalidShapeException(name, type() + " expects " + name + " " + layout + ", got " + s);
        }
    }

    private static Expr times(List<Expr> prefix, Expr... more) {
        return Cell.times(prefix, more);
    }

    /** torch's {@code RNNBase.extra_repr}: arguments that differ from their defaults, in torch's order. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type()).append('(').append(config.inputSize()).append(", ")
                .append(config.hiddenSize());
        if (config.projSize() != 0) {
            sb.append(", proj_size=").append(config.projSize());
        }
        if (config.numLayers() != 1) {
            sb.append(", num_layers=").append(config.numLayers());
        }
        if (!config.bias()) {
            sb.append(", bias=False");
        }
        if (config.batchFirst()) {
            sb.append(", batch_first=True");
        }
        if (config.dropout() != 0) {
            sb.append(", dropout=").append(PyRepr.floatRepr(config.dropout()));
        }
        if (config.bidirectional()) {
            sb.append(", bidirectional=True");
        }
        return sb.append(')').toString();
    }

}
