package org.flopcheck.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One value of a spec, with the place it came from: {@code $.model.layers[2].kernel_size}, or that path plus
 * {@code (line 7, column 22)} when the parser knows positions.
 */
public sealed interface Value {

    /** Where this value is: a JSON path, optionally followed by a line and column. */
    String location();

    /** What this value is, for messages: {@code an integer}, {@code a string}, {@code a list}. */
    String kind();

    record Int(long value, String location) implements Value {
        public String kind() {
            return "an integer";
        }
    }

    record Real(double value, String location) implements Value {
        public String kind() {
            return "a number";
        }
    }

    record Bool(boolean value, String location) implements Value {
        public String kind() {
            return "a boolean";
        }
    }

    record Str(String value, String location) implements Value {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        public String kind() {
            return "a string";
        }
    }

    record Null(String location) implements Value {
        public String kind() {
            return "null";
        }
    }

    record ListValue(List<Value> items, String location) implements Value {
        public ListValue {
            items = List.copyOf(items);
        }

        public String kind() {
            return "a list";
        }
    }

    /** An object; keys keep their order and duplicate keys are the parser's to refuse. */
    record Obj(Map<String, Value> fields, String location) implements Value {
        public Obj {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public String kind() {
            return "an object";
        }
    }
}
