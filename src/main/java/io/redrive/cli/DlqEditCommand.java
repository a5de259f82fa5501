package io.redrive.cli;

import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.Engine;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.Revert;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Changes a dead letter's payload and headers, keeping the previous version. */
// no mixinStandardHelpOptions: its --version would clash with the version being edited
@Command(name = "edit",
        description = "Edit a dead letter before replaying it: a new payload (--payload-file or --payload) and headers, "
                + "or --revert-to an earlier version. The version replaced is kept with who, when and --reason. "
                + "A JSON message must stay valid JSON.")
final class DlqEditCommand extends DlqSubcommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue the dead letter is in")
    String queue;

    @Parameters(index = "1", paramLabel = "ID", description = "The dead letter's id")
    String id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Change change;

    static final class Change {
        @Option(names = "--payload-file", paramLabel = "FILE", description = "The new payload, read from FILE ('-' for stdin)")
        String payloadFile;

        @Option(names = "--payload", paramLabel = "TEXT", description = "The new payload, as UTF-8 text")
        String payload;

        @Option(names = "--revert-to", paramLabel = "N", description = "Make version N (see dlq show) current again")
        Integer revertTo;
    }

    @Option(names = "--header", paramLabel = "NAME=VALUE",
            description = "Set a header (repeatable); the others stay as they are")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the message's history")
    String reason;

    @Option(names = "--version", paramLabel = "N",
            description = "The version you are editing, so a concurrent edit is noticed (default: the current one)")
    Integer version;

    @Mixin
    ActorOption actor;

    @Override
    int run() {
        if (reason.isBlank()) {
            throw usage("--reason must say why, for the message's history");
        }
        if (change.revertTo != null && !headers.isEmpty()) {
            throw usage("--revert-to brings back an earlier version's headers too: leave out --header");
        }
        byte[] payload = change.revertTo != null ? null : newPayload();
        try (Engine engine = connect()) {
            Optional<DeadLetterDetail> found = engine.deadLetters().show(queue, id);
            if (found.isEmpty()) {
                return fail("There is no message " + id + " in queue " + queue + ".");
            }
            DeadLetterDetail current = found.get();
            int expected = version != null ? version : current.version();
            int saved;
            if (change.revertTo != null) {
                saved = engine.deadLetters().revert(queue, id, change.revertTo, expected, reason, actor.actor());
            } else {
                Map<String, String> merged = new LinkedHashMap<>(current.message().headers());
                merged.putAll(headers);
                saved = engine.deadLetters().edit(queue, id, expected, payload, merged, reason, actor.actor());
            }
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("queue", queue);
                result.put("id", id);
                result.put("previousVersion", expected);
                result.put("version", saved);
                printJson(result);
            } else {
                Optional<MessageVersion> earlier = change.revertTo == null ? Optional.empty()
                        : current.versions().stream().filter(v -> v.version() == change.revertTo).findFirst();
                out().println(earlier.map(v -> Display.oneLine(new Revert(queue, id, v, expected).summary(saved)))
                        .orElse(String.format("Saved version %d of message %s in queue %s (version %d is kept in its history).",
                                saved, Display.oneLine(id), Display.oneLine(queue), expected)));
            }
        }
        return 0;
    }

    private byte[] newPayload() {
        if (change.payload != null) {
            return change.payload.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return change.payloadFile.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(change.payloadFile));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot read the payload: there is no file " + change.payloadFile, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the payload from " + change.payloadFile + ": " + e.getMessage(), e);
        }
    }
}
