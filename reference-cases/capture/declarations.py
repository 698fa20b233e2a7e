"""The golden cases, declared once as flopcheck specs.

A spec mirrors torch.nn: {"type": <torch.nn class name>, <constructor keyword>: <value>, ...}. Omitted
arguments take torch's defaults, tuples are written as lists, strings stay strings. Composites:
{"type": "Sequential", "layers": [spec, ...]} (an optional "name" on a layer names its row),
{"type": "TransformerEncoder", "encoder_layer": spec, "num_layers": n} and torchvision models as
{"type": "torchvision.models.<name>"} (constructor keyword arguments allowed, never weights).

A case is {"id", "description", "model", "inputs"}: one shape per positional forward input, or
{"same_as": i} for the very same tensor as input i (self-attention). capture.py builds the torch module
from the spec, so the spec written to the golden file is exactly the model that was measured.

This module only declares data; it imports nothing but the standard library.
"""

SAME_AS_0 = {"same_as": 0}


def layer(kind, **kwargs):
    """A layer spec: torch.nn class name plus constructor keyword arguments."""
    spec = {"type": kind}
    spec.update(kwargs)
    return spec


def sequential(*layers):
    return {"type": "Sequential", "layers": list(layers)}


def named(name, spec):
    spec = dict(spec)
    spec["name"] = name
    return spec


def case(case_id, description, model, *inputs):
    return {"id": case_id, "description": description, "model": model, "inputs": list(inputs)}


# --------------------------------------------------------------------------------------------------
# Convolutions

def _conv_cases():
    cases = []
    # (dims, channel sizes and spatial input size per dimensionality)
    spatial = {1: [32], 2: [12, 12], 3: [6, 6, 6]}
    for d in (1, 2, 3):
        t = "Conv%dd" % d
        p = "conv%dd/" % d
        sp = spatial[d]

        def tup(*v):
            return list(v[:d]) if d > 1 else v[0]

        def shape(n=1, c=4, s=None):
            return [n, c] + (s or sp)

        def add(name, description, spec, *inputs):
            cases.append(case(p + name, description, layer(t, **spec), *(inputs or [shape()])))

        add("basic", "3-wide kernel, defaults otherwise (stride 1, no padding, bias on)",
            dict(in_channels=4, out_channels=8, kernel_size=3))
        add("no-bias", "bias=False", dict(in_channels=4, out_channels=8, kernel_size=3, bias=False))
        add("stride-2", "stride 2, output size rounded down",
            dict(in_channels=4, out_channels=8, kernel_size=3, stride=2))
        add("stride-3-padding-2", "stride 3 with zero padding 2 (floor in the output size)",
            dict(in_channels=4, out_channels=8, kernel_size=3, stride=3, padding=2))
        add("padding-1", "zero padding 1 keeps the size with kernel 3",
            dict(in_channels=4, out_channels=8, kernel_size=3, padding=1))
        add("padding-same", "padding='same' with an odd kernel",
            dict(in_channels=4, out_channels=8, kernel_size=3, padding="same"))
        add("padding-same-even-kernel", "padding='same' with an even kernel (asymmetric padding)",
            dict(in_channels=4, out_channels=8, kernel_size=4, padding="same"))
        add("padding-same-dilation-2", "padding='same' with dilation 2",
            dict(in_channels=4, out_channels=8, kernel_size=3, padding="same", dilation=2))
        add("padding-valid", "padding='valid' (no padding)",
            dict(in_channels=4, out_channels=8, kernel_size=3, padding="valid"))
        add("dilation-2", "dilation 2 widens the receptive field",
            dict(in_channels=4, out_channels=8, kernel_size=3, dilation=2))
        add("stride-2-dilation-2-padding-2", "stride, dilation and padding together",
            dict(in_channels=4, out_channels=8, kernel_size=3, stride=2, dilation=2, padding=2))
        add("groups-2", "grouped convolution, 2 groups",
            dict(in_channels=4, out_channels=8, kernel_size=3, groups=2))
        add("groups-4-no-bias", "4 groups of 1 input channel and 2 outputs, no bias",
            dict(in_channels=4, out_channels=8, kernel_size=3, groups=4, bias=False))
        add("depthwise", "depthwise: groups = in_channels = out_channels",
            dict(in_channels=4, out_channels=4, kernel_size=3, groups=4, padding=1))
        add("depthwise-multiplier-2", "depthwise with channel multiplier 2 (out = 2 x in, groups = in)",
            dict(in_channels=4, out_channels=8, kernel_size=3, groups=4))
        add("depthwise-multiplier-3-no-bias", "depthwise with channel multiplier 3, no bias",
            dict(in_channels=4, out_channels=12, kernel_size=3, groups=4, bias=False))
        for mode in ("zeros", "reflect", "replicate", "circular"):
            add("padding-mode-" + mode, "padding 1 with padding_mode='%s'" % mode,
                dict(in_channels=4, out_channels=8, kernel_size=3, padding=1, padding_mode=mode))
        add("padding-same-reflect", "padding='same' with padding_mode='reflect'",
            dict(in_channels=4, out_channels=8, kernel_size=3, padding="same", padding_mode="reflect"))
        add("batch-4", "batch of 4",
            dict(in_channels=4, out_channels=8, kernel_size=3), shape(n=4))
        add("batch-3-no-bias", "batch of 3 without bias",
            dict(in_channels=4, out_channels=8, kernel_size=3, bias=False), shape(n=3))
        add("unbatched", "unbatched input (no batch dimension)",
            dict(in_channels=4, out_channels=8, kernel_size=3), [4] + sp)
        add("unbatched-groups-2", "unbatched input with 2 groups",
            dict(in_channels=4, out_channels=8, kernel_size=3, groups=2), [4] + sp)
        add("pointwise", "kernel 1 (pointwise)", dict(in_channels=4, out_channels=8, kernel_size=1))
        add("kernel-equals-input", "kernel as large as the input: output size 1",
            dict(in_channels=4, out_channels=8, kernel_size=sp[0]))
        add("stride-larger-than-kernel", "stride 3 with kernel 2 skips inputs",
            dict(in_channels=4, out_channels=8, kernel_size=2, stride=3))
        add("one-in-one-out", "1 input channel, 1 output channel",
            dict(in_channels=1, out_channels=1, kernel_size=3), shape(c=1))
        if d > 1:
            k = [3, 1, 2][:d] if d == 3 else [3, 5]
            add("kernel-tuple", "non-cubic kernel given as a tuple",
                dict(in_channels=4, out_channels=8, kernel_size=k))
            add("stride-tuple", "different stride per dimension",
                dict(in_channels=4, out_channels=8, kernel_size=3, stride=tup(2, 1, 3)))
            add("padding-tuple", "different padding per dimension",
                dict(in_channels=4, out_channels=8, kernel_size=3, padding=tup(1, 2, 0)))
            add("dilation-tuple", "different dilation per dimension",
                dict(in_channels=4, out_channels=8, kernel_size=3, dilation=tup(1, 2, 1),
                     padding=tup(0, 2, 1)))
            add("padding-same-kernel-tuple-dilation-tuple", "padding='same' with a tuple kernel and dilation",
                dict(in_channels=4, out_channels=8, kernel_size=tup(3, 4, 2), padding="same",
                     dilation=tup(2, 1, 1)))
    # Well-known single convolutions
    cases.append(case("conv2d/kws", "keyword-spotting front end: 1->32 channels, kernel (4, 10), stride (2, 8), no bias",
                      layer("Conv2d", in_channels=1, out_channels=32, kernel_size=[4, 10], stride=[2, 8], bias=False),
                      [1, 1, 130, 40]))
    cases.append(case("conv2d/resnet-stem", "ResNet stem: 3->64, kernel 7, stride 2, padding 3, no bias",
                      layer("Conv2d", in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias=False),
                      [1, 3, 32, 32]))
    cases.append(case("conv2d/rectangular-input", "rectangular input with a rectangular kernel and stride",
                      layer("Conv2d", in_channels=2, out_channels=6, kernel_size=[2, 5], stride=[1, 3]),
                      [2, 2, 9, 17]))
    return cases


def _conv_transpose_cases():
    cases = []
    spatial = {1: [10], 2: [6, 6], 3: [4, 4, 4]}
    for d in (1, 2, 3):
        t = "ConvTranspose%dd" % d
        p = "conv_transpose%dd/" % d
        sp = spatial[d]

        def tup(*v):
            return list(v[:d]) if d > 1 else v[0]

        def add(name, description, spec, *inputs):
            cases.append(case(p + name, description, layer(t, **spec), *(inputs or [[1, 4] + sp])))

        add("basic", "kernel 3, defaults otherwise", dict(in_channels=4, out_channels=6, kernel_size=3))
        add("no-bias", "bias=False", dict(in_channels=4, out_channels=6, kernel_size=3, bias=False))
        add("stride-2", "stride 2 upsampling", dict(in_channels=4, out_channels=6, kernel_size=3, stride=2))
        add("stride-2-kernel-2", "stride 2, kernel 2 (non-overlapping)",
            dict(in_channels=4, out_channels=6, kernel_size=2, stride=2))
        add("stride-2-output-padding-1", "stride 2 with output_padding 1",
            dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, output_padding=1))
        add("padding-1", "padding 1 trims the output",
            dict(in_channels=4, out_channels=6, kernel_size=3, padding=1))
        add("stride-3-padding-1-output-padding-2", "stride 3, padding 1, output_padding 2",
            dict(in_channels=4, out_channels=6, kernel_size=3, stride=3, padding=1, output_padding=2))
        add("groups-2", "2 groups", dict(in_channels=4, out_channels=6, kernel_size=3, groups=2))
        add("depthwise", "depthwise: groups = in_channels = out_channels",
            dict(in_channels=4, out_channels=4, kernel_size=3, groups=4))
        add("dilation-2", "dilation 2", dict(in_channels=4, out_channels=6, kernel_size=3, dilation=2))
        add("stride-2-dilation-2-output-padding-1", "stride 2, dilation 2, output_padding 1",
            dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, dilation=2, output_padding=1))
        add("groups-2-stride-2-no-bias", "2 groups, stride 2, no bias",
            dict(in_channels=4, out_channels=6, kernel_size=3, groups=2, stride=2, bias=False))
        add("batch-3", "batch of 3", dict(in_channels=4, out_channels=6, kernel_size=3, stride=2), [3, 4] + sp)
        add("unbatched", "unbatched input", dict(in_channels=4, out_channels=6, kernel_size=3, stride=2), [4] + sp)
        if d > 1:
            add("tuples", "per-dimension kernel, stride, padding and output_padding",
                dict(in_channels=4, out_channels=6, kernel_size=tup(3, 2, 3), stride=tup(2, 1, 3),
                     padding=tup(1, 0, 1), output_padding=tup(1, 0, 2)))
    return cases


def _linear_cases():
    L = lambda i, o, **kw: layer("Linear", in_features=i, out_features=o, **kw)
    return [
        case("linear/basic", "16 -> 8 on a (1, 16) input", L(16, 8), [1, 16]),
        case("linear/no-bias", "bias=False", L(16, 8, bias=False), [1, 16]),
        case("linear/input-1d", "1-D (unbatched) input", L(16, 8), [16]),
        case("linear/input-1d-no-bias", "1-D input without bias", L(16, 8, bias=False), [16]),
        case("linear/input-2d-batch-4", "2-D input, batch 4", L(16, 8), [4, 16]),
        case("linear/input-2d-batch-4-no-bias", "2-D input, batch 4, no bias", L(16, 8, bias=False), [4, 16]),
        case("linear/input-3d", "3-D input (batch 2, 5 positions)", L(16, 8), [2, 5, 16]),
        case("linear/input-3d-no-bias", "3-D input without bias", L(16, 8, bias=False), [2, 5, 16]),
        case("linear/input-3d-batch-1", "3-D input with batch 1 (1, 7, 16)", L(16, 8), [1, 7, 16]),
        case("linear/input-4d", "4-D input (2, 3, 4, 16)", L(16, 8), [2, 3, 4, 16]),
        case("linear/input-4d-no-bias", "4-D input without bias", L(16, 8, bias=False), [2, 3, 4, 16]),
        case("linear/input-5d", "5-D input (2, 1, 2, 3, 16)", L(16, 8), [2, 1, 2, 3, 16]),
        case("linear/in-1", "a single input feature", L(1, 8), [3, 1]),
        case("linear/out-1", "a single output feature", L(16, 1), [3, 16]),
        case("linear/classifier-512-1000", "a classifier head 512 -> 1000", L(512, 1000), [1, 512]),
    ]


def _norm_cases():
    cases = []
    bn_inputs = {
        "BatchNorm1d": [("input-2d", [4, 8]), ("input-3d", [4, 8, 10])],
        "BatchNorm2d": [("", [2, 8, 6, 6])],
        "BatchNorm3d": [("", [2, 8, 3, 4, 4])],
    }
    for t, inputs in bn_inputs.items():
        for suffix, shape in inputs:
            for affine in (True, False):
                for trs in (True, False):
                    name = "%s/%s%s%s" % (t.lower(), (suffix + "-") if suffix else "",
                                          "affine" if affine else "no-affine",
                                          "" if trs else "-no-running-stats")
                    desc = "%s on %s, affine=%s, track_running_stats=%s%s" % (
                        t, shape, affine, trs, " (eval uses the batch statistics)" if not trs else "")
                    spec = layer(t, num_features=8)
                    if not affine:
                        spec["affine"] = False
                    if not trs:
                        spec["track_running_stats"] = False
                    cases.append(case(name, desc, spec, shape))
    cases += [
        case("batchnorm1d/input-3d-batch-1", "BatchNorm1d on (1, 8, 10)", layer("BatchNorm1d", num_features=8), [1, 8, 10]),
        case("batchnorm2d/batch-1", "BatchNorm2d on (1, 8, 6, 6)", layer("BatchNorm2d", num_features=8), [1, 8, 6, 6]),
        case("batchnorm2d/eps-momentum", "BatchNorm2d with eps 1e-4 and momentum 0.01 (no effect on counts)",
             layer("BatchNorm2d", num_features=8, eps=1e-4, momentum=0.01), [2, 8, 6, 6]),
        case("batchnorm3d/batch-1", "BatchNorm3d on (1, 8, 3, 4, 4)", layer("BatchNorm3d", num_features=8), [1, 8, 3, 4, 4]),
    ]
    cases += [
        case("layernorm/last-dim", "LayerNorm(16) on (2, 5, 16)", layer("LayerNorm", normalized_shape=16), [2, 5, 16]),
        case("layernorm/last-dim-list", "LayerNorm([16]) given as a list", layer("LayerNorm", normalized_shape=[16]), [2, 5, 16]),
        case("layernorm/no-affine", "elementwise_affine=False",
             layer("LayerNorm", normalized_shape=16, elementwise_affine=False), [2, 5, 16]),
        case("layernorm/two-dims", "normalized_shape [5, 16] on (2, 5, 16)", layer("LayerNorm", normalized_shape=[5, 16]), [2, 5, 16]),
        case("layernorm/three-dims", "normalized_shape [4, 6, 6] on (2, 4, 6, 6)",
             layer("LayerNorm", normalized_shape=[4, 6, 6]), [2, 4, 6, 6]),
        case("layernorm/three-dims-no-affine", "normalized_shape [4, 6, 6], elementwise_affine=False",
             layer("LayerNorm", normalized_shape=[4, 6, 6], elementwise_affine=False), [2, 4, 6, 6]),
        case("layernorm/input-2d", "LayerNorm(16) on (3, 16)", layer("LayerNorm", normalized_shape=16), [3, 16]),
        case("layernorm/input-1d", "LayerNorm(16) on a 1-D input (16)", layer("LayerNorm", normalized_shape=16), [16]),
        case("layernorm/input-4d", "LayerNorm(16) on (2, 3, 4, 16)", layer("LayerNorm", normalized_shape=16), [2, 3, 4, 16]),
        case("layernorm/batch-1", "LayerNorm(16) on (1, 5, 16)", layer("LayerNorm", normalized_shape=16), [1, 5, 16]),
        case("layernorm/eps", "LayerNorm with eps 1e-6 (no effect on counts)",
             layer("LayerNorm", normalized_shape=16, eps=1e-6), [2, 5, 16]),
    ]
    cases += [
        case("groupnorm/2-groups", "GroupNorm(2, 8) on (2, 8, 6, 6)", layer("GroupNorm", num_groups=2, num_channels=8), [2, 8, 6, 6]),
        case("groupnorm/1-group", "one group (LayerNorm-like over C, H, W)", layer("GroupNorm", num_groups=1, num_channels=8), [2, 8, 6, 6]),
        case("groupnorm/groups-equal-channels", "groups = channels (InstanceNorm-like)",
             layer("GroupNorm", num_groups=8, num_channels=8), [2, 8, 6, 6]),
        case("groupnorm/no-affine", "affine=False", layer("GroupNorm", num_groups=2, num_channels=8, affine=False), [2, 8, 6, 6]),
        case("groupnorm/input-3d", "on a 3-D input (2, 8, 10)", layer("GroupNorm", num_groups=4, num_channels=8), [2, 8, 10]),
        case("groupnorm/input-5d", "on a 5-D input (2, 8, 3, 3, 3)", layer("GroupNorm", num_groups=4, num_channels=8), [2, 8, 3, 3, 3]),
        case("groupnorm/input-2d", "on a 2-D input (3, 8)", layer("GroupNorm", num_groups=2, num_channels=8), [3, 8]),
        case("groupnorm/batch-1", "batch 1", layer("GroupNorm", num_groups=2, num_channels=8), [1, 8, 6, 6]),
    ]
    for d, shape in ((1, [2, 8, 10]), (2, [2, 8, 6, 6]), (3, [1, 8, 3, 4, 4])):
        t = "InstanceNorm%dd" % d
        p = "instancenorm%dd/" % d
        cases += [
            case(p + "basic", "%s(8) defaults: affine=False, track_running_stats=False" % t, layer(t, num_features=8), shape),
            case(p + "affine", "affine=True", layer(t, num_features=8, affine=True), shape),
            case(p + "running-stats", "track_running_stats=True (eval uses the running statistics)",
                 layer(t, num_features=8, track_running_stats=True), shape),
            case(p + "affine-running-stats", "affine=True, track_running_stats=True",
                 layer(t, num_features=8, affine=True, track_running_stats=True), shape),
        ]
        if d < 3:
            cases.append(case(p + "unbatched", "unbatched input", layer(t, num_features=8, affine=True), shape[1:]))
    return cases


def _recurrent_cases():
    cases = []
    for t in ("RNN", "LSTM", "GRU"):
        p = t.lower() + "/"

        def add(name, description, spec, *inputs):
            s = layer(t, input_size=8, hidden_size=16)
            s.update(spec)
            cases.append(case(p + name, description, s, *(inputs or [[5, 2, 8]])))

        add("basic", "%s(8, 16), sequence 5, batch 2 (sequence first)" % t, {})
        add("2-layers", "num_layers=2", dict(num_layers=2))
        add("3-layers", "num_layers=3", dict(num_layers=3))
        add("bidirectional", "bidirectional=True", dict(bidirectional=True))
        add("bidirectional-2-layers", "bidirectional, 2 layers (layer 2 reads 2 x hidden)",
            dict(bidirectional=True, num_layers=2))
        add("batch-first", "batch_first=True on (2, 5, 8)", dict(batch_first=True), [2, 5, 8])
        add("batch-first-bidirectional-2-layers", "batch_first, bidirectional, 2 layers",
            dict(batch_first=True, bidirectional=True, num_layers=2), [2, 5, 8])
        add("no-bias", "bias=False", dict(bias=False))
        add("no-bias-2-layers", "bias=False, 2 layers", dict(bias=False, num_layers=2))
        add("unbatched", "unbatched input (5, 8)", {}, [5, 8])
        add("unbatched-bidirectional", "unbatched, bidirectional", dict(bidirectional=True), [5, 8])
        add("batch-1", "batch 1 (5, 1, 8)", {}, [5, 1, 8])
        add("sequence-1", "one time step (1, 3, 8)", {}, [1, 3, 8])
        add("dropout-2-layers", "dropout 0.5 between 2 layers (inactive in eval)", dict(num_layers=2, dropout=0.5))
        if t == "RNN":
            add("relu", "nonlinearity='relu'", dict(nonlinearity="relu"))
            add("relu-bidirectional", "nonlinearity='relu', bidirectional", dict(nonlinearity="relu", bidirectional=True))
        if t == "LSTM":
            add("proj-size", "proj_size=4 (projected hidden state)", dict(proj_size=4))
            add("proj-size-2-layers-bidirectional", "proj_size=4, 2 layers, bidirectional",
                dict(proj_size=4, num_layers=2, bidirectional=True))
            add("proj-size-batch-first-no-bias", "proj_size=6, batch_first, bias=False",
                dict(proj_size=6, batch_first=True, bias=False), [2, 5, 8])
        if t in ("RNN", "GRU"):
            add("initial-state", "explicit initial hidden state h0 as a second input", {}, [5, 2, 8], [1, 2, 16])
    return cases


def _attention_cases():
    M = lambda **kw: layer("MultiheadAttention", **kw)
    q, kv = [5, 2, 16], [7, 2, 16]
    qb, kvb = [2, 5, 16], [2, 7, 16]
    return [
        case("mha/basic", "MultiheadAttention(16, 4): query, key, value distinct tensors of the same shape",
             M(embed_dim=16, num_heads=4), q, q, q),
        case("mha/self-attention", "self-attention: query, key and value are the same tensor",
             M(embed_dim=16, num_heads=4), q, SAME_AS_0, SAME_AS_0),
        case("mha/key-value-same", "key and value are the same tensor, query differs",
             M(embed_dim=16, num_heads=4), q, kv, {"same_as": 1}),
        case("mha/cross-lengths", "query length 5, key/value length 7",
             M(embed_dim=16, num_heads=4), q, kv, kv),
        case("mha/kdim-vdim", "kdim=12, vdim=8 (separate projection weights)",
             M(embed_dim=16, num_heads=4, kdim=12, vdim=8), q, [7, 2, 12], [7, 2, 8]),
        case("mha/kdim-only", "kdim=12, vdim defaults to embed_dim",
             M(embed_dim=16, num_heads=4, kdim=12), q, [7, 2, 12], kv),
        case("mha/add-bias-kv", "add_bias_kv=True", M(embed_dim=16, num_heads=4, add_bias_kv=True), q, kv, kv),
        case("mha/add-zero-attn", "add_zero_attn=True", M(embed_dim=16, num_heads=4, add_zero_attn=True), q, kv, kv),
        case("mha/add-bias-kv-add-zero-attn", "add_bias_kv and add_zero_attn",
             M(embed_dim=16, num_heads=4, add_bias_kv=True, add_zero_attn=True), q, kv, kv),
        case("mha/no-bias", "bias=False", M(embed_dim=16, num_heads=4, bias=False), q, kv, kv),
        case("mha/heads-1", "one head", M(embed_dim=16, num_heads=1), q, kv, kv),
        case("mha/heads-8", "8 heads of dimension 2", M(embed_dim=16, num_heads=8), q, kv, kv),
        case("mha/batch-1", "batch 1", M(embed_dim=16, num_heads=4), [5, 1, 16], [7, 1, 16], [7, 1, 16]),
        case("mha/dropout", "dropout 0.1 (inactive in eval)", M(embed_dim=16, num_heads=4, dropout=0.1), q, kv, kv),
        case("mha/batch-first", "batch_first=True, cross attention", M(embed_dim=16, num_heads=4, batch_first=True),
             qb, kvb, kvb),
        case("mha/batch-first-self-attention",
             "batch_first self-attention with an even head count: torch's native fast path when gradients are off",
             M(embed_dim=16, num_heads=4, batch_first=True), qb, SAME_AS_0, SAME_AS_0),
        case("mha/batch-first-self-attention-no-bias", "batch_first self-attention without bias (fast path when gradients are off)",
             M(embed_dim=16, num_heads=4, batch_first=True, bias=False), qb, SAME_AS_0, SAME_AS_0),
        case("mha/batch-first-self-attention-odd-heads", "batch_first self-attention with 1 head: odd head count, no fast path",
             M(embed_dim=16, num_heads=1, batch_first=True), qb, SAME_AS_0, SAME_AS_0),
        case("mha/batch-first-self-attention-dropout", "batch_first self-attention with dropout 0.1: no fast path",
             M(embed_dim=16, num_heads=4, batch_first=True, dropout=0.1), qb, SAME_AS_0, SAME_AS_0),
        case("mha/batch-first-self-attention-bias-kv", "batch_first self-attention with add_bias_kv: no fast path",
             M(embed_dim=16, num_heads=4, batch_first=True, add_bias_kv=True), qb, SAME_AS_0, SAME_AS_0),
        case("mha/batch-first-kdim-vdim", "batch_first with kdim=12, vdim=8",
             M(embed_dim=16, num_heads=4, batch_first=True, kdim=12, vdim=8), qb, [2, 7, 12], [2, 7, 8]),
        case("mha/unbatched", "unbatched query (5, 16) and key/value (7, 16)", M(embed_dim=16, num_heads=4),
             [5, 16], [7, 16], [7, 16]),
        case("mha/unbatched-self-attention", "unbatched self-attention", M(embed_dim=16, num_heads=4),
             [5, 16], SAME_AS_0, SAME_AS_0),
    ]


def _transformer_cases():
    def T(**kw):
        spec = layer("TransformerEncoderLayer", d_model=16, nhead=4, dim_feedforward=32)
        spec.update(kw)
        return spec
    sf, bf = [5, 2, 16], [2, 5, 16]
    fast = " (torch's fast path when gradients are off)"
    return [
        case("transformer-encoder-layer/sequence-first", "d_model 16, 4 heads, feed-forward 32, batch_first=False: no fast path",
             T(), sf),
        case("transformer-encoder-layer/sequence-first-norm-first", "norm_first=True, sequence first", T(norm_first=True), sf),
        case("transformer-encoder-layer/sequence-first-gelu", "activation='gelu', sequence first", T(activation="gelu"), sf),
        case("transformer-encoder-layer/sequence-first-batch-1", "sequence first, batch 1", T(), [5, 1, 16]),
        case("transformer-encoder-layer/batch-first", "batch_first=True" + fast, T(batch_first=True), bf),
        case("transformer-encoder-layer/batch-first-norm-first", "batch_first, norm_first" + fast,
             T(batch_first=True, norm_first=True), bf),
        case("transformer-encoder-layer/batch-first-gelu", "batch_first, activation='gelu'" + fast,
             T(batch_first=True, activation="gelu"), bf),
        case("transformer-encoder-layer/batch-first-norm-first-gelu", "batch_first, norm_first, gelu" + fast,
             T(batch_first=True, norm_first=True, activation="gelu"), bf),
        case("transformer-encoder-layer/batch-first-batch-1", "batch_first, batch 1" + fast, T(batch_first=True), [1, 5, 16]),
        case("transformer-encoder-layer/batch-first-feedforward-64", "batch_first, dim_feedforward 64" + fast,
             T(batch_first=True, dim_feedforward=64), bf),
        case("transformer-encoder-layer/batch-first-odd-heads", "batch_first with 1 head: odd head count, no fast path",
             T(batch_first=True, nhead=1), bf),
        case("transformer-encoder-layer/batch-first-unbatched", "batch_first on an unbatched (5, 16) input: no fast path",
             T(batch_first=True), [5, 16]),
        case("transformer-encoder-layer/sequence-first-unbatched", "sequence first on an unbatched (5, 16) input",
             T(), [5, 16]),
        case("transformer-encoder-layer/default-feedforward", "dim_feedforward left at torch's default 2048, sequence first",
             layer("TransformerEncoderLayer", d_model=16, nhead=4), sf),
        case("transformer-encoder-layer/layer-norm-eps", "layer_norm_eps 1e-6, dropout 0.0, sequence first",
             T(layer_norm_eps=1e-6, dropout=0.0), sf),
    ]


def _pool_cases():
    cases = []
    spatial = {1: [16], 2: [9, 9], 3: [6, 6, 6]}
    for d in (1, 2, 3):
        sp = spatial[d]
        x = [1, 3] + sp

        def tup(*v):
            return list(v[:d]) if d > 1 else v[0]

        for kind in ("MaxPool", "AvgPool"):
            t = "%s%dd" % (kind, d)
            p = t.lower() + "/"

            def add(name, description, spec, *inputs):
                cases.append(case(p + name, description, layer(t, **spec), *(inputs or [x])))

            add("kernel-2", "kernel 2 (stride defaults to the kernel)", dict(kernel_size=2))
            add("kernel-3-stride-2-padding-1", "kernel 3, stride 2, padding 1", dict(kernel_size=3, stride=2, padding=1))
            add("kernel-3-stride-1", "kernel 3, stride 1 (overlapping windows)", dict(kernel_size=3, stride=1))
            add("ceil-mode", "ceil_mode=True with a partial last window",
                dict(kernel_size=2, stride=2, ceil_mode=True) if sp[0] % 2 else dict(kernel_size=3, stride=2, ceil_mode=True))
            add("ceil-mode-padding", "ceil_mode=True with padding 1", dict(kernel_size=3, stride=2, padding=1, ceil_mode=True))
            add("batch-2", "batch of 2", dict(kernel_size=2), [2, 3] + sp)
            if d < 3:
                add("unbatched", "unbatched input", dict(kernel_size=2), [3] + sp)
            if d > 1:
                add("tuples", "per-dimension kernel, stride and padding",
                    dict(kernel_size=tup(2, 3, 2), stride=tup(2, 1, 2), padding=tup(1, 1, 0)))
            if kind == "MaxPool":
                add("dilation-2", "dilation 2", dict(kernel_size=2, dilation=2))
            else:
                add("padding-exclude-pad", "padding 1 with count_include_pad=False",
                    dict(kernel_size=3, stride=2, padding=1, count_include_pad=False))
                add("ceil-mode-exclude-pad", "ceil_mode with padding and count_include_pad=False",
                    dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False))
                if d > 1:  # AvgPool1d has no divisor_override
                    add("divisor-override", "divisor_override=3", dict(kernel_size=2, divisor_override=3))
    for d in (1, 2, 3):
        for kind in ("AdaptiveAvgPool", "AdaptiveMaxPool"):
            t = "%s%dd" % (kind, d)
            p = t.lower() + "/"
            if d == 1:
                items = [("divisible", "output 4 from length 16", 4, [1, 3, 16]),
                         ("non-divisible", "output 5 from length 16 (overlapping windows)", 5, [1, 3, 16]),
                         ("output-1", "global pooling to length 1", 1, [2, 3, 16]),
                         ("larger-output", "output 7 from length 5", 7, [1, 3, 5]),
                         ("unbatched", "unbatched input, output 3 from 10", 3, [3, 10])]
            elif d == 2:
                items = [("global", "global pooling (1, 1) from 7 x 7", [1, 1], [1, 8, 7, 7]),
                         ("divisible", "output (2, 2) from 8 x 8", [2, 2], [1, 3, 8, 8]),
                         ("non-divisible", "output (3, 3) from 8 x 8", [3, 3], [1, 3, 8, 8]),
                         ("rectangular", "output (5, 7) from 10 x 10", [5, 7], [1, 3, 10, 10]),
                         ("int-output", "output size given as one int 3, from 7 x 9", 3, [2, 3, 7, 9]),
                         ("none-entry", "output (None, 4): height kept", [None, 4], [1, 3, 6, 9]),
                         ("unbatched", "unbatched input, output (3, 3) from 7 x 7", [3, 3], [3, 7, 7])]
            else:
                items = [("global", "global pooling from 4 x 5 x 6", 1, [1, 3, 4, 5, 6]),
                         ("non-divisible", "output (2, 3, 4) from 5 x 5 x 5", [2, 3, 4], [1, 3, 5, 5, 5])]
            for name, description, out, shape in items:
                cases.append(case(p + name, description, layer(t, output_size=out), shape))
    return cases


def _activation_cases():
    A = layer
    x4, x2, x3 = [1, 4, 5, 5], [3, 10], [2, 3, 10]
    return [
        case("relu/input-4d", "ReLU on (1, 4, 5, 5)", A("ReLU"), x4),
        case("relu/input-2d-batch-3", "ReLU on (3, 10)", A("ReLU"), x2),
        case("relu/input-1d", "ReLU on a 1-D input", A("ReLU"), [16]),
        case("relu/inplace", "ReLU(inplace=True)", A("ReLU", inplace=True), x4),
        case("relu6/input-4d", "ReLU6", A("ReLU6"), x4),
        case("relu6/batch-2", "ReLU6 on (2, 4, 5, 5)", A("ReLU6"), [2, 4, 5, 5]),
        case("leakyrelu/default", "LeakyReLU(negative_slope=0.01)", A("LeakyReLU"), x4),
        case("leakyrelu/slope-0.2", "LeakyReLU(0.2) on (3, 10)", A("LeakyReLU", negative_slope=0.2), x2),
        case("hardtanh/default", "Hardtanh(-1, 1)", A("Hardtanh"), x4),
        case("hardtanh/kws", "Hardtanh(0.0, 3.96875) as in the keyword-spotting model",
             A("Hardtanh", min_val=0.0, max_val=3.96875), [1, 32, 64, 4]),
        case("sigmoid/input-4d", "Sigmoid", A("Sigmoid"), x4),
        case("sigmoid/input-2d", "Sigmoid on (3, 10)", A("Sigmoid"), x2),
        case("tanh/input-4d", "Tanh", A("Tanh"), x4),
        case("tanh/input-3d", "Tanh on (2, 3, 10)", A("Tanh"), x3),
        case("gelu/exact", "GELU with approximate='none' (erf)", A("GELU"), x4),
        case("gelu/tanh", "GELU with approximate='tanh'", A("GELU", approximate="tanh"), x4),
        case("gelu/input-3d", "GELU on (2, 3, 10)", A("GELU"), x3),
        case("silu/input-4d", "SiLU", A("SiLU"), x4),
        case("silu/input-2d", "SiLU on (3, 10)", A("SiLU"), x2),
        case("softmax/dim-1-input-2d", "Softmax(dim=1) on (3, 10)", A("Softmax", dim=1), x2),
        case("softmax/dim-minus-1-input-3d", "Softmax(dim=-1) on (2, 3, 10)", A("Softmax", dim=-1), x3),
        case("softmax/dim-0-input-2d", "Softmax(dim=0) on (3, 10)", A("Softmax", dim=0), x2),
        case("softmax/dim-1-input-4d", "Softmax(dim=1) over channels of (1, 4, 5, 5)", A("Softmax", dim=1), x4),
        case("softmax/dim-2-input-4d", "Softmax(dim=2) on (1, 4, 5, 5)", A("Softmax", dim=2), x4),
        case("softmax/dim-1-input-3d", "Softmax(dim=1) on (2, 3, 10)", A("Softmax", dim=1), x3),
        case("softmax/dim-none", "Softmax() with dim=None (torch picks a dimension and warns)", A("Softmax"), x2),
    ]


def _upsample_cases():
    U = lambda **kw: layer("Upsample", **kw)
    return [
        case("upsample/nearest-scale-2-input-4d", "nearest, scale_factor 2 on (1, 3, 4, 4)", U(scale_factor=2), [1, 3, 4, 4]),
        case("upsample/nearest-scale-2-float", "nearest, scale_factor 2.0 on (1, 3, 4, 4)", U(scale_factor=2.0), [1, 3, 4, 4]),
        case("upsample/nearest-scale-2-input-3d", "nearest, scale_factor 2 on (1, 3, 8)", U(scale_factor=2), [1, 3, 8]),
        case("upsample/nearest-scale-2-input-5d", "nearest, scale_factor 2 on (1, 2, 3, 4, 4)", U(scale_factor=2),
             [1, 2, 3, 4, 4]),
        case("upsample/nearest-scale-1.5", "nearest, scale_factor 1.5 on (1, 3, 5, 5)", U(scale_factor=1.5), [1, 3, 5, 5]),
        case("upsample/nearest-scale-tuple", "nearest, scale_factor (2, 3)", U(scale_factor=[2.0, 3.0]), [1, 3, 4, 4]),
        case("upsample/nearest-size-tuple", "nearest, size (6, 10) from 4 x 4", U(size=[6, 10]), [1, 3, 4, 4]),
        case("upsample/nearest-size-int", "nearest, size 7 from 4 x 4", U(size=7), [1, 3, 4, 4]),
        case("upsample/nearest-batch-2", "nearest, scale_factor 2, batch 2", U(scale_factor=2), [2, 3, 4, 4]),
        case("upsample/linear-scale-2", "linear, scale_factor 2 on (1, 3, 8)", U(scale_factor=2, mode="linear"), [1, 3, 8]),
        case("upsample/linear-align-corners", "linear, align_corners=True",
             U(scale_factor=2, mode="linear", align_corners=True), [1, 3, 8]),
        case("upsample/linear-size", "linear, size 12 from 8", U(size=12, mode="linear"), [1, 3, 8]),
        case("upsample/linear-scale-1.5", "linear, scale_factor 1.5 from 8", U(scale_factor=1.5, mode="linear"), [1, 3, 8]),
        case("upsample/bilinear-scale-2", "bilinear, scale_factor 2", U(scale_factor=2, mode="bilinear"), [1, 3, 4, 4]),
        case("upsample/bilinear-align-corners", "bilinear, align_corners=True",
             U(scale_factor=2, mode="bilinear", align_corners=True), [1, 3, 4, 4]),
        case("upsample/bilinear-size", "bilinear, size (7, 9) from 4 x 4", U(size=[7, 9], mode="bilinear"), [1, 3, 4, 4]),
        case("upsample/bilinear-scale-1.5", "bilinear, scale_factor 1.5 from 5 x 5",
             U(scale_factor=1.5, mode="bilinear"), [1, 3, 5, 5]),
        case("upsample/bilinear-scale-tuple-batch-2", "bilinear, scale_factor (2, 3), batch 2",
             U(scale_factor=[2.0, 3.0], mode="bilinear"), [2, 3, 4, 4]),
        case("upsample/trilinear-scale-2", "trilinear, scale_factor 2", U(scale_factor=2, mode="trilinear"), [1, 2, 3, 4, 4]),
        case("upsample/trilinear-align-corners", "trilinear, align_corners=True",
             U(scale_factor=2, mode="trilinear", align_corners=True), [1, 2, 3, 4, 4]),
        case("upsample/trilinear-size", "trilinear, size (4, 6, 6)", U(size=[4, 6, 6], mode="trilinear"), [1, 2, 3, 4, 4]),
        case("upsample/bicubic-scale-2", "bicubic, scale_factor 2", U(scale_factor=2, mode="bicubic"), [1, 3, 4, 4]),
    ]


def _embedding_cases():
    E = lambda n, d, **kw: layer("Embedding", num_embeddings=n, embedding_dim=d, **kw)
    return [
        case("embedding/basic", "Embedding(100, 16) on indices (2, 5)", E(100, 16), [2, 5]),
        case("embedding/padding-idx", "padding_idx=0", E(100, 16, padding_idx=0), [2, 5]),
        case("embedding/input-1d", "indices (7)", E(100, 16), [7]),
        case("embedding/input-3d", "indices (2, 3, 4)", E(100, 16), [2, 3, 4]),
        case("embedding/batch-1", "indices (1, 9)", E(50, 8), [1, 9]),
        case("embedding/max-norm", "max_norm=1.0 (renormalises looked-up rows)", E(100, 16, max_norm=1.0), [2, 5]),
        case("embedding/language-model", "Embedding(10000, 256) on indices (4, 35)", E(10000, 256), [4, 35]),
    ]


def _shape_cases():
    return [
        case("dropout/input-2d", "Dropout(0.5) on (2, 8): identity in eval", layer("Dropout", p=0.5), [2, 8]),
        case("dropout/input-4d", "Dropout() on (1, 4, 5, 5)", layer("Dropout"), [1, 4, 5, 5]),
        case("dropout/p-0", "Dropout(0.0)", layer("Dropout", p=0.0), [2, 8]),
        case("flatten/default", "Flatten() on (2, 3, 4, 4): start_dim 1", layer("Flatten"), [2, 3, 4, 4]),
        case("flatten/all", "Flatten(0, -1)", layer("Flatten", start_dim=0, end_dim=-1), [2, 3, 4, 4]),
        case("flatten/start-2", "Flatten(start_dim=2)", layer("Flatten", start_dim=2), [2, 3, 4, 4]),
        case("identity/input-2d", "Identity on (2, 8)", layer("Identity"), [2, 8]),
        case("identity/input-4d", "Identity on (1, 4, 5, 5)", layer("Identity"), [1, 4, 5, 5]),
    ]


def _model_cases():
    tel = lambda **kw: dict(layer("TransformerEncoderLayer", d_model=256, nhead=4, dim_feedforward=1024), **kw)
    lm = lambda **lstm: sequential(
        layer("Embedding", num_embeddings=10000, embedding_dim=256),
        layer("LSTM", input_size=256, hidden_size=512, num_layers=2, **lstm),
        layer("Linear", in_features=512, out_features=10000))
    image = [1, 3, 224, 224]
    return [
        case("models/kws", "keyword-spotting model: Conv2d(1, 32, (4, 10), stride (2, 8), no bias), "
             "BatchNorm2d(32, eps 1e-4), Hardtanh(0, 3.96875)",
             sequential(layer("Conv2d", in_channels=1, out_channels=32, kernel_size=[4, 10], stride=[2, 8], bias=False),
                        layer("BatchNorm2d", num_features=32, eps=1e-4),
                        layer("Hardtanh", min_val=0.0, max_val=3.96875)),
             [1, 1, 130, 40]),
        case("models/small-cnn", "a small named CNN: conv, bn, relu, max pool, conv, adaptive avg pool, flatten, linear",
             sequential(named("conv1", layer("Conv2d", in_channels=3, out_channels=8, kernel_size=3, padding=1)),
                        named("bn1", layer("BatchNorm2d", num_features=8)),
                        named("relu1", layer("ReLU")),
                        named("pool1", layer("MaxPool2d", kernel_size=2)),
                        named("conv2", layer("Conv2d", in_channels=8, out_channels=16, kernel_size=3, stride=2, bias=False)),
                        named("gap", layer("AdaptiveAvgPool2d", output_size=1)),
                        named("flatten", layer("Flatten")),
                        named("fc", layer("Linear", in_features=16, out_features=10))),
             [2, 3, 16, 16]),
        case("models/mlp", "a 3-layer perceptron with GELU and dropout",
             sequential(layer("Flatten"), layer("Linear", in_features=64, out_features=32), layer("GELU"),
                        layer("Dropout", p=0.1), layer("Linear", in_features=32, out_features=10), layer("Softmax", dim=1)),
             [4, 1, 8, 8]),
        case("models/resnet18", "torchvision ResNet-18 (no weights)", {"type": "torchvision.models.resnet18"}, image),
        case("models/resnet50", "torchvision ResNet-50 (no weights)", {"type": "torchvision.models.resnet50"}, image),
        case("models/mobilenet_v2", "torchvision MobileNetV2 (no weights)", {"type": "torchvision.models.mobilenet_v2"}, image),
        case("models/alexnet", "torchvision AlexNet (no weights)", {"type": "torchvision.models.alexnet"}, image),
        case("models/vgg11", "torchvision VGG-11 (no weights)", {"type": "torchvision.models.vgg11"}, image),
        case("models/lstm-language-model",
             "word language model: Embedding(10000, 256), 2-layer LSTM(256, 512), Linear(512, 10000) on indices (4, 35); "
             "the LSTM is sequence first, so the input reads as 4 time steps of a batch of 35",
             lm(), [4, 35]),
        case("models/lstm-language-model-batch-first",
             "the same language model with batch_first=True: a batch of 4 sequences of 35 tokens",
             lm(batch_first=True), [4, 35]),
        case("models/transformer-encoder",
             "TransformerEncoder: 2 x TransformerEncoderLayer(d_model 256, nhead 4, dim_feedforward 1024) on (10, 2, 256), "
             "sequence first: no fast path",
             {"type": "TransformerEncoder", "encoder_layer": tel(), "num_layers": 2}, [10, 2, 256]),
        case("models/transformer-encoder-batch-first",
             "the same encoder with batch_first=True on (2, 10, 256): torch's fast path when gradients are off",
             {"type": "TransformerEncoder", "encoder_layer": tel(batch_first=True), "num_layers": 2}, [2, 10, 256]),
    ]


def families():
    """Golden file name (without .json) -> list of cases, in file order."""
    return {
        "conv": _conv_cases(),
        "conv_transpose": _conv_transpose_cases(),
        "linear": _linear_cases(),
        "norm": _norm_cases(),
        "recurrent": _recurrent_cases(),
        "attention": _attention_cases(),
        "transformer": _transformer_cases(),
        "pool": _pool_cases(),
        "activation": _activation_cases(),
        "upsample": _upsample_cases(),
        "embedding": _embedding_cases(),
        "shape": _shape_cases(),
        "models": _model_cases(),
    }
