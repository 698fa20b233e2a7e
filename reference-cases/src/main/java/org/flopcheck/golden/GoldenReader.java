package org.flopcheck.golden;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.flopcheck.json.JsonValues;

/**
 * Reads golden files strictly. Jackson maps the text onto records that mirror the format field by field, with
 * every leniency switched off: unknown fields, missing fields, trailing content, duplicate keys, floats where
 * integers belong and strings where numbers belong are all refused. Then the format's own rules are checked
 * (which fields may be null, which tools and variants exist, unique case ids). Every refusal is a
 * {@link GoldenFileException} naming the file and the JSON path.
 */
public final class GoldenReader {
    public static final String FORMAT = "flopcheck-golden/1";
    static final Set<String> TOOLS = Set.of("torchinfo-1.8.0", "thop-0.1.1", "ptflops-0.7.5-pytorch",
            "ptflops-0.7.5-aten", "ptflops-0.7.2.2-pytorch");
    static final Set<String> VARIANTS = Set.of("direct", "wrapped", "positional");

    private static final JsonMapper MAPPER = strictMapper();

    private GoldenReader() {
    }

    private static JsonMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
        for (LogicalType numeric : List.of(LogicalType.Integer, LogicalType.Float)) {
            mapper.coercionConfigFor(numeric)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    // the format, field by field, as Jackson sees it
    record FileDto(String format, EnvironmentDto environment, List<ToolDto> tools, List<CaseDto> cases) {
    }

    record EnvironmentDto(String python, String torch, String torchvision) {
    }

    record ToolDto(String id, String tool, String version, String backend, String requirement, String source) {
    }

    record CaseDto(String id, String description, JsonNode model, JsonNode inputs, List<List<Long>> outputs,
                   List<ReadingDto> readings) {
    }

    record ReadingDto(String tool, String variant, String call, String mode, Long macs, Long params,
                      Long trainableParams, JsonNode raw, JsonNode modules, String error, PrintedDto printed) {
    }

    record PrintedDto(String stdout, String stream, List<String> warnings, List<String> logging) {
    }

    /** Reads one golden file's text; {@code name} is the file name used in messages. */
    public static GoldenFile read(String name, String text) {
        FileDto dto;
        try {
            dto = MAPPER.readValue(text, FileDto.class);
        } catch (JsonParseException e) {
            throw new GoldenFileException(name, "$ (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", "malformed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            throw new GoldenFileException(name, path(e), describe(e));
        } catch (IOException e) {
            throw new GoldenFileException(name, "$", "cannot be read: " + e.getMessage());
        }
        return new Check(name).file(dto);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            return "unknown field '" + u.getPropertyName() + "' (allowed: " + String.join(", ", known) + ")";
        }
        String msg = e.getOriginalMessage();
        if (msg.startsWith("Missing required creator property") || msg.startsWith("Missing creator property")) {
            String field = msg.replaceFirst(".*'([^']+)'.*", "$1");
            return "missing field '" + field + "' (every field of the format is always present; write null where"
                    + " the format allows it)";
        }
        if (msg.startsWith("Duplicate field") || msg.startsWith("Duplicate Object property")) {
            return "duplicate key: " + firstLine(msg);
        }
        if (e instanceof InvalidFormatException f) {
            return "wrong type: " + Check.kindOf(f.getValue()) + " where " + expected(f.getTargetType()) + " belongs";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "wrong type: expected " + expected(m.getTargetType()) + " (" + firstLine(msg) + ")";
        }
        return firstLine(msg);
    }

    private static String expected(Class<?> type) {
        if (type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The format's own rules, applied after Jackson accepted the shape. */
    private static final class Check {
        private final String file;

        Check(String file) {
            this.file = file;
        }

        static String kindOf(Object v) {
            if (v instanceof String s) {
                return "the string \"" + s + "\"";
            }
            if (v instanceof Number) {
                return "the number " + v;
            }
            return String.valueOf(v);
        }

        private GoldenFileException fail(String path, String message) {
            return new GoldenFileException(file, path, message);
        }

        private <T> T present(T value, String path) {
            if (value == null) {
                throw fail(path, "null, but this field must have a value");
            }
            return value;
        }

        GoldenFile file(FileDto dto) {
            if (!FORMAT.equals(present(dto.format(), "$.format"))) {
                throw fail("$.format", "unsupported format '" + dto.format() + "'; this reader knows '" + FORMAT + "'");
            }
            EnvironmentDto env = present(dto.environment(), "$.environment");
            GoldenFile.Environment environment = new GoldenFile.Environment(
                    present(env.python(), "$.environment.python"), present(env.torch(), "$.environment.torch"),
                    present(env.torchvision(), "$.environment.torchvision"));
            List<GoldenFile.ToolInfo> tools = new ArrayList<>();
            List<ToolDto> toolDtos = present(dto.tools(), "$.tools");
            for (int i = 0; i < toolDtos.size(); i++) {
                ToolDto t = present(toolDtos.get(i), "$.tools[" + i + "]");
                String at = "$.tools[" + i + "]";
                if (!TOOLS.contains(present(t.id(), at + ".id"))) {
                    throw fail(at + ".id", "unknown tool '" + t.id() + "' (known: " + sorted(TOOLS) + ")");
                }
                tools.add(new GoldenFile.ToolInfo(t.id(), present(t.tool(), at + ".tool"),
                        present(t.version(), at + ".version"), t.backend(), present(t.requirement(),
                        at + ".requirement"), present(t.source(), at + ".source")));
            }
            Set<String> listed = tools.stream().map(GoldenFile.ToolInfo::id).collect(Collectors.toSet());
            List<GoldenCase> cases = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            List<CaseDto> caseDtos = present(dto.cases(), "$.cases");
            for (int i = 0; i < caseDtos.size(); i++) {
                String at = "$.cases[" + i + "]";
                CaseDto c = present(caseDtos.get(i), at);
                String id = present(c.id(), at + ".id");
                Integer before = seen.put(id, i);
                if (before != null) {
                    throw fail(at + ".id", "duplicate case id '" + id + "' (also $.cases[" + before + "].id)");
                }
                cases.add(kase(c, at, listed));
            }
            return new GoldenFile(file, dto.format(), environment, tools, cases);
        }

        private GoldenCase kase(CaseDto c, String at, Set<String> tools) {
            present(c.description(), at + ".description");
            JsonNode model = present(c.model(), at + ".model");
            if (!model.isObject()) {
                throw fail(at + ".model", "must be a layer spec object {\"type\": ...}");
            }
            JsonNode inputs = present(c.inputs(), at + ".inputs");
            if (!inputs.isArray() || inputs.isEmpty()) {
                throw fail(at + ".inputs", "must be a non-empty array of shapes");
            }
            List<List<Long>> outputs = present(c.outputs(), at + ".outputs");
            for (int k = 0; k < outputs.size(); k++) {
                List<Long> shape = present(outputs.get(k), at + ".outputs[" + k + "]");
                for (int d = 0; d < shape.size(); d++) {
                    present(shape.get(d), at + ".outputs[" + k + "][" + d + "]");
                }
            }
            List<ReadingDto> dtos = present(c.readings(), at + ".readings");
            if (dtos.isEmpty()) {
                throw fail(at + ".readings", "a case needs at least one reading");
            }
            List<Reading> readings = new ArrayList<>();
            Set<String> keys = new java.util.HashSet<>();
            for (int j = 0; j < dtos.size(); j++) {
                String rat = at + ".readings[" + j + "]";
                Reading r = reading(present(dtos.get(j), rat), rat, tools);
                if (!keys.add(r.tool() + "/" + r.variant())) {
                    throw fail(rat, "a second " + r.label() + " reading for this case");
                }
                readings.add(r);
            }
            return new GoldenCase(c.id(), c.description(), JsonValues.fromTree(model, at + ".model"),
                    JsonValues.fromTree(inputs, at + ".inputs"), outputs, readings, at);
        }

        private Reading reading(ReadingDto r, String at, Set<String> tools) {
            String tool = present(r.tool(), at + ".tool");
            if (!tools.contains(tool)) {
                throw fail(at + ".tool", "tool '" + tool + "' is not listed in this file's tools (" + sorted(tools)
                        + ")");
            }
            String variant = present(r.variant(), at + ".variant");
            if (!VARIANTS.contains(variant)) {
                throw fail(at + ".variant", "unknown variant '" + variant + "' (known: " + sorted(VARIANTS) + ")");
            }
            present(r.call(), at + ".call");
            present(r.mode(), at + ".mode");
            PrintedDto printed = present(r.printed(), at + ".printed");
            present(printed.stdout(), at + ".printed.stdout");
            List<String> warnings = present(printed.warnings(), at + ".printed.warnings");
            present(printed.logging(), at + ".printed.logging");
            boolean failed = r.error() != null;
            for (String field : List.of("macs", "params")) {
                Long v = field.equals("macs") ? r.macs() : r.params();
                if (failed && v != null) {
                    throw fail(at + "." + field, "a count on a reading that failed (error is set)");
                }
                if (!failed && v == null) {
                    throw fail(at + "." + field, "missing count: null, but the reading has no error");
                }
                if (v != null && v < 0) {
                    throw fail(at + "." + field, "a negative count: " + v);
                }
            }
            if (!failed && (r.modules() == null || r.modules().isNull())) {
                throw fail(at + ".modules", "null, but the reading has no error");
            }
            return new Reading(tool, variant, r.call(), r.mode(), optional(r.macs()), optional(r.params()),
                    optional(r.trainableParams()), Optional.ofNullable(r.error()), warnings, at);
        }

        private static OptionalLong optional(Long v) {
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }

        private static String sorted(Set<String> s) {
            return String.join(", ", s.stream().sorted().toList());
        }
    }
}
