package io.redrive.cli;

import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.FilterText;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The conditions that pick dead letters, shared by list, replay, purge and export; they combine with AND. */
class DeadLetterFilters {
    @Option(names = "--queue", paramLabel = "QUEUE",
            description = "Only this queue; repeat for several (default: every queue)")
    List<String> queues = new ArrayList<>();

    @Option(names = "--error-class", paramLabel = "CLASS",
            description = "Only this exception class, fully qualified (java.net.SocketTimeoutException)")
    String errorClass;

    @Option(names = "--group", paramLabel = "FINGERPRINT",
            description = "Only this failure group (see dlq groups); needs exactly one --queue")
    String group;

    @Option(names = "--error-text", paramLabel = "TEXT", description = "Only if the last error contains TEXT (any case)")
    String errorText;

    @Option(names = "--payload-text", paramLabel = "TEXT", description = "Only if the payload contains TEXT (any case)")
    String payloadText;

    @Option(names = "--header", paramLabel = "NAME[=VALUE]",
            description = "Only messages with this header (and, given a value, exactly this value)")
    String header;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only dead since WHEN: a time ago (30m, 2h, 7d), a local time (2026-11-25 14:30), a date, "
                    + "or an instant (2026-11-25T12:00:00Z)")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only dead until WHEN, as for --since")
    String until;

    @Option(names = "--min-attempts", paramLabel = "N", description = "Only messages tried at least N times")
    Integer minAttempts;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Only messages tried at most N times")
    Integer maxAttempts;

    /** Whether any condition is given, a queue included. */
    boolean any() {
        return !queues.isEmpty() || conditionsBeyondQueue();
    }

    /** Whether any condition other than the queue is given. */
    boolean conditionsBeyondQueue() {
        return errorClass != null || group != null || errorText != null || payloadText != null || header != null
                || since != null || until != null || minAttempts != null || maxAttempts != null;
    }

    /** The query these options describe; mistakes in them are usage errors of {@code spec}'s command. */
    DeadLetterQuery.Builder query(CommandSpec spec, Clock clock) {
        if (group != null && queues.size() != 1) {
            throw new ParameterException(spec.commandLine(), "A failure group belongs to one queue: give --group with exactly one --queue");
        }
        try {
            FilterText.checkAttemptsRange("--min-attempts", minAttempts, "--max-attempts", maxAttempts);
            Instant from = FilterText.time("--since", since, clock, ZoneId.systemDefault());
            Instant to = FilterText.time("--until", until, clock, ZoneId.systemDefault());
            FilterText.checkRange("--since", from, "--until", to);
            FilterText.Header h = FilterText.header("--header", header);
            return DeadLetterQuery.builder().queues(queues).errorClass(errorClass).group(group)
                    .errorText(errorText).payloadText(payloadText).between(from, to).attempts(minAttempts, maxAttempts)
                    .header(h == null ? null : h.name(), h == null ? null : h.value());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
