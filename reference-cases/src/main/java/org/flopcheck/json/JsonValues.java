package org.flopcheck.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flopcheck.InvalidSpecException;
import org.flopcheck.spec.Value;

/**
 * Parses JSON text into spec values, each carrying its location as {@code $.model.layers[2].groups (line 9,
 * column 17)}. Strict: duplicate keys, content after the document, integers beyond 64 bits and non-finite numbers
 * are refused with an {@link InvalidSpecException} naming the place.
 */
public final class JsonValues {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private JsonValues() {
    }

    /** Parses one JSON document. */
    public static Value parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidSpecException("$ (line 1, column 1)", "the file is empty; expected a JSON object");
            }
            Value v = read(p, "$");
            JsonToken trailing;
            try {
                trailing = p.nextToken();
            } catch (JsonParseException e) {
                throw new InvalidSpecException(place("$", text, e), "unexpected content after the JSON"
                        + " document: " + readable(e.getOriginalMessage(), text, e.getLocation()));
            }
            if (trailing != null) {
                throw new InvalidSpecException(where("$", p.currentTokenLocation()), "unexpected content after the"
                        + " JSON document");
            }
            return v;
        } catch (JsonParseException e) {
            String place = place(pathOf(e.getProcessor()), text, e);
            throw new InvalidSpecException(place, "malformed JSON: " + readable(e.getOriginalMessage(), text,
                    e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Converts a tree Jackson already parsed into spec values, locating each value by its JSON path under
     * {@code path} (no line and column: the tree does not keep them).
     */
    public static Value fromTree(com.fasterxml.jackson.databind.JsonNode node, String path) {
        if (node.isObject()) {
            Map<String, Value> fields = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), fromTree(e.getValue(), member(path, e.getKey()))));
            return new Value.Obj(fields, path);
        }
        if (node.isArray()) {
            List<Value> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(fromTree(node.get(i), path + "[" + i + "]"));
            }
            return new Value.ListValue(items, path);
        }
        if (node.isTextual()) {
            return new Value.Str(node.textValue(), path);
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new InvalidSpecException(path, "the integer " + node.asText() + " does not fit in 64 bits");
            }
            return new Value.Int(node.longValue(), path);
        }
        if (node.isNumber()) {
            return new Value.Real(node.doubleValue(), path);
        }
        if (node.isBoolean()) {
            return new Value.Bool(node.booleanValue(), path);
        }
        if (node.isNull()) {
            return new Value.Null(path);
        }
        throw new InvalidSpecException(path, "unexpected JSON value " + node.getNodeType());
    }

    /**
     * {@code $.model.groups} for a key that reads as a name, {@code $["odd key"]} (JSON-quoted) for any other, so a
     * path is one line and says where a key with spaces, dots or control characters is.
     */
    static String member(String path, String key) {
        if (key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return path + "." + key;
        }
        StringBuilder quoted = new StringBuilder("[\"");
        for (char c : key.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return path + quoted.append("\"]");
    }

    /**
     * Jackson's message in the spec author's terms: what JSON allows rather than which parser feature to enable,
     * where an unclosed bracket was opened rather than a copy of the source, and a hint for a trailing comma.
     */
    private static String readable(String message, String text, JsonLocation at) {
        // "(start marker at [Source: (String)\"{...\"; line: 1, column: 1])": the place, without the source text
        String msg = message.replaceAll("(?s)\\(start marker at \\[Source: .*; line: (\\d+), column: (\\d+)\\]\\)",
                "(opened at line $1, column $2)");
        msg = msg.replaceAll("(?s)\\(for (Object|Array) starting at \\[Source: .*; line: (\\d+), column: (\\d+)\\]\\)",
                "(for the $1 opened at line $2, column $3)");
        msg = firstLine(msg);
        if (msg.startsWith("Duplicate field")) {
            msg = msg.replace("Duplicate field", "duplicate key") + "; a key may appear only once in an object";
        }
        // Jackson's advice names parser features; a spec author needs to know what JSON allows
        msg = msg.replaceAll(":? ?enable `[^`]*` to allow", "");
        msg = msg.replace("maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not"
                + " enabled for parser)", "JSON has no comments");
        if (msg.matches("^Unrecognized token '(True|False|None)'.*")) {
            msg += "; JSON writes true, false and null where Python writes True, False and None";
        }
        if (msg.startsWith("Non-standard token")) {
            // Jackson suggests a parser feature; the user needs to know what JSON allows
            msg = msg.replaceFirst("^Non-standard token ('[^']*').*", "$1 is not a JSON number; numbers must be"
                    + " finite, such as 0.5 or 1e-5");
        }
        long offset = at.getCharOffset();
        if (offset > 0 && offset <= text.length() && (msg.startsWith("Unexpected character ('}'")
                || msg.startsWith("Unexpected character (']'"))) {
            // back to the closing bracket Jackson stopped at, then over blanks to what precedes it
            char bracket = msg.charAt("Unexpected character ('".length());
            int i = (int) Math.min(offset, text.length() - 1);
            while (i >= 0 && text.charAt(i) != bracket) {
                i--;
            }
            i--;
            while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
                i--;
            }
            if (i >= 0 && text.charAt(i) == ',') {
                msg += "; JSON allows no comma before a closing bracket";
            }
        }
        return msg;
    }

    /**
     * Where a parse error is: Jackson stops after a repeated key, a non-standard or unrecognized token (NaN, True,
     * trailing garbage) and inside a malformed number; those point at the start of the token instead.
     */
    private static String place(String path, String text, JsonParseException e) {
        String place = where(path, e.getLocation());
        String original = e.getOriginalMessage();
        String token = original.startsWith("Duplicate field '") ? original.replaceFirst("(?s)^Duplicate field"
                + " ('.*')[^']*$", "$1").replace('\'', '"')
                : original.matches("(?s)^(Non-standard|Unrecognized) token '.*") ? original.replaceFirst(
                "(?s)^(Non-standard|Unrecognized) token '([^']*)'.*", "$2") : null;
        long after = e.getLocation().getCharOffset();
        if (token != null && after >= 0) {
            int start = text.lastIndexOf(token, (int) Math.min(after, text.length()));
            if (start >= 0) {
                place = path + " (" + lineAndColumn(text, start) + ")";
            }
        } else if (original.contains("numeric value") && after > 0 && after <= text.length()) {
            // a malformed number (+8, 08): from inside it back to where it starts
            int start = (int) after;
            while (start > 0 && "0123456789+-.eE".indexOf(text.charAt(start - 1)) >= 0) {
                start--;
            }
            place = path + " (" + lineAndColumn(text, start) + ")";
        }
        return place;
    }

    /** {@code line 3, column 7} of a character index, counting from 1 as Jackson does. */
    private static String lineAndColumn(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (index - lineStart + 1);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String pathOf(Object processor) {
        if (processor instanceof JsonParser p) {
            StringBuilder sb = new StringBuilder();
            var ctx = p.getParsingContext();
            List<String> parts = new ArrayList<>();
            while (ctx != null && !ctx.inRoot()) {
                if (ctx.inArray()) {
                    parts.add(0, "[" + Math.max(0, ctx.getCurrentIndex()) + "]");
                } else if (ctx.inObject() && ctx.getCurrentName() != null) {
                    parts.add(0, member("", ctx.getCurrentName()));
                }
                ctx = ctx.getParent();
            }
            sb.append('$');
            parts.forEach(sb::append);
            return sb.toString();
        }
        return "$";
    }

    private static String where(String path, JsonLocation at) {
        return path + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static Value read(JsonParser p, String path) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        String loc = where(path, at);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Value> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.put(name, read(p, member(path, name)));
                }
                return new Value.Obj(fields, loc);
            }
            case START_ARRAY -> {
                List<Value> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, path + "[" + i++ + "]"));
                }
                return new Value.ListValue(items, loc);
            }
            case VALUE_STRING -> {
                return new Value.Str(p.getText(), loc);
            }
            case VALUE_NUMBER_INT -> {
                try {
                    return new Value.Int(p.getLongValue(), loc);
                } catch (InputCoercionException e) {
                    throw new InvalidSpecException(loc, "the integer " + p.getText() + " does not fit in 64 bits");
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw new InvalidSpecException(loc, "the number " + p.getText() + " is not finite");
                }
                return new Value.Real(d, loc);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Value.Bool(t == JsonToken.VALUE_TRUE, loc);
            }
            case VALUE_NULL -> {
                return new Value.Null(loc);
            }
            default -> throw new InvalidSpecException(loc, "unexpected JSON token " + t);
        }
    }
}
