package org.flopcheck.tools;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Outcome;
import org.flopcheck.convention.Rule;
import org.flopcheck.layers.Analysis;

/**
 * What ptflops reports with {@code backend='pytorch'}, in versions 0.7.5 and 0.7.2.2: forward hooks on the modules
 * whose class it knows, plus the patched {@code torch.nn.functional} calls and tensor operations a forward pass
 * makes, with the hooks' sum divided by the root's batch counter and the whole truncated.
 *
 * <p>The two versions share every rule but three: 0.7.5 counts a transposed convolution's products at its input
 * positions and a convolution's bias from the output's shape, where 0.7.2.2 counts both at the output positions
 * like a plain convolution; and 0.7.5's {@code F.interpolate} count multiplies over the spatial dimensions where
 * 0.7.2.2's uses the batch size (and fails on a tuple {@code scale_factor} of another length).
 *
 * <p>The simulation of one counted call is in {@link PtflopsPytorchRun}, one method per hook of ptflops'
 * {@code pytorch_ops.py} and {@code pytorch_engine.py}; every number is attributed to the rule behind it.
 */
public final class PtflopsPytorchConvention implements Convention {
    /** ptflops 0.7.5 (sovrasov/flops-counter.pytorch tag v0.7.5), {@code backend='pytorch'}. */
    public static final PtflopsPytorchConvention V0_7_5 = new PtflopsPytorchConvention("0.7.5", true);
    /** ptflops 0.7.2.2 (tag v0.7.2.2), which has only the pytorch backend. */
    public static final PtflopsPytorchConvention V0_7_2_2 = new PtflopsPytorchConvention("0.7.2.2", false);

    private static final String OPS = "ptflops/pytorch_ops.py ";
    private static final String ENGINE = "ptflops/pytorch_engine.py ";

    private final String version;
    private final String id;
    private final boolean v075;

    final Rule moduleHooks;
    final Rule convolution;
    final Rule convolutionBias;
    final Rule transposedConvolution;
    final Rule firstDimensionIsBatch;
    final Rule linear;
    final Rule normalization;
    final Rule activation;
    final Rule pooling;
    final Rule upsample;
    final Rule recurrent;
    final Rule recurrentCell;
    final Rule attention;
    final Rule patchedFunctionals;
    final Rule patchedInterpolate;
    final Rule patchedTensorOps;
    final Rule capturedFunctions;
    final Rule gradientsEnabled;
    final Rule batchCounter;
    final Rule parameters;
    final Rule keywordInputs;
    final Rule unbatchedIndexError;
    final Rule swallowedExceptions;
    final Rule unknownForward;
    private final List<Rule> rules;

    private PtflopsPytorchConvention(String version, boolean v075) {
        this.version = version;
        this.id = "ptflops-" + version + "-pytorch";
        this.v075 = v075;
        List<Rule> all = new ArrayList<>();
        moduleHooks = rule(all, "module-hooks", "only a module whose exact class has an entry in MODULES_MAPPING"
                + " (convolutions, the ReLU family and GELU, poolings, normalisations, Linear, Upsample, recurrent"
                + " layers and cells, MultiheadAttention) gets a forward hook adding to its __flops__; containers,"
                + " Embedding, Dropout, Flatten, Sigmoid, Tanh, Hardtanh, SiLU, Softmax and subclasses count nothing"
                + " of their own", OPS + "MODULES_MAPPING; " + ENGINE + "start_flops_count");
        convolution = rule(all, "conv-output-positions", "a convolution counts prod(kernel_size)·in_channels·"
                + "(out_channels // groups) products at every output position, times input.shape[0] as the batch",
                OPS + "conv_flops_counter_hook");
        convolutionBias = rule(all, "conv-bias", v075
                ? "with a bias a convolution adds input.shape[0]·prod(output.shape[1:]), one per output element of"
                        + " a batched input"
                : "with a bias a convolution adds out_channels per counted position,"
                        + " out_channels·input.shape[0]·prod(output.shape[2:])", OPS + "conv_flops_counter_hook");
        transposedConvolution = v075
                ? rule(all, "conv-transpose-input-positions", "a transposed convolution counts"
                        + " prod(kernel_size)·in_channels·(out_channels // groups) products at every input position"
                        + " (transpose=True), times input.shape[0]", OPS + "conv_flops_counter_hook (transpose=True)")
                : rule(all, "conv-transpose-as-convolution", "a transposed convolution is hooked as a plain"
                        + " convolution: prod(kernel_size)·in_channels·(out_channels // groups) products at every"
                        + " output position, far more than it computes", OPS + "conv_flops_counter_hook, MODULES_MAPPING");
        firstDimensionIsBatch = rule(all, "first-dimension-is-batch", "hooks take input.shape[0] for the batch and"
                + " index the other dimensions by position, so for an unbatched convolution input the channels stand"
                + " in for the batch and the spatial dimensions shift by one, and a recurrent layer multiplies by"
                + " input.shape[0]·input.shape[1] whatever they are", OPS + "conv_flops_counter_hook,"
                + " rnn_flops_counter_hook");
        linear = rule(all, "linear-rows", "Linear counts in_features·out_features, plus out_features with a bias, for"
                + " every row, rows being the product of all input dimensions but the last",
                OPS + "linear_flops_counter_hook");
        normalization = rule(all, "norm-input-elements", "BatchNorm, InstanceNorm, GroupNorm and LayerNorm count one"
                + " per input element, two when the module has a true attribute named 'affine'; LayerNorm's is named"
                + " elementwise_affine, so it is never doubled", OPS + "bn_flops_counter_hook");
        activation = rule(all, "activation-output-elements", "ReLU, PReLU, ELU, LeakyReLU, ReLU6 and GELU modules"
                + " count one per output element", OPS + "relu_flops_counter_hook");
        pooling = rule(all, "pool-input-elements", "every max, average and adaptive pooling module counts one per"
                + " input element, whatever its window", OPS + "pool_flops_counter_hook");
        upsample = rule(all, "upsample-first-sample", "Upsample counts the elements of output[0], the first sample"
                + " only", OPS + "upsample_flops_counter_hook");
        recurrent = rule(all, "recurrent-weights", "RNN, GRU and LSTM count, for each layer of the forward direction,"
                + " the elements of weight_ih and weight_hh, a gate cost per hidden unit (1 for RNN, 7 for GRU, 10"
                + " for LSTM) and the lengths of both biases, all times input.shape[0]·input.shape[1] and doubled when"
                + " bidirectional; LSTM's projection weight_hr is not counted",
                OPS + "rnn_flops_counter_hook, rnn_flops");
        recurrentCell = rule(all, "recurrent-cell-weights", "RNNCell, GRUCell and LSTMCell count one step of the"
                + " matching network's layer (weights, gate cost per hidden unit, biases) times input.shape[0]",
                OPS + "rnn_cell_flops_counter_hook, rnn_flops");
        attention = rule(all, "attention-hook", "MultiheadAttention counts per batch element the query scaling L·E,"
                + " the input projections as L·E², S·E_k² and S·E_v², (L + 2S)·E in-projection biases when"
                + " in_proj_bias exists, per head L·S·(E // h) + L·S + L·S·(E_v // h), and the output projection"
                + " L·E_v·(E_v + 1) with its bias always included; rows appended by add_bias_kv and add_zero_attn are"
                + " not seen", OPS + "multihead_attention_counter_hook");
        patchedFunctionals = rule(all, "patched-functionals", "while counting, F.relu, F.prelu, F.elu, F.relu6,"
                + " F.gelu, F.silu, F.softmax and the functional poolings are wrappers that add input.numel() to a"
                + " list that is not divided by the batch counter; torch's modules look them up when called, so"
                + " ReLU, GELU and pooling modules are counted twice and SiLU and Softmax modules once",
                ENGINE + "patch_functional; " + OPS + "_numel_functional_flops_hook");
        patchedInterpolate = rule(all, "patched-interpolate", v075
                ? "the patched F.interpolate that Upsample calls adds prod(size)·N·C for a tuple size, size^d·N·C"
                        + " for an integer, input.numel()·prod(int(s) for s in scale_factor) for a tuple scale_factor"
                        + " and input.numel()·scale_factor^d for a number (in float64), d being the spatial dimensions"
                : "the patched F.interpolate that Upsample calls adds prod(size) for a tuple size and the size"
                        + " itself for an integer, input.numel()·prod(int(s) for s in scale_factor) for a tuple"
                        + " scale_factor as long as the batch size, and input.numel()·scale_factor^N for a number (in"
                        + " float64), N = len(input) being the batch size; a tuple of another length raises TypeError",
                ENGINE + "patch_functional; " + OPS + "_interpolate_functional_flops_hook");
        patchedTensorOps = rule(all, "patched-tensor-ops", "torch.matmul, mm and bmm are wrappers that add"
                + " prod(a.shape)·b.shape[-1] (addmm and baddbmm also the added input's elements, mul and add the"
                + " broadcast elements), not divided by the batch counter; MultiheadAttention's forward calls"
                + " torch.bmm for q·kᵀ and for weights·v and F.softmax, counting again what its hook counted (the"
                + " operators + and * are not patched)", ENGINE + "patch_tensor_ops; " + OPS
                + "_matmul_tensor_flops_hook");
        capturedFunctions = rule(all, "captured-functions", "a function captured before counting starts is not"
                + " patched: TransformerEncoderLayer stores F.relu or F.gelu when it is built, so its feed-forward"
                + " activation counts nothing", ENGINE + "patch_functional; torch/nn/modules/transformer.py"
                + " TransformerEncoderLayer.__init__");
        gradientsEnabled = rule(all, "gradients-enabled", "the model runs in eval mode with gradients enabled (no"
                + " torch.no_grad), so torch's MultiheadAttention and TransformerEncoderLayer fast paths are never"
                + " taken and every submodule's hook fires", ENGINE + "get_flops_pytorch");
        batchCounter = rule(all, "batch-counter", "the total is int(Σ __flops__ / __batch_counter__ + Σ functional +"
                + " Σ tensor ops) in float64, the batch counter being len() of the root module's first positional"
                + " input, or 1 (with a printed warning) when the inputs are passed as keywords",
                ENGINE + "get_flops_pytorch, compute_average_flops_cost, batch_counter_hook");
        parameters = rule(all, "parameters-requires-grad", "parameters are the elements of model.parameters() that"
                + " require gradients, over the whole model, whatever the hooks saw",
                ENGINE + "get_model_parameters_number");
        keywordInputs = rule(all, "keyword-inputs", "several inputs come from input_constructor as a dict passed as"
                + " keyword arguments, so the root module's hooks see no positional input: a hook that indexes it"
                + " raises IndexError (ValueError when MultiheadAttention's hook unpacks q, k, v)",
                ENGINE + "get_flops_pytorch (flops_model(**batch))");
        unbatchedIndexError = rule(all, "unbatched-index-error", "the MultiheadAttention hook reads q.shape[2] and"
                + " the cell hooks input.shape[1], which an unbatched input does not have: IndexError",
                OPS + "multihead_attention_counter_hook, rnn_cell_flops_counter_hook");
        swallowedExceptions = rule(all, "swallowed-exceptions", "an exception during the counted forward pass is"
                + " printed and get_model_complexity_info returns (None, None)", ENGINE + "get_flops_pytorch");
        unknownForward = new Rule(id() + "/unknown-forward", "a module outside torch.nn and torchvision (a flopcheck"
                + " block such as Residual or SelfAttention) may call patched functions or tensor operations in its"
                + " forward, which ptflops would count; that is not guessed: the count is refused",
                "flopcheck's model of ptflops " + version);
        all.add(unknownForward);
        this.rules = List.copyOf(all);
    }

    private Rule rule(List<Rule> into, String name, String statement, String source) {
        Rule r = new Rule(id() + "/" + name, statement, "ptflops " + version + " " + source);
        into.add(r);
        return r;
    }

    /** True for 0.7.5: transposed convolutions at input positions, interpolation over the spatial dimensions. */
    boolean v075() {
        return v075;
    }

    public String version() {
        return version;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return "ptflops " + version + ", pytorch backend";
    }

    @Override
    public String description() {
        return "what ptflops " + version + " reports with backend='pytorch': module hooks (convolutions with bias,"
                + " normalisations, activations, poolings, Linear, Upsample, recurrent layers, MultiheadAttention)"
                + " divided by the root's batch counter, plus patched functional calls and tensor operations counted"
                + " again and undivided, truncated to an integer; parameters that require gradients";
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public Outcome outcome(Analysis analysis) {
        return Convention.guarded(id(), analysis, () -> PtflopsPytorchRun.outcome(this, analysis));
    }

    @Override
    public String toString() {
        return id();
    }
}
