package org.flopcheck.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flopcheck.InvalidSpecException;

/**
 * The keyword arguments of one layer object in a spec, read strictly: each accessor checks the value's type and
 * remembers that the key was used; {@link #finish} refuses any key no accessor asked for, suggesting the closest
 * known name. JSON {@code null} means Python's {@code None}: the argument takes its default.
 */
public final class Arguments {
    private final String type;
    private final Value.Obj object;
    private final Set<String> known = new LinkedHashSet<>();
    /** True while {@link #names} binds with nothing given, only to learn which arguments the binder reads. */
    private final boolean probe;

    Arguments(String type, Value.Obj object) {
        this(type, object, false);
    }

    private Arguments(String type, Value.Obj object, boolean probe) {
        this.type = type;
        this.object = object;
        this.probe = probe;
        known.add("type");
        known.add("name");
    }

    /**
     * Every keyword argument the binder of {@code type} reads, "type" and "name" included: found by binding with
     * no argument given, each required one standing in as 1 (a list {@code [1]}, no rows for a Sequential).
     */
    static Set<String> names(String type) {
        Arguments a = new Arguments(type, new Value.Obj(Map.of(), "$"), true);
        try {
            LayerKinds.binder(type).ifPresent(b -> b.bind(a));
        } catch (RuntimeException partial) {
            // a binder that refuses the stand-ins still named every argument it read before refusing
        }
        return a.known;
    }

    /** The layer type these arguments are for. */
    public String type() {
        return type;
    }

    /** The object's own location. */
    public String location() {
        return object.location();
    }

    /** The location of {@code name}'s value, or of the object when the key is absent. */
    public String locationOf(String name) {
        Value v = object.fields().get(name);
        return v == null ? object.location() : v.location();
    }

    /** The value of {@code name}, absent when the key is missing or null. */
    public Optional<Value> value(String name) {
        known.add(name);
        Value v = object.fields().get(name);
        return v == null || v instanceof Value.Null ? Optional.empty() : Optional.of(v);
    }

    /** True when the key is present with the value {@code null}: Python's {@code None} given explicitly. */
    public boolean isNull(String name) {
        known.add(name);
        return object.fields().get(name) instanceof Value.Null;
    }

    private InvalidSpecException wrong(Value v, String name, String expected) {
        return new InvalidSpecException(v.location(), type + " argument '" + name + "' must be " + expected + ", got "
                + describe(v));
    }

    /**
     * A required argument is absent. When a key the layer does not take is a near miss of it ({@code
     * "in_channel"}), the refusal points at that key and suggests the name.
     */
    private InvalidSpecException missing(String name, String expected) {
        Value given = object.fields().get(name);
        if (given instanceof Value.Null) {
            return new InvalidSpecException(given.location(), type + " argument '" + name + "' must be " + expected
                    + ", got null (None): it has no default");
        }
        Set<String> valid = names(type);
        for (Map.Entry<String, Value> e : object.fields().entrySet()) {
            if (!valid.contains(e.getKey()) && Suggestions.closest(e.getKey(), valid).filter(name::equals)
                    .isPresent()) {
                return new InvalidSpecException(e.getValue().location(), type + " has no argument '" + e.getKey()
                        + "'; did you mean '" + name + "'? (" + type + " needs argument '" + name + "', " + expected
                        + ")");
            }
        }
        return new InvalidSpecException(object.location(), type + " needs argument '" + name + "' (" + expected
                + ")");
    }

    static String describe(Value v) {
        if (v instanceof Value.Str s) {
            return "the string \"" + s.value() + "\"";
        }
        if (v instanceof Value.Int i) {
            return "the integer " + i.value();
        }
        if (v instanceof Value.Real r) {
            return "the number " + r.value();
        }
        if (v instanceof Value.Bool b) {
            return b.value() ? "true" : "false";
        }
        if (v instanceof Value.ListValue l && l.items().isEmpty()) {
            return "an empty list";
        }
        return v.kind();
    }

    public Optional<Long> integer(String name) {
        return value(name).map(v -> {
            if (v instanceof Value.Int i) {
                return i.value();
            }
            throw wrong(v, name, "an integer");
        });
    }

    public long requiredInteger(String name) {
        Optional<Long> v = integer(name);
        if (v.isEmpty() && probe) {
            return 1;
        }
        return v.orElseThrow(() -> missing(name, "an integer"));
    }

    /**
     * An integer naming a dimension ({@code dim}, {@code start_dim}), negative counting from the end; torch's
     * dimensions fit in 32 bits, so a larger value is refused here rather than as out of range for the input.
     */
    public Optional<Integer> dimension(String name) {
        Optional<Value> raw = value(name);
        Optional<Long> v = integer(name);
        if (v.isPresent() && (v.get() < Integer.MIN_VALUE || v.get() > Integer.MAX_VALUE)) {
            throw wrong(raw.orElseThrow(), name, "a dimension index (an integer such as 1 or -1, negative counting"
                    + " from the end)");
        }
        return v.map(Math::toIntExact);
    }

    /**
     * An integer or a list of integers ({@code 3} or {@code [4, 10]}), as torch's {@code _size_n_t}. With
     * {@code count > 0} a list must have exactly that many entries; a single integer is returned as one entry for
     * the caller to expand.
     */
    public Optional<long[]> integers(String name, int count) {
        return value(name).map(v -> {
            String expected = count > 0 ? "an integer or a list of " + count + " integers" : "an integer or a list of"
                    + " integers";
            if (v instanceof Value.Int i) {
                return new long[] {i.value()};
            }
            if (v instanceof Value.ListValue l) {
                if (l.items().isEmpty() || (count > 0 && l.items().size() != count)) {
                    throw wrong(v, name, expected + " (" + l.items().size() + " given)");
                }
                long[] out = new long[l.items().size()];
                for (int k = 0; k < out.length; k++) {
                    if (!(l.items().get(k) instanceof Value.Int i)) {
                        throw wrong(l.items().get(k), name + "[" + k + "]", "an integer");
                    }
                    out[k] = i.value();
                }
                return out;
            }
            throw wrong(v, name, expected);
        });
    }

    public long[] requiredIntegers(String name, int count) {
        Optional<long[]> v = integers(name, count);
        if (v.isEmpty() && probe) {
            return new long[] {1};
        }
        return v.orElseThrow(() -> missing(name, count > 0 ? "an integer or a list of " + count
                + " integers" : "an integer or a list of integers"));
    }

    /**
     * An integer or a list of integers in which {@code null} stands for Python's None (adaptive pooling's
     * {@code output_size=(None, 4)}); a single integer is returned as one entry.
     */
    public Optional<Long[]> integersOrNone(String name, int count) {
        return value(name).map(v -> {
            String expected = "an integer or a list of " + count + " integers or nulls";
            if (v instanceof Value.Int i) {
                return new Long[] {i.value()};
            }
            if (v instanceof Value.ListValue l && l.items().size() == count) {
                Long[] out = new Long[count];
                for (int k = 0; k < count; k++) {
                    Value item = l.items().get(k);
                    if (item instanceof Value.Int i) {
                        out[k] = i.value();
                    } else if (!(item instanceof Value.Null)) {
                        throw wrong(item, name + "[" + k + "]", "an integer or null");
                    }
                }
                return out;
            }
            throw wrong(v, name, expected);
        });
    }

    /** As {@link #integersOrNone}, for a required argument. */
    public Long[] requiredIntegersOrNone(String name, int count) {
        Optional<Long[]> v = integersOrNone(name, count);
        if (v.isEmpty() && probe) {
            return new Long[] {1L};
        }
        return v.orElseThrow(() -> missing(name, "an integer or a list of " + count + " integers or nulls"));
    }

    /** A number or a list of numbers ({@code 2.0} or {@code [2.0, 1.5]}); a single number is one entry. */
    public Optional<double[]> reals(String name) {
        return value(name).map(v -> {
            if (v instanceof Value.Real || v instanceof Value.Int) {
                return new double[] {v instanceof Value.Real r ? r.value() : ((Value.Int) v).value()};
            }
            if (v instanceof Value.ListValue l && !l.items().isEmpty()) {
                double[] out = new double[l.items().size()];
                for (int k = 0; k < out.length; k++) {
                    Value item = l.items().get(k);
                    if (item instanceof Value.Real r) {
                        out[k] = r.value();
                    } else if (item instanceof Value.Int i) {
                        out[k] = i.value();
                    } else {
                        throw wrong(item, name + "[" + k + "]", "a number");
                    }
                }
                return out;
            }
            throw wrong(v, name, "a number or a list of numbers");
        });
    }

    /** A number; integers are accepted as numbers, as Python accepts 1 for 1.0. */
    public Optional<Double> real(String name) {
        return value(name).map(v -> {
            if (v instanceof Value.Real r) {
                return r.value();
            }
            if (v instanceof Value.Int i) {
                return (double) i.value();
            }
            throw wrong(v, name, "a number");
        });
    }

    public Optional<Boolean> bool(String name) {
        return value(name).map(v -> {
            if (v instanceof Value.Bool b) {
                return b.value();
            }
            throw wrong(v, name, "true or false");
        });
    }

    public Optional<String> string(String name) {
        return value(name).map(v -> {
            if (v instanceof Value.Str s) {
                return s.value();
            }
            throw wrong(v, name, "a string");
        });
    }

    /** A nested layer object. */
    public Optional<Value.Obj> object(String name) {
        return value(name).map(v -> {
            if (v instanceof Value.Obj o) {
                return o;
            }
            throw wrong(v, name, "a layer object {\"type\": ...}");
        });
    }

    public Value.Obj requiredObject(String name) {
        Optional<Value.Obj> v = object(name);
        if (v.isEmpty() && probe) {
            return new Value.Obj(Map.of("type", new Value.Str("Identity", "$.type")), "$");
        }
        return v.orElseThrow(() -> missing(name, "a layer object {\"type\": ...}"));
    }

    /** A list of layer objects. */
    public List<Value.Obj> objects(String name) {
        Optional<Value> given = value(name);
        if (given.isEmpty() && probe) {
            return List.of();
        }
        Value v = given.orElseThrow(() -> missing(name, "a list of layer objects"));
        if (!(v instanceof Value.ListValue l)) {
            throw wrong(v, name, "a list of layer objects");
        }
        List<Value.Obj> out = new ArrayList<>();
        for (Value item : l.items()) {
            if (!(item instanceof Value.Obj o)) {
                throw new InvalidSpecException(item.location(), type + " argument '" + name
                        + "' must list layer objects {\"type\": ...}, got " + describe(item));
            }
            out.add(o);
        }
        return out;
    }

    /** Refuses every key no accessor asked for, naming the closest known argument. */
    void finish() {
        for (Map.Entry<String, Value> e : object.fields().entrySet()) {
            if (!known.contains(e.getKey())) {
                List<String> arguments = known.stream().filter(k -> !k.equals("type") && !k.equals("name")).toList();
                throw new InvalidSpecException(e.getValue().location(), type + " has no argument '" + e.getKey() + "'"
                        + Suggestions.hint(e.getKey(), known) + (arguments.isEmpty() ? " (" + type
                        + " takes no arguments)" : " (known: " + String.join(", ", arguments) + ")"));
            }
        }
    }
}
