package io.redrive.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An import of a 'dlq export' file ({@link DeadLetters#importFrom}) in the words the console and the command line
 * share: the question, what happens, whether it can be undone, and the summary, which says how many of the file's
 * messages were already there and left alone.
 *
 * @param file     the file as the operator named it (the console shows its name, the command line the path typed)
 * @param toQueue  the queue everything goes into, or null for the queues named in the file
 */
public record ImportPlan(Path file, String toQueue) {
    /** "Import the dead letters in orders.jsonl?". */
    public String question() {
        return "Import the dead letters in " + file + "?";
    }

    /** The confirming button's words. */
    public String action() {
        return "Import";
    }

    /** What will happen and where. */
    public String whatHappens() {
        return "Import the dead letters in " + file + " into " + (toQueue == null ? "the queues named in the file" : "queue " + toQueue)
                + ", on this connection. Every line is checked before anything is written; messages whose id exists already are skipped.";
    }

    /** Whether it can be undone. */
    public String reversibility() {
        return "Imported dead letters can be purged again; nothing already here is changed.";
    }

    /** Said when the operator declines. */
    public String notConfirmed() {
        return "Import cancelled: nothing changed.";
    }

    /** A malformed line: the import wrote nothing. */
    public static String failedAt(long line) {
        return "Import failed at line " + line + ": nothing was imported.";
    }

    /**
     * What was done: "Imported 3 dead letters from orders.jsonl; 2 already there were left alone." It reads the
     * file again to count its messages, so call it off the JavaFX thread.
     *
     * @param imported what {@link DeadLetters#importFrom} returned
     */
    public String summary(long imported) {
        return summary(imported, messagesIn(file));
    }

    /** As {@link #summary(long)}, given how many messages the file holds. */
    public String summary(long imported, long inFile) {
        return "Imported " + String.format(Locale.ROOT, "%,d", imported) + (imported == 1 ? " dead letter" : " dead letters")
                + " from " + file + (inFile > imported
                ? "; " + String.format(Locale.ROOT, "%,d", inFile - imported) + " already there were left alone" : "") + ".";
    }

    /** The file's non-blank lines, each one message. Counted in bytes: a line can be huge. */
    public static long messagesIn(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long lines = 0;
            boolean blank = true;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        lines += blank ? 0 : 1;
                        blank = true;
                    } else if (b != ' ' && b != '\t' && b != '\r') {
                        blank = false;
                    }
                }
            }
            return lines + (blank ? 0 : 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
