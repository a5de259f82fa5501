package io.redrive.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.engine.Payloads;
import io.redrive.engine.AttemptError;
import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.DryRun;
import io.redrive.engine.ReplayOutcome;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.Message;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.Retries;
import io.redrive.engine.TimelineEvent;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The --json form of the dead-letter commands' output. Field names follow the engine's records; times are
 * ISO-8601 instants in UTC; a payload is {@code payload} (text) when it is text and {@code payloadBase64} otherwise.
 */
final class DlqJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DlqJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> deadLetter(DeadLetter d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("queue", d.queue());
        json.put("id", d.id());
        json.put("deadAt", time(d.deadAt()));
        json.put("attempts", d.attempts());
        json.put("replays", d.replays());
        json.put("errorClass", d.errorClass());
        json.put("group", d.group());
        json.put("lastError", d.lastError());
        json.put("deadReason", d.deadReason());
        json.put("enqueuedAt", time(d.enqueuedAt()));
        json.put("payloadBytes", d.payloadBytes());
        json.put("version", d.version());
        return json;
    }

    static List<Map<String, Object>> deadLetters(List<DeadLetter> letters) {
        return letters.stream().map(DlqJson::deadLetter).toList();
    }

    static Map<String, Object> group(FailureGroup g) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("queue", g.queue());
        json.put("fingerprint", g.fingerprint());
        json.put("count", g.count());
        json.put("firstSeen", time(g.firstSeen()));
        json.put("lastSeen", time(g.lastSeen()));
        json.put("exceptionClass", g.exceptionClass());
        json.put("sample", g.sample());
        Map<String, Long> perHour = new LinkedHashMap<>();
        g.perHour().forEach((hour, n) -> perHour.put(hour.toString(), n));
        json.put("perHour", perHour);
        return json;
    }

    static Map<String, Object> detail(DeadLetterDetail d) {
        Message m = d.message();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("queue", m.queue());
        json.put("id", m.id());
        json.put("state", m.state().wireName());
        json.put("version", d.version());
        json.put("errorClass", d.errorClass());
        json.put("group", d.group());
        json.put("attempts", m.attempts());
        json.put("replays", m.replays());
        json.put("enqueuedAt", time(m.enqueuedAt()));
        json.put("updatedAt", time(m.updatedAt()));
        json.put("deadAt", time(m.deadAt()));
        json.put("nextAttemptAt", time(m.nextAttemptAt()));
        json.put("deadReason", m.deadReason());
        json.put("lastError", m.lastError());
        json.put("headers", m.headers());
        if (d.hasMalformedHeaders()) {
            json.put("storedHeaders", d.storedHeaders());  // exactly what Redis holds, which is not valid headers
        }
        payload(json, m.payload());
        json.put("errors", d.errors().stream().map(DlqJson::error).toList());
        json.put("versions", d.versions().stream().map(DlqJson::version).toList());
        json.put("timeline", d.timeline().stream().map(DlqJson::event).toList());
        return json;
    }

    private static void payload(Map<String, Object> json, byte[] payload) {
        Payloads.Kind kind = Payloads.kind(payload);
        json.put("payloadBytes", payload.length);
        json.put("payloadFormat", kind.label());
        if (kind == Payloads.Kind.BINARY) {
            json.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        } else {
            json.put("payload", Payloads.text(payload).orElseThrow());
        }
    }

    private static Map<String, Object> error(AttemptError e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attempt", e.attempt());
        json.put("at", time(e.at()));
        json.put("type", e.type());
        json.put("message", e.message());
        json.put("stackTrace", e.stackTrace());
        json.put("worker", e.worker());
        json.put("host", e.host());
        return json;
    }

    private static Map<String, Object> version(MessageVersion v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", v.version());
        json.put("by", v.by());
        json.put("at", time(v.at()));
        json.put("why", v.why());
        json.put("headers", v.headers());
        payload(json, v.payload());
        return json;
    }

    private static Map<String, Object> event(TimelineEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", time(e.at()));
        json.put("type", e.type());
        json.putAll(e.attributes());
        return json;
    }

    /** What became of a replay's messages ({@code dlq replay --wait}, {@code dlq operations}). */
    static Map<String, Object> replayOutcome(String operationId, ReplayOutcome o) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operationId", operationId);
        json.put("settled", o.settled());
        json.put("replayed", o.replayed());
        json.put("succeeded", o.succeeded());
        json.put("diedAgain", o.diedAgain());
        json.put("purged", o.purged());
        json.put("pending", o.pending());
        json.put("groups", o.groups().stream().map(g -> {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("queue", g.queue());
            group.put("group", g.fingerprint());
            group.put("exception", g.exception());
            group.put("sample", g.sample());
            group.put("count", g.count());
            return group;
        }).toList());
        return json;
    }

    static Map<String, Object> dryRun(DryRun r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dryRun", true);
        json.put("operation", r.operation());
        json.put("target", r.target());
        json.put("count", r.count());
        json.put("destination", r.destination());
        json.put("estimatedMillis", r.estimated().toMillis());
        json.put("previewId", r.previewId());
        json.put("previewExpiresAt", time(r.expiresAt()));
        json.put("sample", deadLetters(r.sample()));
        return json;
    }

    /** The end of a bulk operation; {@code doneKey} names its succeeded count ("replayed", "purged", ...). */
    static Map<String, Object> outcome(String operation, String doneKey, BulkOperation op, BulkOperation.Progress p,
                                       boolean interrupted) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operation", operation);
        json.put("operationId", op.id());
        json.put("target", DlqSubcommand.target(op));
        json.put("arrivedAfterPreview", op.leftAlone());
        json.put("state", p.state().name().toLowerCase(Locale.ROOT));
        json.put("interrupted", interrupted);
        json.put("total", p.total());
        json.put("processed", p.processed());
        json.put(doneKey, p.succeeded());
        json.put("skipped", p.skipped());
        json.put("failed", p.failed());
        json.put("elapsedMillis", p.elapsed().toMillis());
        json.put("error", p.lastError());
        return json;
    }

    static Map<String, Object> scheduled(Retries.ScheduledMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("queue", m.queue());
        json.put("id", m.id());
        json.put("nextAttemptAt", time(m.nextAttemptAt()));
        json.put("attempts", m.attempts());
        json.put("lastError", m.lastError());
        json.put("enqueuedAt", time(m.enqueuedAt()));
        return json;
    }

    static String time(Instant at) {
        return Optional.ofNullable(at).map(Instant::toString).orElse(null);
    }
}
