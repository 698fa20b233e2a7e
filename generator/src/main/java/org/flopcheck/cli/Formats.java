package org.flopcheck.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.flopcheck.convention.Convention;
import org.flopcheck.shape.Shape;

/**
 * The output formats of {@code flopcheck count}. {@code json} is a stable, documented schema
 * ({@code flopcheck-count/1}, see the README); {@code table} is for reading; {@code csv} and {@code markdown} for
 * spreadsheets and documents.
 */
enum Formats {
    TABLE {
        @Override
        void write(Report r, PrintWriter out) {
            List<String> header = new ArrayList<>(List.of("Layer (type)", "Input shape", "Output shape", "Params"));
            r.conventions.forEach(c -> header.add(c.id()));
            List<List<String>> lines = new ArrayList<>();
            for (int i = 0; i < r.rows.size(); i++) {
                Report.Row row = r.rows.get(i);
                List<String> cells = new ArrayList<>();
                cells.add(tree(r.rows, i) + row.name() + " (" + row.type() + ")");
                cells.add(shapes(row.inputs()));
                cells.add(shapes(row.outputs()));
                cells.add(Units.compact(row.params().total()));
                for (Convention c : r.conventions) {
                    Report.Cell cell = row.cells().get(c.id());
                    cells.add(cell.value().isPresent() ? Units.compact(cell.value().getAsLong()) : "fails");
                }
                lines.add(cells);
            }
            int[] width = new int[header.size()];
            for (int k = 0; k < width.length; k++) {
                width[k] = header.get(k).length();
                for (List<String> l : lines) {
                    width[k] = Math.max(width[k], l.get(k).length());
                }
            }
            String rule = "=".repeat(java.util.Arrays.stream(width).sum() + 2 * (width.length - 1));
            out.println(rule);
            out.println(row(header, width));
            out.println(rule);
            lines.forEach(l -> out.println(row(l, width)));
            out.println(rule);
            Report.Row root = r.root();
            out.println("Params: " + Units.both(root.params().total()) + ", trainable " + Units.grouped(
                    root.params().trainable()) + ", buffers " + Units.grouped(root.params().buffers()) + " elements");
            for (Convention c : r.conventions) {
                Report.Cell cell = root.cells().get(c.id());
                String tool = r.toolParams(c.id()).stream().filter(p -> p != root.params().total())
                        .mapToObj(p -> "; reports " + Units.grouped(p) + " params").findFirst().orElse("");
                out.println(pad(c.id() + ":", 26) + (cell.value().isPresent() ? Units.both(cell.value().getAsLong())
                        + tool : "fails: " + cell.failure().orElseThrow()));
            }
            out.println(rule);
        }
    },
    JSON {
        @Override
        void write(Report r, PrintWriter out) {
            try {
                JsonGenerator g = new JsonFactory().createGenerator((Writer) out);
                // objects one field per line, arrays of numbers (shapes) on one line
                g.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withArrayEmptySeparator("").withObjectEmptySeparator(""))
                        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                        .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance));
                g.writeStartObject();
                g.writeStringField("schema", "flopcheck-count/1");
                g.writeStringField("name", r.label);
                g.writeFieldName("inputs");
                shapeList(g, r.root().inputs());
                g.writeFieldName("output_shape");
                shape(g, r.root().outputs().get(0));
                g.writeFieldName("output_shapes");
                shapeList(g, r.root().outputs());
                params(g, r.root());
                totals(g, r, r.root());
                g.writeObjectFieldStart("tool_params");
                for (Convention c : r.conventions) {
                    var p = r.toolParams(c.id());
                    if (p.isPresent()) {
                        g.writeNumberField(c.id(), p.getAsLong());
                    } else {
                        failure(g, c.id(), r.root().cells().get(c.id()));
                    }
                }
                g.writeEndObject();
                g.writeArrayFieldStart("layers");
                for (Report.Row row : r.rows.subList(1, r.rows.size())) {
                    g.writeStartObject();
                    g.writeStringField("path", row.path());
                    g.writeStringField("name", row.name());
                    g.writeStringField("type", row.type());
                    g.writeNumberField("depth", row.depth());
                    g.writeFieldName("input_shapes");
                    shapeList(g, row.inputs());
                    g.writeFieldName("output_shape");
                    shape(g, row.outputs().get(0));
                    params(g, row);
                    totals(g, r, row);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.flush();
                out.println();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void params(JsonGenerator g, Report.Row row) throws IOException {
            g.writeObjectFieldStart("params");
            g.writeNumberField("total", row.params().total());
            g.writeNumberField("trainable", row.params().trainable());
            g.writeNumberField("buffers", row.params().buffers());
            g.writeEndObject();
        }

        private void totals(JsonGenerator g, Report r, Report.Row row) throws IOException {
            g.writeObjectFieldStart("totals");
            for (Convention c : r.conventions) {
                Report.Cell cell = row.cells().get(c.id());
                if (cell.value().isPresent()) {
                    g.writeNumberField(c.id(), cell.value().getAsLong());
                } else {
                    failure(g, c.id(), cell);
                }
            }
            g.writeEndObject();
        }

        private void failure(JsonGenerator g, String id, Report.Cell cell) throws IOException {
            g.writeObjectFieldStart(id);
            g.writeStringField("fails", cell.failure().orElseThrow());
            g.writeEndObject();
        }

        private void shape(JsonGenerator g, Shape s) throws IOException {
            g.writeStartArray();
            for (int i = 0; i < s.rank(); i++) {
                g.writeNumber(s.dim(i));
            }
            g.writeEndArray();
        }

        private void shapeList(JsonGenerator g, List<Shape> shapes) throws IOException {
            g.writeStartArray();
            for (Shape s : shapes) {
                shape(g, s);
            }
            g.writeEndArray();
        }
    },
    CSV {
        @Override
        void write(Report r, PrintWriter out) {
            List<String> header = new ArrayList<>(List.of("path", "name", "type", "depth", "input_shapes",
                    "output_shape", "params", "trainable", "buffers"));
            r.conventions.forEach(c -> header.add(c.id()));
            out.print(header.stream().map(Formats::csv).collect(Collectors.joining(",")) + "\r\n");
            for (Report.Row row : r.rows) {
                List<String> cells = new ArrayList<>(List.of(row.path(), row.name(), row.type(),
                        String.valueOf(row.depth()), shapes(row.inputs()), row.outputs().get(0).toString(),
                        String.valueOf(row.params().total()), String.valueOf(row.params().trainable()),
                        String.valueOf(row.params().buffers())));
                for (Convention c : r.conventions) {
                    Report.Cell cell = row.cells().get(c.id());
                    cells.add(cell.value().isPresent() ? String.valueOf(cell.value().getAsLong())
                            : "fails: " + cell.failure().orElseThrow());
                }
                out.print(cells.stream().map(Formats::csv).collect(Collectors.joining(",")) + "\r\n");
            }
        }
    },
    MARKDOWN {
        @Override
        void write(Report r, PrintWriter out) {
            List<String> header = new ArrayList<>(List.of("Layer", "Type", "Input shape", "Output shape", "Params"));
            r.conventions.forEach(c -> header.add("`" + c.id() + "`"));
            out.println("| " + String.join(" | ", header) + " |");
            out.println("|" + header.stream().map(h -> h.equals("Layer") || h.equals("Type") ? "---" : "---:")
                    .collect(Collectors.joining("|")) + "|");
            for (Report.Row row : r.rows) {
                List<String> cells = new ArrayList<>();
                cells.add("&nbsp;".repeat(2 * row.depth()) + md(row.name()));
                cells.add(md(row.type()));
                cells.add(md(shapes(row.inputs())));
                cells.add(md(shapes(row.outputs())));
                cells.add(Units.grouped(row.params().total()));
                for (Convention c : r.conventions) {
                    Report.Cell cell = row.cells().get(c.id());
                    cells.add(cell.value().isPresent() ? Units.grouped(cell.value().getAsLong()) : "fails");
                }
                out.println("| " + String.join(" | ", cells) + " |");
            }
            r.conventions.stream().filter(c -> r.root().cells().get(c.id()).failure().isPresent()).forEach(c ->
                    out.println("\n`" + c.id() + "` fails: " + md(r.root().cells().get(c.id()).failure().get())));
        }
    };

    abstract void write(Report r, PrintWriter out);

    static String shapes(List<Shape> shapes) {
        return shapes.size() == 1 ? shapes.get(0).toString()
                : shapes.stream().map(Shape::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String row(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < cells.size(); k++) {
            if (k > 0) {
                sb.append("  ");
            }
            String c = cells.get(k);
            // the first column and the shapes read left to right; numbers align right
            sb.append(k < 3 ? pad(c, width[k]) : " ".repeat(width[k] - c.length()) + c);
        }
        return sb.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /** The tree drawing before row {@code i}: {@code │ ├─} like torchinfo's. */
    private static String tree(List<Report.Row> rows, int i) {
        int depth = rows.get(i).depth();
        if (depth == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int level = 1; level < depth; level++) {
            sb.append(continues(rows, i, level) ? "│ " : "  ");
        }
        sb.append(continues(rows, i, depth) ? "├─" : "└─");
        return sb.toString();
    }

    /** Whether a later sibling at {@code level} follows row {@code i} before the tree climbs above that level. */
    private static boolean continues(List<Report.Row> rows, int i, int level) {
        for (int j = i + 1; j < rows.size(); j++) {
            int d = rows.get(j).depth();
            if (d < level) {
                return false;
            }
            if (d == level) {
                return true;
            }
        }
        return false;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }
}
