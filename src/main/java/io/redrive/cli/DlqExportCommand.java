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
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves dead letters, whole, to a JSON Lines file that 'dlq import' reads back. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write dead letters to a JSON Lines file, one whole message a line (payload, headers, errors, "
                + "versions, timeline), for 'dlq import' on this or another Redis. Pick them as for replay.")
final class DlqExportCommand extends DlqSubcommand {
    @Mixin
    DeadLetterTargetOptions target;

    @Option(names = "--output", paramLabel = "FILE", required = true,
            description = "The file to write; an existing one is replaced only once the export is complete")
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
            // written beside the output and moved over it when whole: a failed export never leaves a truncated file
            // that looks like a backup, nor destroys the one it was to replace
            Path partial = output.toAbsolutePath().resolveSibling(output.toAbsolutePath().getFileName() + ".partial");
            boolean whole = false;
            try {
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial))) {
                    written = letters.export(chosen, file, n -> {
                        err().printf("\rExporting  %s of about %s", Display.count(n), Display.count(expected));
                        err().flush();
                        progressShown[0] = true;
                    });
                }
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                whole = true;
            } catch (IOException e) {
                return fail("Could not write " + output + ": " + reason(e) + ".");
            } finally {
                if (progressShown[0]) {
                    err().println();
                }
                if (!whole) {
                    deleteQuietly(partial);
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

    private static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // the failure being reported matters more than a leftover partial file
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "there is no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        // the operating system's reason ("Is a directory"), not the exception's class
        if (e instanceof FileSystemException fs && fs.getReason() != null && fs.getFile() != null) {
            return fs.getFile() + ": " + Character.toLowerCase(fs.getReason().charAt(0)) + fs.getReason().substring(1);
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
