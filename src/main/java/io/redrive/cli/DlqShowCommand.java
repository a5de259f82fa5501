package io.redrive.cli;

import io.redrive.engine.Payloads;
import io.redrive.engine.AttemptError;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.Engine;
import io.redrive.engine.Message;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.TimelineEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/** Everything about one dead letter. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one dead letter in full: its payload (pretty-printed JSON, text, or a hex dump), headers, "
                + "every attempt's error with its stack trace, earlier versions, and its timeline.")
final class DlqShowCommand extends DlqSubcommand {
    /** What a terminal is shown of a payload; --payload-file and --json carry the whole of it. */
    static final int MAX_PAYLOAD_SHOWN = Payloads.DISPLAY_LIMIT;
    private static final int MAX_ATTRIBUTE = 100;
    private static final int MAX_STORED_HEADERS = 4096;
    /** Timeline attributes the attempts section shows in full already. */
    private static final Set<String> LONG_ATTRIBUTES = Set.of("stackTrace", "message", "exception");

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue the message is in")
    String queue;

    @Parameters(index = "1", paramLabel = "ID", description = "The message id")
    String id;

    @Option(names = "--payload-file", paramLabel = "FILE",
            description = "Write the payload, whole and exactly as stored, to this file (replaced if it exists) instead of showing the message")
    Path payloadFile;

    @Override
    int run() {
        try (Engine engine = connect()) {
            Optional<DeadLetterDetail> found = engine.deadLetters().show(queue, id);
            if (found.isEmpty()) {
                return fail("There is no message " + id + " in queue " + queue + ".");
            }
            if (payloadFile != null) {
                return writePayload(found.get().message().payload());
            }
            if (json) {
                printJson(DlqJson.detail(found.get()));
            } else {
                print(found.get());
            }
        }
        return 0;
    }

    private void print(DeadLetterDetail d) {
        PrintWriter out = out();
        Message m = d.message();
        out.printf("Message %s in queue %s%n", Display.oneLine(m.id()), Display.oneLine(m.queue()));
        TextTable facts = TextTable.withoutHeaders(2);
        facts.add("State", m.state().wireName() + (m.deadReason() == null ? "" : " (" + m.deadReason() + ")"));
        facts.add("Died", Display.localTime(m.deadAt()));
        facts.add("Enqueued", Display.localTime(m.enqueuedAt()));
        facts.add("Updated", Display.localTime(m.updatedAt()));
        if (m.nextAttemptAt() != null) {
            facts.add("Next attempt", Display.localTime(m.nextAttemptAt()));
        }
        facts.add("Attempts", m.attempts());
        facts.add("Replays", m.replays());
        facts.add("Error class", orDash(d.errorClass()));
        facts.add("Group", orDash(d.group()));
        facts.add("Version", d.version() + (d.version() == 0 ? " (as enqueued)" : " (edited)"));
        facts.add("Last error", orDash(m.lastError()));
        facts.print(out, "  ");

        out.println();
        out.println("Headers");
        if (d.hasMalformedHeaders()) {
            out.println("  " + DeadLetterDetail.MALFORMED_HEADERS + " Stored:");
            indent(out, Display.cut(d.storedHeaders(), MAX_STORED_HEADERS), "    ");
        } else if (m.headers().isEmpty()) {
            out.println("  (none)");
        } else {
            TextTable headers = TextTable.withoutHeaders(2);
            m.headers().forEach(headers::add);
            headers.print(out, "  ");
        }

        out.println();
        Payloads.Shown payload = Payloads.show(m.payload(), MAX_PAYLOAD_SHOWN);
        out.printf("Payload (%s, %s)%n", Display.count(m.payload().length, "byte", "bytes"), payload.kind().label());
        indent(out, payload.text(), "  ");
        int shown = payload.shownBytes();
        if (shown < m.payload().length) {
            out.printf("  This is the first %s of %s: %s are not shown.%n", Display.size(shown), Display.size(m.payload().length),
                    Display.count(m.payload().length - shown, "more byte", "more bytes"));
            out.printf("  For all of it: redrive dlq show %s %s --payload-file FILE (the payload as stored, in a file), or --json.%n",
                    Display.oneLine(m.queue()), Display.oneLine(m.id()));
        }

        out.println();
        out.println("Attempts");
        if (d.errors().isEmpty()) {
            out.println("  (no failed attempt recorded)");
        }
        for (AttemptError e : d.errors()) {
            out.printf("  #%d  %s  %s%s%n", e.attempt(), Display.localTime(e.at()), Display.oneLine(orDash(e.worker())),
                    e.host() == null ? "" : " on " + Display.oneLine(e.host()));
            // a stack trace opens with the exception and its message already
            if (e.stackTrace() == null || e.stackTrace().isBlank()) {
                out.printf("      %s: %s%n", Display.oneLine(orDash(e.type())), Display.oneLine(e.message()));
            } else {
                indent(out, e.stackTrace(), "      ");
            }
        }

        if (!d.versions().isEmpty()) {
            out.println();
            out.println("Earlier versions");
            TextTable versions = new TextTable("VERSION", "MADE", "BY", "SIZE", "WHY").alignRight(0, 3);
            for (MessageVersion v : d.versions()) {
                versions.add(v.version(), Display.localTime(v.at()), v.by(), v.payload().length, v.why());
            }
            versions.print(out, "  ");
        }

        out.println();
        out.println("Timeline");
        TextTable timeline = TextTable.withoutHeaders(3);
        for (TimelineEvent e : d.timeline()) {
            timeline.add(Display.localTime(e.at()), e.type(), attributes(e.attributes()));
        }
        timeline.print(out, "  ");
    }

    private int writePayload(byte[] payload) {
        try {
            Files.write(payloadFile, payload);
        } catch (IOException e) {
            return fail("Could not write " + payloadFile + ": " + DlqExportCommand.reason(e) + ".");
        }
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", payloadFile.toString());
            result.put("bytes", payload.length);
            printJson(result);
        } else {
            out().printf("Wrote the payload of %s (%s) to %s.%n", Display.oneLine(id),
                    Display.count(payload.length, "byte", "bytes"), payloadFile);
        }
        return 0;
    }

    private static String attributes(Map<String, Object> attributes) {
        StringJoiner text = new StringJoiner(", ");
        attributes.forEach((name, value) -> {
            if (!LONG_ATTRIBUTES.contains(name) && value != null) {
                text.add(name + "=" + (name.endsWith("At") && value instanceof Number n
                        ? Display.localTime(Instant.ofEpochMilli(n.longValue())) : value));
            }
        });
        return Display.cut(text.toString(), MAX_ATTRIBUTE);
    }

    private static void indent(PrintWriter out, String text, String indent) {
        Display.text(text).lines().forEach(line -> out.println((indent + line.replace("\t", "    ")).stripTrailing()));
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}
