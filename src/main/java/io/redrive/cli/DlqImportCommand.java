package io.redrive.cli;

import io.redrive.engine.Engine;
import io.redrive.engine.ImportPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
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
        ImportPlan plan = new ImportPlan(file, into);
        try (Engine engine = connect()) {
            long written = engine.deadLetters().importFrom(file, into, actor.actor());
            long inFile = messagesInFile();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("imported", written);
                result.put("alreadyPresent", Math.max(0, inFile - written));
                result.put("file", file.toString());
                printJson(result);
            } else {
                out().println(Display.oneLine(plan.summary(written, inFile)));
            }
        }
        return 0;
    }

    private long messagesInFile() {
        try {
            return ImportPlan.messagesIn(file);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
