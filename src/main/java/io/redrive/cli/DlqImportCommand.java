package io.redrive.cli;

import io.redrive.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads dead letters back from a 'dlq export' file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import dead letters from a file 'dlq export' wrote. Every line is checked before anything is "
                + "written, so a malformed file imports nothing; messages whose id is already there are left alone.")
final class DlqImportCommand extends DlqSubcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The JSON Lines file to import")
    Path file;

    @Option(names = "--into", paramLabel = "QUEUE", description = "Import everything into this queue instead of the queues in the file")
    String into;

    @Mixin
    ActorOption actor;

    @Override
    int run() {
        if (!Files.isRegularFile(file)) {
            return fail("There is no file " + file + " to import.");
        }
        try (Engine engine = connect()) {
            long written = engine.deadLetters().importFrom(file, into, actor.actor());
            long lines = messageLines();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("imported", written);
                result.put("alreadyPresent", Math.max(0, lines - written));
                result.put("file", file.toString());
                printJson(result);
            } else {
                out().printf("Imported %s from %s%s.%n", Display.count(written, "dead letter", "dead letters"), file,
                        lines > written ? "; " + Display.count(lines - written) + " already there were left alone" : "");
            }
        }
        return 0;
    }

    /** The non-blank lines, each one message: to say how many were already there. Counted in bytes: a line can be huge. */
    private long messageLines() {
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
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
