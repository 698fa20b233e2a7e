package org.flopcheck.golden;

/**
 * A golden file that does not follow {@code flopcheck-golden/1}: {@code conv.json: $.cases[3].readings[1].macs:
 * null, but the reading has no error}. Golden files are the tools' own output; a malformed one is never repaired,
 * only reported.
 */
public final class GoldenFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String path;

    public GoldenFileException(String file, String path, String message) {
        super(file + ": " + path + ": " + message);
        this.file = file;
        this.path = path;
    }

    public String file() {
        return file;
    }

    /** The JSON path of the offending field, {@code $.cases[3].readings[1].macs}. */
    public String path() {
        return path;
    }
}
