#!/usr/bin/env python3
"""Capture golden readings from the real counting tools for every declared flopcheck case.

For each case declared in declarations.py this script builds the torch module from the case's spec, runs
torchinfo 1.8.0, thop 0.1.1 and ptflops (0.7.5 with both backends, or 0.7.2.2) on a freshly built module
and writes what each tool returned to ../cases/<family>.json. See README.md in this folder for the steps
and ../README.md for the file format.

    python3 capture.py [--tools ID[,ID...]] [--cases GLOB] [--out DIR] [--overwrite] [--list]

Readings of tools that are not selected are kept from the existing files (merge). An existing file is only
replaced with --overwrite; without it the script prints what would change and stops.
"""

import argparse
import contextlib
import fnmatch
import hashlib
import importlib
import importlib.metadata
import inspect
import io
import json
import logging
import platform
import re
import sys
import time
import warnings
import zlib
from collections import OrderedDict
from pathlib import Path

import torch
import torch.nn as nn
import torchvision

import declarations

FORMAT = "flopcheck-golden/1"
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "cases"

# --------------------------------------------------------------------------------------------------
# The tools

TOOLS = OrderedDict([
    ("torchinfo-1.8.0", dict(tool="torchinfo", version="1.8.0", backend=None,
                             requirement="torchinfo==1.8.0",
                             source="https://github.com/TylerYep/torchinfo tag v1.8.0 (commit 73ed5687)")),
    ("thop-0.1.1", dict(tool="thop", version="0.1.1", backend=None,
                        requirement="thop==0.1.1.post2209072238",
                        source="https://github.com/Lyken17/pytorch-OpCounter commit 43c064af (2022-09-07)")),
    ("ptflops-0.7.5-pytorch", dict(tool="ptflops", version="0.7.5", backend="pytorch",
                                   requirement="ptflops==0.7.5",
                                   source="https://github.com/sovrasov/flops-counter.pytorch tag v0.7.5 (commit 3c5c3e3f)")),
    ("ptflops-0.7.5-aten", dict(tool="ptflops", version="0.7.5", backend="aten",
                                requirement="ptflops==0.7.5",
                                source="https://github.com/sovrasov/flops-counter.pytorch tag v0.7.5 (commit 3c5c3e3f)")),
    ("ptflops-0.7.2.2-pytorch", dict(tool="ptflops", version="0.7.2.2", backend="pytorch",
                                     requirement="ptflops==0.7.2.2",
                                     source="https://github.com/sovrasov/flops-counter.pytorch tag v0.7.2.2 (commit 7571bb65)")),
])
DEFAULT_TOOLS = ["torchinfo-1.8.0", "thop-0.1.1", "ptflops-0.7.5-pytorch", "ptflops-0.7.5-aten"]
VARIANTS = ["direct", "wrapped", "positional"]

# Distribution name and version each pinned package must have, and the SHA-256 fingerprint of its *.py files
# at the pinned commit (see package_fingerprint); either one identifies the imported package.
PINS = {
    ("torchinfo", "1.8.0"): ("torchinfo", "1.8.0",
                             "df3afde2eafb82f3a231e7af14d06fc658fe9de02e3464902ebf26fe690fcd36"),
    ("thop", "0.1.1"): ("thop", "0.1.1.post2209072238",
                        "537819fb949be8af91fe5c6766c5c5dbb5b70ed32a95874f22200a4641e3e5f9"),
    ("ptflops", "0.7.5"): ("ptflops", "0.7.5",
                           "6d8b8da4892a4c39669e539f31a9f6622d8c6907b18b83711a528aebac473580"),
    ("ptflops", "0.7.2.2"): ("ptflops", "0.7.2.2",
                             "3dd8b43e102acd5266ae117eeaea7a0b52772cbb0abe3014cded304846702727"),
}

MODES = {
    "torchinfo": "summary() switched the model to eval (mode=None means 'eval') and ran the forward pass under "
                 "torch.no_grad(); the script did not call eval() itself",
    "thop": "profile() called model.eval() and ran the forward pass under torch.no_grad(); the script did not call "
            "eval() itself",
    "ptflops": "get_model_complexity_info() called model.eval() and ran the forward pass with gradients enabled; "
               "the script did not call eval() itself",
}


class CaptureError(Exception):
    pass


def package_fingerprint(module):
    """SHA-256 over the relative paths and bytes of the *.py files of an imported package."""
    root = Path(module.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "__pycache__" in rel:
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def distribution_version(module, dist_name):
    """The version of the installed distribution the module was imported from, or None."""
    try:
        dist = importlib.metadata.distribution(dist_name)
    except importlib.metadata.PackageNotFoundError:
        return None
    target = Path(module.__file__).resolve()
    for f in dist.files or []:
        try:
            if Path(dist.locate_file(f)).resolve() == target:
                return dist.version
        except OSError:
            continue
    return None


def import_tool(tool, version):
    """Import a tool package and make sure it is the pinned version; fail clearly otherwise.

    torchinfo must report __version__ 1.8.0. thop and ptflops do not carry a usable __version__ (thop says
    0.1.1 for every 0.1.1.post build, ptflops has none), so they must either come from an installed
    distribution of the pinned version or have the pinned source fingerprint.
    """
    requirement = TOOLS_BY_PACKAGE[(tool, version)]
    try:
        module = importlib.import_module(tool)
    except ImportError as e:
        raise CaptureError("cannot import %s (%s); install %s" % (tool, e, requirement)) from e
    dist_name, dist_version, fingerprint = PINS[(tool, version)]
    where = Path(module.__file__).resolve().parent
    found_fingerprint = package_fingerprint(module)
    found_dist = distribution_version(module, dist_name)
    if tool == "torchinfo":
        found_version = getattr(module, "__version__", None)
        if found_version != version:
            raise CaptureError("torchinfo imported from %s reports __version__ %r, expected %r (%s)" % (
                where, found_version, version, requirement))
        how = "__version__"
    elif found_fingerprint == fingerprint:
        how = "source fingerprint"
    elif found_dist == dist_version:
        how = "distribution metadata"
    else:
        raise CaptureError(
            "%s imported from %s is not %s: installed distribution version %s, source fingerprint %s "
            "(expected %s)" % (tool, where, requirement, found_dist, found_fingerprint, fingerprint))
    print("using %s %s from %s (verified by %s)" % (tool, version, where, how), file=sys.stderr)
    return module


TOOLS_BY_PACKAGE = {(t["tool"], t["version"]): t["requirement"] for t in TOOLS.values()}


# --------------------------------------------------------------------------------------------------
# Building torch modules from specs

class RecurrentSequential(nn.Sequential):
    """torch.nn.Sequential that passes on output[0] of its RNN/LSTM/GRU rows.

    torch's Sequential hands each row's output to the next row, and a recurrent layer returns a tuple
    (output, hidden state). A spec Sequential containing a recurrent row is built as this class, which does
    exactly what Sequential does except that it passes on only the output sequence of such rows.
    """

    def forward(self, x):
        for module in self:
            x = module(x)
            if isinstance(module, nn.RNNBase):
                x = x[0]
        return x


class Wrapper(nn.Module):
    """One-row wrapper: the layer as the only child (named 'layer'), all positional inputs passed through."""

    def __init__(self, layer):
        super().__init__()
        self.layer = layer

    def forward(self, *inputs):
        return self.layer(*inputs)


class PositionalWrapper(nn.Module):
    """Takes the inputs as keyword arguments (as ptflops passes a dict from input_constructor) and hands them
    to its only child 'layer' positionally, in the order of that layer's forward() parameters."""

    def __init__(self, layer, names):
        super().__init__()
        self.layer = layer
        self.names = list(names)

    def forward(self, **inputs):
        return self.layer(*[inputs[name] for name in self.names])


def _convert(value):
    if isinstance(value, dict):
        if "type" not in value:
            raise CaptureError("nested object without 'type' in spec: %r" % (value,))
        return build(value)
    if isinstance(value, list):
        return tuple(_convert(v) for v in value)
    return value


def build(spec):
    """Build the torch module described by a spec (see declarations.py)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
        raise CaptureError("a spec must be an object with a string 'type': %r" % (spec,))
    kind = spec["type"]
    kwargs = {k: v for k, v in spec.items() if k not in ("type", "name")}
    if kind == "Sequential":
        layers = kwargs.pop("layers", None)
        if kwargs or not isinstance(layers, list) or not layers:
            raise CaptureError("Sequential takes exactly a non-empty 'layers' list: %r" % (spec,))
        rows = OrderedDict()
        for i, row in enumerate(layers):
            name = row.get("name", str(i)) if isinstance(row, dict) else str(i)
            if name in rows:
                raise CaptureError("duplicate row name %r in Sequential" % name)
            rows[name] = build(row)
        recurrent = any(isinstance(m, nn.RNNBase) for m in rows.values())
        return (RecurrentSequential if recurrent else nn.Sequential)(rows)
    if kind.startswith("torchvision.models."):
        if "weights" in kwargs or "pretrained" in kwargs:
            raise CaptureError("torchvision models are built without weights: %r" % (spec,))
        fn = getattr(torchvision.models, kind[len("torchvision.models."):], None)
        if fn is None or not callable(fn):
            raise CaptureError("unknown torchvision model %r" % kind)
        return fn(**{k: _convert(v) for k, v in kwargs.items()})
    cls = getattr(nn, kind, None)
    if not (inspect.isclass(cls) and issubclass(cls, nn.Module)):
        raise CaptureError("%r is not a torch.nn module class" % kind)
    return cls(**{k: _convert(v) for k, v in kwargs.items()})


def fresh_model(case):
    torch.manual_seed(0)
    return build(case["model"])


def first_leaf(spec):
    while spec.get("type") == "Sequential":
        spec = spec["layers"][0]
    return spec


def make_inputs(case):
    """The case's input tensors: fixed-seed float32 normals, or int64 indices when the first leaf is Embedding."""
    generator = torch.Generator().manual_seed(zlib.crc32(case["id"].encode("utf-8")))
    leaf = first_leaf(case["model"])
    tensors = []
    for entry in case["inputs"]:
        if isinstance(entry, dict):
            tensors.append(tensors[entry["same_as"]])
        elif leaf.get("type") == "Embedding":
            tensors.append(torch.randint(0, leaf["num_embeddings"], tuple(entry), generator=generator,
                                         dtype=torch.int64))
        else:
            tensors.append(torch.randn(tuple(entry), generator=generator, dtype=torch.float32))
    return tensors


def input_names(model, count):
    """Names of the first `count` parameters of model.forward (for keyword passing)."""
    params = [p for p in inspect.signature(model.forward).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(params) < count:
        raise CaptureError("%s.forward takes fewer than %d positional inputs" % (type(model).__name__, count))
    return [p.name for p in params[:count]]


def is_single_layer(spec):
    t = spec["type"]
    return t not in ("Sequential", "TransformerEncoder") and not t.startswith("torchvision.")


def tensor_shapes(value):
    """Shapes of the tensors in a (nested) forward output, flattened in order."""
    if isinstance(value, torch.Tensor):
        return [list(value.shape)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in tensor_shapes(v)]
    return []


def torch_outputs(case, tensors):
    """Output shapes of torch's own forward pass in eval mode with gradients enabled (torch's reference path:
    in torch 1.13 the native fast path of MultiheadAttention with bias=False fails under no_grad)."""
    model = fresh_model(case)
    model.eval()
    with torch.enable_grad():
        return tensor_shapes(model(*tensors))


# --------------------------------------------------------------------------------------------------
# Running a tool and recording what it did

_PATH_RE = re.compile(r"(?<![\w.<>])(?:[A-Za-z]:)?/(?:[^\s/'\"():,]+/)+[^\s/'\"():,]*")
_ADDR_RE = re.compile(r"0x[0-9a-fA-F]{6,}")


def sanitize(text):
    """Remove machine-specific details (absolute paths, memory addresses) from recorded text."""
    if text is None:
        return None
    return _ADDR_RE.sub("0x...", _PATH_RE.sub("<path>", text))


class _ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = None

    def emit(self, record):
        if self.records is not None:
            self.records.append("%s: %s" % (record.levelname, record.getMessage()))


_LOG = _ListHandler()
logging.getLogger().addHandler(_LOG)


def run_tool(fn):
    """Run fn() capturing stdout, stderr, warnings and log records. Returns (result, exception, printed)."""
    out, err = io.StringIO(), io.StringIO()
    _LOG.records = []
    result, exc = None, None
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        warnings.simplefilter("always")
        try:
            result = fn()
        except Exception as e:  # the tool failed: record it
            exc = e
    seen, warning_list = set(), []
    for w in caught:
        text = sanitize("%s: %s" % (w.category.__name__, w.message))
        if text not in seen:
            seen.add(text)
            warning_list.append(text)
    logs = [sanitize(r) for r in _LOG.records]
    _LOG.records = None
    printed = {"stdout": sanitize(out.getvalue()), "stream": None, "warnings": warning_list, "logging": logs}
    return result, exc, printed


def describe_exception(e):
    parts = []
    seen = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        parts.append("%s: %s" % (type(e).__name__, e))
        e = e.__cause__ or e.__context__
    return sanitize("\ncaused by ".join(parts))


def as_count(value, what):
    """A tool's number as an exact integer (thop returns integral floats)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CaptureError("%s is a boolean" % what)
    if isinstance(value, float):
        if not value.is_integer():
            raise CaptureError("%s = %r is not integral" % (what, value))
        return int(value)
    if hasattr(value, "item"):  # numpy or torch scalar
        return as_count(value.item(), what)
    return int(value)


def json_number(value):
    """A returned number as JSON: floats stay floats, ints stay ints, numpy/torch scalars become Python."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if hasattr(value, "item"):
        return value.item()
    raise CaptureError("unexpected number type %r" % type(value))


def _input_refs(case):
    return ["inputs[%d]" % (e["same_as"] if isinstance(e, dict) else i) for i, e in enumerate(case["inputs"])]


def inputs_expr(case):
    """The inputs as a Python list expression over the case's input tensors, e.g. [inputs[0], inputs[0]]."""
    return "[" + ", ".join(_input_refs(case)) + "]"


def inputs_tuple_expr(case):
    refs = _input_refs(case)
    return "(" + ", ".join(refs) + ("," if len(refs) == 1 else "") + ")"


def reading(tool_id, variant, call, mode):
    return OrderedDict(tool=tool_id, variant=variant, call=call, mode=mode, macs=None, params=None,
                       trainable_params=None, raw=None, modules=None, error=None, printed=None)


# ---- torchinfo

TORCHINFO_COLUMNS = ["input_size", "output_size", "num_params", "mult_adds", "trainable"]


def read_torchinfo(tools, case, tensors):
    torchinfo = tools["torchinfo"]
    model = fresh_model(case)
    call = "torchinfo.summary(model, input_data=%s, col_names=%r, verbose=0)" % (
        inputs_expr(case), TORCHINFO_COLUMNS)
    r = reading("torchinfo-1.8.0", "direct", call, MODES["torchinfo"])
    stats, exc, r["printed"] = run_tool(lambda: torchinfo.summary(
        model, input_data=list(tensors), col_names=TORCHINFO_COLUMNS, verbose=0))
    clear = getattr(getattr(torchinfo, "torchinfo", None), "clear_cached_forward_pass", None)
    if clear is not None:
        clear()  # torchinfo caches every summary_list by class name; release the models
    if exc is not None:
        r["error"] = describe_exception(exc)
        return r
    r["raw"] = OrderedDict(total_mult_adds=stats.total_mult_adds, total_params=stats.total_params,
                           trainable_params=stats.trainable_params)
    r["macs"] = as_count(stats.total_mult_adds, "total_mult_adds")
    r["params"] = as_count(stats.total_params, "total_params")
    r["trainable_params"] = as_count(stats.trainable_params, "trainable_params")
    r["modules"] = [OrderedDict(
        var_name=layer.var_name, class_name=layer.class_name, depth=layer.depth, depth_index=layer.depth_index,
        is_leaf=layer.is_leaf_layer, executed=layer.executed, is_recursive=layer.is_recursive,
        macs=layer.macs, params=layer.num_params, trainable_params=layer.trainable_params,
        input_size=json.loads(json.dumps(layer.input_size)), output_size=json.loads(json.dumps(layer.output_size)))
        for layer in stats.summary_list]
    return r


# ---- thop

def _thop_rows(tree, prefix="", depth=1):
    rows = []
    for name, (ops, params, children) in tree.items():
        path = prefix + name
        rows.append(OrderedDict(name=path, depth=depth, macs=json_number(ops), params=json_number(params),
                                has_children=bool(children)))
        rows += _thop_rows(children, path + ".", depth + 1)
    return rows


def read_thop(tools, case, tensors, variant):
    thop = tools["thop"]
    model = fresh_model(case)
    target = "model" if variant == "direct" else "Wrapper(model)"
    if variant == "wrapped":
        model = Wrapper(model)
    call = "thop.profile(%s, inputs=%s, verbose=False, ret_layer_info=True)" % (target, inputs_tuple_expr(case))
    r = reading("thop-0.1.1", variant, call, MODES["thop"])
    result, exc, r["printed"] = run_tool(lambda: thop.profile(model, inputs=tuple(tensors), verbose=False,
                                                               ret_layer_info=True))
    if exc is not None:
        r["error"] = describe_exception(exc)
        return r
    total_ops, total_params, tree = result
    r["raw"] = OrderedDict(total_ops=json_number(total_ops), total_params=json_number(total_params))
    r["macs"] = as_count(total_ops, "total_ops")
    r["params"] = as_count(total_params, "total_params")
    r["modules"] = _thop_rows(tree)
    return r


# ---- ptflops

class _SnapshotStream(io.StringIO):
    """The `ost` stream handed to ptflops. The pytorch backend writes its per-layer statistics while the
    per-module counters it attached (__flops__, __params__, __batch_counter__) still exist; on the first
    write this stream copies them, before ptflops removes them."""

    def __init__(self, model, snapshot):
        super().__init__()
        self._model = model
        self._snapshot = snapshot

    def write(self, s):
        if self._snapshot is not None and not self._snapshot.get("taken"):
            self._snapshot["taken"] = True
            rows = []
            for name, m in self._model.named_modules():
                flops = getattr(m, "__flops__", None)
                params = getattr(m, "__params__", None)
                rows.append(OrderedDict(name=name, class_name=type(m).__name__,
                                        depth=0 if not name else name.count(".") + 1,
                                        macs=None if flops is None else json_number(flops),
                                        params=None if params is None else json_number(params)))
            self._snapshot["rows"] = rows
            self._snapshot["batch_counter"] = getattr(self._model, "__batch_counter__", None)
        return super().write(s)


_ATEN_MODULE_RE = re.compile(r"^Module:  (.*)$")
_ATEN_OP_RE = re.compile(r"^(\S+): (\d+) Mac$")
_ATEN_TOTAL_RE = re.compile(r"^Total:(\d+) Mac$")


def _aten_rows(text):
    rows, module, total = [], None, None
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _ATEN_TOTAL_RE.match(line)
        if m:
            total = int(m.group(1))
            continue
        m = _ATEN_MODULE_RE.match(line)
        if m:
            module = m.group(1)
            continue
        m = _ATEN_OP_RE.match(line)
        if m and module is not None:
            rows.append(OrderedDict(module=module, op=m.group(1), macs=int(m.group(2))))
            continue
        raise CaptureError("cannot read ptflops aten per-layer line %r" % line)
    return rows, total


def read_ptflops(tools, case, tensors, tool_id, variant):
    ptflops = tools["ptflops"]
    backend = TOOLS[tool_id]["backend"]
    model = fresh_model(case)
    multi = len(tensors) > 1
    target_expr = "model"
    if variant == "positional":
        names = input_names(model, len(tensors))
        model = PositionalWrapper(model, names)
        target_expr = "PositionalWrapper(model, %r)" % (names,)
    first = tensors[0]
    if not multi and first.dtype == torch.float32 and first.dim() >= 2 and first.shape[0] == 1:
        # the tool's own way: input_res without the batch dimension, ptflops adds batch 1
        input_res, constructor, constructor_expr = tuple(first.shape[1:]), None, None
    else:
        # input_res is ignored when input_constructor is given
        input_res = tuple(first.shape)
        if multi:
            names = input_names(model.layer if variant == "positional" else model, len(tensors))
            batch = OrderedDict(zip(names, tensors))
            constructor = lambda res: batch
            constructor_expr = "lambda res: {%s}" % ", ".join(
                "%r: inputs[%d]" % (n, e["same_as"] if isinstance(e, dict) else i)
                for i, (n, e) in enumerate(zip(names, case["inputs"])))
        else:
            constructor = lambda res: first
            constructor_expr = "lambda res: inputs[0]"
    call = "ptflops.get_model_complexity_info(%s, %r, print_per_layer_stat=True, as_strings=False, %sost=stream, " \
           "flops_units='Mac', param_units='', backend=%r)" % (
               target_expr, input_res,
               "" if constructor is None else "input_constructor=%s, " % constructor_expr, backend)
    r = reading(tool_id, variant, call, MODES["ptflops"])
    snapshot = {} if backend == "pytorch" else None
    stream = _SnapshotStream(model, snapshot)
    kwargs = dict(print_per_layer_stat=True, as_strings=False, ost=stream, flops_units="Mac", param_units="",
                  backend=backend)
    if constructor is not None:
        kwargs["input_constructor"] = constructor
    result, exc, r["printed"] = run_tool(lambda: ptflops.get_model_complexity_info(model, input_res, **kwargs))
    r["printed"]["stream"] = sanitize(stream.getvalue())
    if exc is not None:
        r["error"] = describe_exception(exc)
        return r
    macs, params = result
    r["raw"] = OrderedDict(macs=json_number(macs), params=json_number(params))
    if backend == "pytorch":
        r["raw"]["batch_counter"] = None if snapshot is None else json_number(snapshot.get("batch_counter"))
    if macs is None or params is None:
        # ptflops swallowed an exception and printed it
        text = r["printed"]["stdout"]
        start = text.find("Flops estimation was not finished")
        r["error"] = text[start:].strip() if start >= 0 else (text.strip() or "ptflops returned (None, None)")
        return r
    r["macs"] = as_count(macs, "macs")
    r["params"] = as_count(params, "params")
    if backend == "pytorch":
        r["modules"] = snapshot.get("rows")
    else:
        rows, total = _aten_rows(stream.getvalue())
        if total != macs:
            raise CaptureError("%s: ptflops aten printed total %r but returned %r" % (case["id"], total, macs))
        r["modules"] = rows
    return r


def check_reading(case, r):
    """Invariants the golden format promises: counts are null exactly when the reading failed."""
    for field in ("macs", "params"):
        if (r[field] is None) != (r["error"] is not None):
            raise CaptureError("%s [%s %s]: %s is %r but error is %r" % (
                case["id"], r["tool"], r["variant"], field, r[field], r["error"]))
        if r[field] is not None and (not isinstance(r[field], int) or r[field] < 0):
            raise CaptureError("%s [%s %s]: %s = %r is not a count" % (case["id"], r["tool"], r["variant"],
                                                                        field, r[field]))
    if (r["raw"] is None or r["modules"] is None) and r["error"] is None:
        raise CaptureError("%s [%s %s]: no raw values or breakdown" % (case["id"], r["tool"], r["variant"]))
    return r


def readings_for(tools, tool_ids, case, tensors):
    out = []
    single = is_single_layer(case["model"])
    multi = len(tensors) > 1
    for tool_id in tool_ids:
        name = TOOLS[tool_id]["tool"]
        if name == "torchinfo":
            out.append(read_torchinfo(tools, case, tensors))
        elif name == "thop":
            out.append(read_thop(tools, case, tensors, "direct"))
            if single:
                out.append(read_thop(tools, case, tensors, "wrapped"))
        else:
            out.append(read_ptflops(tools, case, tensors, tool_id, "direct"))
            if multi:
                out.append(read_ptflops(tools, case, tensors, tool_id, "positional"))
    return [check_reading(case, r) for r in out]


# --------------------------------------------------------------------------------------------------
# Golden files: merging, comparing, writing

def reading_key(r):
    return (list(TOOLS).index(r["tool"]), VARIANTS.index(r["variant"]))


def dumps(doc):
    """Deterministic JSON: keys sorted, 2-space indentation, arrays of scalars (shapes) kept on one line."""
    def scalar(v):
        return v is None or isinstance(v, (bool, int, float, str))

    def enc(v, indent):
        pad, inner = "  " * indent, "  " * (indent + 1)
        if isinstance(v, dict):
            if not v:
                return "{}"
            items = ["%s%s: %s" % (inner, json.dumps(k, ensure_ascii=False), enc(v[k], indent + 1))
                     for k in sorted(v)]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(v, (list, tuple)):
            if not v:
                return "[]"
            if all(scalar(x) and not isinstance(x, str) for x in v):
                return "[" + ", ".join(enc(x, indent) for x in v) + "]"
            return "[\n" + ",\n".join(inner + enc(x, indent + 1) for x in v) + "\n" + pad + "]"
        if isinstance(v, str) or v is None or isinstance(v, (bool, int, float)):
            return json.dumps(v, ensure_ascii=False, allow_nan=False)
        raise CaptureError("cannot write %r to JSON" % type(v))

    text = enc(doc, 0) + "\n"
    if json.loads(text) != json.loads(json.dumps(doc, allow_nan=False)):
        raise CaptureError("JSON writer round trip failed")
    return text


def environment():
    return OrderedDict(python=platform.python_version(), torch=torch.__version__, torchvision=torchvision.__version__)


def declaration_of(c):
    return {k: c[k] for k in ("model", "inputs")}


def merge_file(family, declared, captured, existing, selected, env):
    """The new document for one family plus a description of what changed."""
    old_cases = OrderedDict((c["id"], c) for c in (existing or {}).get("cases", []))
    selected = set(selected)
    new_cases, notes = [], []
    if existing is not None and existing.get("environment") != env:
        kept = [r for c in old_cases.values() if c["id"] in captured for r in c["readings"]
                if r["tool"] not in selected]
        kept += [r for c in old_cases.values() if c["id"] not in captured for r in c["readings"]]
        if kept:
            raise CaptureError(
                "%s.json was captured in another environment (%s); this one is %s. Readings from different "
                "environments cannot share a file: capture all tools in one environment." % (
                    family, existing.get("environment"), env))
    for c in declared:
        cid = c["id"]
        old = old_cases.get(cid)
        if cid in captured:
            fresh = captured[cid]
            keep = []
            if old is not None:
                others = [r for r in old["readings"] if r["tool"] not in selected]
                if others and declaration_of(old) != declaration_of(c):
                    notes.append("%s: declaration changed, dropped %d readings of %s (capture them again)" % (
                        cid, len(others), ", ".join(sorted({r["tool"] for r in others}))))
                else:
                    keep = others
            entry = OrderedDict(id=cid, description=c["description"], model=c["model"], inputs=c["inputs"],
                                outputs=fresh["outputs"],
                                readings=sorted(keep + fresh["readings"], key=reading_key))
            new_cases.append(entry)
        elif old is not None:
            new_cases.append(old)
    tool_ids = sorted({r["tool"] for c in new_cases for r in c["readings"]}, key=list(TOOLS).index)
    doc = OrderedDict(
        format=FORMAT, environment=env,
        tools=[OrderedDict(id=t, tool=TOOLS[t]["tool"], version=TOOLS[t]["version"], backend=TOOLS[t]["backend"],
                           requirement=TOOLS[t]["requirement"], source=TOOLS[t]["source"]) for t in tool_ids],
        cases=new_cases)
    return doc, notes


NUMBER_FIELDS = ("macs", "params", "trainable_params", "error")


def describe_changes(old, new):
    """Lines describing how new differs from old (both parsed documents, old may be None)."""
    old_cases = OrderedDict((c["id"], c) for c in (old or {}).get("cases", []))
    new_cases = OrderedDict((c["id"], c) for c in new["cases"])
    added = [i for i in new_cases if i not in old_cases]
    removed = [i for i in old_cases if i not in new_cases]
    changed_numbers, added_readings, removed_readings, other = [], 0, 0, 0
    for cid, c in new_cases.items():
        if cid not in old_cases:
            continue
        o = old_cases[cid]
        old_r = {(r["tool"], r["variant"]): r for r in o["readings"]}
        new_r = {(r["tool"], r["variant"]): r for r in c["readings"]}
        added_readings += len(set(new_r) - set(old_r))
        removed_readings += len(set(old_r) - set(new_r))
        for key in set(new_r) & set(old_r):
            a, b = old_r[key], new_r[key]
            diffs = ["%s %s -> %s" % (f, a.get(f), b.get(f)) for f in NUMBER_FIELDS if a.get(f) != b.get(f)]
            if diffs:
                changed_numbers.append("%s [%s %s]: %s" % (cid, key[0], key[1], "; ".join(diffs)))
            elif a != b:
                other += 1
        if {k: v for k, v in o.items() if k != "readings"} != {k: v for k, v in c.items() if k != "readings"}:
            other += 1
    lines = []
    if added:
        lines.append("  %d cases added: %s" % (len(added), ", ".join(added[:8]) + (" ..." if len(added) > 8 else "")))
    if removed:
        lines.append("  %d cases removed: %s" % (len(removed), ", ".join(removed)))
    if added_readings or removed_readings:
        lines.append("  readings added: %d, removed: %d (in kept cases)" % (added_readings, removed_readings))
    if changed_numbers:
        lines.append("  %d readings with changed numbers:" % len(changed_numbers))
        lines += ["    " + line for line in changed_numbers[:40]]
        if len(changed_numbers) > 40:
            lines.append("    ... and %d more" % (len(changed_numbers) - 40))
    if other:
        lines.append("  %d other differences (descriptions, outputs, breakdowns, calls, printed text)" % other)
    if old is not None and old.get("environment") != new["environment"]:
        lines.append("  environment %s -> %s" % (old.get("environment"), new["environment"]))
    return lines


_FORBIDDEN_RE = re.compile(r"/(?:work|home|root|usr|tmp)/|site-packages|dist-packages|[A-Za-z]:\\\\")


# --------------------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tools", default=",".join(DEFAULT_TOOLS),
                   help="comma-separated tool ids to capture (default: %(default)s); one process can hold only "
                        "one ptflops version. Known: " + ", ".join(TOOLS))
    p.add_argument("--cases", action="append", metavar="GLOB",
                   help="capture only cases whose id matches this glob (repeatable); others keep their readings")
    p.add_argument("--out", default=str(DEFAULT_OUT), help="directory of the golden files (default: ../cases)")
    p.add_argument("--overwrite", action="store_true", help="allow replacing existing golden files")
    p.add_argument("--list", action="store_true", help="list the declared cases and exit")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    families = declarations.families()
    ids = [c["id"] for cs in families.values() for c in cs]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise CaptureError("duplicate case ids: %s" % ", ".join(dup))
    if args.list:
        for family, cases in families.items():
            for c in cases:
                print("%-16s %-60s %s" % (family, c["id"], c["inputs"]))
        return 0

    selected = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in selected if t not in TOOLS]
    if unknown or not selected:
        raise CaptureError("unknown tool ids %s; known: %s" % (unknown, ", ".join(TOOLS)))
    selected = sorted(set(selected), key=list(TOOLS).index)
    ptflops_versions = {TOOLS[t]["version"] for t in selected if TOOLS[t]["tool"] == "ptflops"}
    if len(ptflops_versions) > 1:
        raise CaptureError("ptflops %s cannot be captured in one process (both versions are the package "
                           "'ptflops'); run them separately" % " and ".join(sorted(ptflops_versions)))
    tools = {}
    for t in selected:
        name, version = TOOLS[t]["tool"], TOOLS[t]["version"]
        if name not in tools:
            tools[name] = import_tool(name, version)

    env = environment()
    out_dir = Path(args.out)
    started = time.time()
    documents = OrderedDict()
    total = sum(1 for cs in families.values() for c in cs
                if not args.cases or any(fnmatch.fnmatchcase(c["id"], g) for g in args.cases))
    done = 0
    for family, cases in families.items():
        captured = {}
        for c in cases:
            if args.cases and not any(fnmatch.fnmatchcase(c["id"], g) for g in args.cases):
                continue
            done += 1
            t0 = time.time()
            tensors = make_inputs(c)
            try:
                outputs = torch_outputs(c, tensors)
            except Exception as e:
                raise CaptureError("case %s does not run in torch itself: %s" % (c["id"], describe_exception(e)))
            rs = readings_for(tools, selected, c, tensors)
            captured[c["id"]] = {"outputs": outputs, "readings": rs}
            failed = [("%s/%s" % (r["tool"], r["variant"])) for r in rs if r["error"] is not None]
            print("[%3d/%d] %-58s %5.1fs%s" % (done, total, c["id"], time.time() - t0,
                                                "  failed: " + ", ".join(failed) if failed else ""),
                  file=sys.stderr)
        path = out_dir / (family + ".json")
        old_text = path.read_text(encoding="utf-8") if path.exists() else None
        old = json.loads(old_text) if old_text is not None else None
        if old is not None and old.get("format") != FORMAT:
            raise CaptureError("%s has format %r, expected %r" % (path, old.get("format"), FORMAT))
        if not captured:
            continue  # nothing of this family selected: leave its file alone
        doc, notes = merge_file(family, cases, captured, old, selected, env)
        text = dumps(doc)
        bad = _FORBIDDEN_RE.search(text)
        if bad:
            raise CaptureError("%s would contain a machine-specific path (%r near offset %d); not writing" % (
                path, bad.group(0), bad.start()))
        documents[family] = (path, old_text, old, doc, text, notes)

    elapsed = time.time() - started
    print("\ncaptured %d cases with %s in %.0f s" % (done, ", ".join(selected), elapsed))
    refused = []
    for family, (path, old_text, old, doc, text, notes) in documents.items():
        if old_text == text:
            print("%s: unchanged" % path.name)
            continue
        print("%s: %s" % (path.name, "new file" if old_text is None else "changes"))
        for line in describe_changes(old, doc) + ["  note: " + n for n in notes]:
            print(line)
        if old_text is not None and not args.overwrite:
            refused.append(path.name)
    if refused:
        print("\nrefusing to replace %s without --overwrite; nothing was written" % ", ".join(refused))
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    for family, (path, old_text, old, doc, text, notes) in documents.items():
        if old_text != text:
            path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CaptureError as e:
        print("capture.py: error: %s" % e, file=sys.stderr)
        sys.exit(2)
