package io.redrive.engine;

/** A dead-letter import file that cannot be imported; nothing from it was written. */
public final class ImportException extends RuntimeException {
    private final long line;

    public ImportException(long line, String reason) {
        super("Line " + line + ": " + reason + "; nothing was imported");
        this.line = line;
    }

    public long line() {
        return line;
    }
}
