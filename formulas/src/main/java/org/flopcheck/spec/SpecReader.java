package org.flopcheck.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flopcheck.FlopcheckException;
import org.flopcheck.InvalidSpecException;
import org.flopcheck.layers.Inputs;
import org.flopcheck.layers.Layer;
import org.flopcheck.shape.Shape;

/**
 * Turns spec values into layers and models. A layer is {@code {"type": "<torch.nn class>", <keyword>: value,
 * ...}} with an optional {@code "name"} for its row; a model file is {@code {"name": ..., "inputs": [[1, 3, 224,
 * 224]], "model": {...}}}, where an input may instead be {@code {"same_as": 0}}, the same tensor as an earlier
 * input. Every refusal is an {@link InvalidSpecException} that names the JSON path.
 */
public final class SpecReader {
    /** Where each layer object read during {@link #model} came from; null outside a call of it. */
    private static final ThreadLocal<Map<Layer, String>> LOCATIONS = new ThreadLocal<>();

    private SpecReader() {
    }

    /** Reads a model file's root object. */
    public static ModelSpec model(Value root) {
        if (!(root instanceof Value.Obj obj)) {
            throw new InvalidSpecException(root.location(), "a spec must be an object with \"inputs\" and \"model\","
                    + " got " + Arguments.describe(root));
        }
        for (Map.Entry<String, Value> e : obj.fields().entrySet()) {
            if (!List.of("name", "inputs", "model", "description").contains(e.getKey())) {
                throw new InvalidSpecException(e.getValue().location(), "unknown field '" + e.getKey() + "'"
                        + Suggestions.hint(e.getKey(), List.of("name", "inputs", "model", "description"))
                        + " (a spec has name, description, inputs and model)");
            }
        }
        Optional<String> name = Optional.empty();
        Value n = obj.fields().get("name");
        if (n != null) {
            if (!(n instanceof Value.Str s)) {
                throw new InvalidSpecException(n.location(), "\"name\" must be a string, got " + Arguments.describe(n));
            }
            name = Optional.of(s.value());
        }
        Value inputs = obj.fields().get("inputs");
        if (inputs == null) {
            throw new InvalidSpecException(obj.location(), "a spec needs \"inputs\": one shape per input, such as"
                    + " [[1, 3, 224, 224]]");
        }
        Value model = obj.fields().get("model");
        if (model == null) {
            throw new InvalidSpecException(obj.location(), "a spec needs \"model\": a layer object {\"type\": ...}");
        }
        Map<Layer, String> locations = new java.util.IdentityHashMap<>();
        LOCATIONS.set(locations);
        try {
            return new ModelSpec(name, inputs(inputs), layer(model), locations);
        } finally {
            LOCATIONS.remove();
        }
    }

    /** Reads the {@code "inputs"} list. */
    public static Inputs inputs(Value value) {
        if (!(value instanceof Value.ListValue list) || list.items().isEmpty()) {
            throw new InvalidSpecException(value.location(), "\"inputs\" must be a non-empty list of shapes such as"
                    + " [[1, 3, 224, 224]], got " + Arguments.describe(value));
        }
        List<Shape> shapes = new ArrayList<>();
        Inputs result = null;
        List<int[]> aliases = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Value item = list.items().get(i);
            if (item instanceof Value.Obj o) {
                Value same = o.fields().get("same_as");
                if (o.fields().size() != 1 || !(same instanceof Value.Int j)) {
                    throw new InvalidSpecException(item.location(), "an input is a shape [d0, d1, ...] or"
                            + " {\"same_as\": k} naming an earlier input");
                }
                if (i == 0) {
                    throw new InvalidSpecException(same.location(), "the first input cannot be {\"same_as\": k}:"
                            + " there is no earlier input; give its shape, such as [1, 3, 224, 224]");
                }
                if (j.value() < 0 || j.value() >= i) {
                    throw new InvalidSpecException(same.location(), "\"same_as\" must name an earlier input ("
                            + (i == 1 ? "0" : "0 to " + (i - 1)) + "), got " + j.value());
                }
                shapes.add(shapes.get((int) j.value()));
                aliases.add(new int[] {i, (int) j.value()});
            } else {
                shapes.add(shape(item));
            }
        }
        result = Inputs.of(shapes);
        for (int[] a : aliases) {
            result = result.withSame(a[0], a[1]);
        }
        return result;
    }

    /** Reads one shape: a list of positive integers. */
    public static Shape shape(Value value) {
        if (!(value instanceof Value.ListValue list)) {
            throw new InvalidSpecException(value.location(), "a shape must be a list of positive integers such as"
                    + " [1, 3, 224, 224], got " + Arguments.describe(value));
        }
        long[] dims = new long[list.items().size()];
        for (int i = 0; i < dims.length; i++) {
            Value d = list.items().get(i);
            if (!(d instanceof Value.Int n) || n.value() < 1) {
                throw new InvalidSpecException(d.location(), "a shape's sizes must be positive integers, got "
                        + Arguments.describe(d));
            }
            dims[i] = n.value();
        }
        return Shape.of(dims);
    }

    /** Reads one layer object, nested layers included. */
    public static Layer layer(Value value) {
        if (!(value instanceof Value.Obj obj)) {
            throw new InvalidSpecException(value.location(), "a layer must be an object {\"type\": ...}, got "
                    + Arguments.describe(value));
        }
        Value t = obj.fields().get("type");
        if (t == null) {
            for (Map.Entry<String, Value> e : obj.fields().entrySet()) {
                if (Suggestions.closest(e.getKey(), List.of("type")).isPresent()) {
                    throw new InvalidSpecException(e.getValue().location(), "unknown key '" + e.getKey() + "'; did"
                            + " you mean 'type'? (a layer needs \"type\", the torch.nn class name such as \"Conv2d\")");
                }
            }
            throw new InvalidSpecException(obj.location(), "a layer needs \"type\", the torch.nn class name such as"
                    + " \"Conv2d\"");
        }
        if (!(t instanceof Value.Str typeName)) {
            throw new InvalidSpecException(t.location(), "\"type\" must be a torch.nn class name, got "
                    + Arguments.describe(t));
        }
        LayerKinds.Binder binder = LayerKinds.binder(typeName.value()).orElseThrow(() -> new InvalidSpecException(
                t.location(), "unknown layer type '" + typeName.value() + "'"
                + Suggestions.hint(typeName.value(), LayerKinds.names()) + " (known: "
                + String.join(", ", LayerKinds.names()) + ")"));
        Value name = obj.fields().get("name");
        if (name != null && !(name instanceof Value.Str)) {
            throw new InvalidSpecException(name.location(), "\"name\" must be a string, got "
                    + Arguments.describe(name));
        }
        Arguments args = new Arguments(typeName.value(), obj);
        Layer layer;
        try {
            layer = binder.bind(args);
        } catch (InvalidSpecException e) {
            throw e;
        } catch (FlopcheckException e) {
            String where = e.argument().map(args::locationOf).orElse(obj.location());
            throw new InvalidSpecException(where, e.reason());
        }
        args.finish();
        Map<Layer, String> locations = LOCATIONS.get();
        if (locations != null) {
            locations.put(layer, obj.location());
        }
        return layer;
    }

    /** The row name a layer object gives itself with {@code "name"}, if any. */
    public static Optional<String> rowName(Value.Obj layer) {
        Value name = layer.fields().get("name");
        return name instanceof Value.Str s ? Optional.of(s.value()) : Optional.empty();
    }
}
