package io.redrive.cli;

import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves dead letters, whole, to a JSON Lines file that 'dlq import' reads back. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write dead letters to a JSON Lines file, one whole message a line (payload, headers, errors, "
                + "versions, timeline), for 'dlq import' on this or another Redis. Pick them as for replay.")
final class DlqExportCommand extends DlqSubcommand {
    @Mixin
    DeadLetterTargetOptions target;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "The file to write (replaced if it exists)")
    Path output;

    @Override
    int run() {
        DeadLetterTarget chosen = target.target(spec, options().clock());
        try (Engine engine = connect()) {
            requireQueues(engine, target.queues);
            DeadLetters letters = engine.deadLetters();
            long expected = chosen instanceof DeadLetterTarget.Ids ids ? ids.ids().size()
                    : letters.count(((DeadLetterTarget.Matching) chosen).query());
            long written;
            boolean[] progressShown = {false};
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(output))) {
                written = letters.export(chosen, file, n -> {
                    err().printf("\rExporting  %s of about %s", Display.count(n), Display.count(expected));
                    err().flush();
                    progressShown[0] = true;
                });
            } catch (IOException e) {
                return fail("Could not write " + output + ": " + reason(e) + ".");
            } finally {
                if (progressShown[0]) {
                    err().println();
                }
            }
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("exported", written);
                result.put("file", output.toString());
                printJson(result);
            } else {
                out().printf("Exported %s to %s.%n", Display.count(written, "dead letter", "dead letters"), output);
            }
        }
        return 0;
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "there is no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
