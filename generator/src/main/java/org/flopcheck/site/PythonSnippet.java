package org.flopcheck.site;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flopcheck.spec.Value;

/**
 * The PyTorch code that builds a spec's model and runs it on inputs of the spec's shapes, written from the spec
 * itself: torch's class names and keyword arguments, as the spec states them. Row names become an
 * {@code OrderedDict}; {@code {"same_as": i}} passes the same tensor again.
 */
final class PythonSnippet {
    private PythonSnippet() {
    }

    /**
     * The script: imports, the model in eval mode, the inputs, one forward pass under {@code torch.no_grad()}, and
     * the tool calls that were recorded for it (each as the capture made it).
     */
    static String of(Value model, Value inputs, List<String> toolCalls) {
        StringBuilder sb = new StringBuilder("import torch\nfrom torch import nn\n");
        String built = layer(model, 0);
        if (built.contains("OrderedDict")) {
            sb.append("from collections import OrderedDict\n");
        }
        if (built.contains("torchvision")) {
            sb.append("import torchvision\n");
        }
        sb.append('\n').append("model = ").append(built).append(".eval()\n");
        List<String> names = new ArrayList<>();
        List<Value> items = ((Value.ListValue) inputs).items();
        for (int i = 0; i < items.size(); i++) {
            Value v = items.get(i);
            if (v instanceof Value.Obj o && o.fields().containsKey("same_as")) {
                names.add(names.get((int) ((Value.Int) o.fields().get("same_as")).value()));
            } else {
                String name = items.size() == 1 ? "x" : "x" + i;
                sb.append(name).append(" = torch.randn(").append(shape(v)).append(")\n");
                names.add(name);
            }
        }
        sb.append("inputs = [").append(String.join(", ", names)).append("]\n");
        sb.append("with torch.no_grad():\n    output = model(*inputs)\n");
        if (!toolCalls.isEmpty()) {
            sb.append("\n# the counting tools, called as the golden corpus recorded them\n");
            for (String call : toolCalls) {
                sb.append(call).append('\n');
            }
        }
        return sb.toString();
    }

    private static String shape(Value v) {
        List<String> dims = new ArrayList<>();
        for (Value d : ((Value.ListValue) v).items()) {
            dims.add(Long.toString(((Value.Int) d).value()));
        }
        return String.join(", ", dims);
    }

    private static String layer(Value v, int indent) {
        Value.Obj o = (Value.Obj) v;
        String type = ((Value.Str) o.fields().get("type")).value();
        String pad = "    ".repeat(indent + 1);
        if (type.equals("Sequential")) {
            List<Value> layers = ((Value.ListValue) o.fields().get("layers")).items();
            boolean named = layers.stream().anyMatch(l -> ((Value.Obj) l).fields().containsKey("name"));
            StringBuilder sb = new StringBuilder(named ? "nn.Sequential(OrderedDict([\n" : "nn.Sequential(\n");
            for (int i = 0; i < layers.size(); i++) {
                Value.Obj l = (Value.Obj) layers.get(i);
                String inner = layer(l, indent + 1);
                if (named) {
                    Value n = l.fields().get("name");
                    String name = n == null ? Integer.toString(i) : ((Value.Str) n).value();
                    sb.append(pad).append("(").append(python(name)).append(", ").append(inner).append("),\n");
                } else {
                    sb.append(pad).append(inner).append(",\n");
                }
            }
            return sb.append("    ".repeat(indent)).append(named ? "]))" : ")").toString();
        }
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, Value> e : o.fields().entrySet()) {
            if (e.getKey().equals("type") || e.getKey().equals("name")) {
                continue;
            }
            Value arg = e.getValue();
            String text = arg instanceof Value.Obj ? layer(arg, indent) : python(arg);
            args.add(e.getKey() + "=" + text);
        }
        String callee = type.startsWith("torchvision.") ? type : "nn." + type;
        return callee + "(" + String.join(", ", args) + ")";
    }

    private static String python(Value v) {
        if (v instanceof Value.Int i) {
            return Long.toString(i.value());
        } else if (v instanceof Value.Real r) {
            return real(r.value());
        } else if (v instanceof Value.Bool b) {
            return b.value() ? "True" : "False";
        } else if (v instanceof Value.Str s) {
            return python(s.value());
        } else if (v instanceof Value.Null) {
            return "None";
        } else if (v instanceof Value.ListValue l) {
            List<String> items = new ArrayList<>();
            l.items().forEach(x -> items.add(python(x)));
            return "(" + String.join(", ", items) + (items.size() == 1 ? ",)" : ")");
        }
        throw new IllegalArgumentException("no Python form for " + v.kind() + " at " + v.location());
    }

    private static String python(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Python's repr of a float for the values specs hold: {@code 0.0001}, {@code 3.96875}, {@code 1.0}. */
    static String real(double d) {
        String plain = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
