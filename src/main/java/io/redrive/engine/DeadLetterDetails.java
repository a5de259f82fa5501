package io.redrive.engine;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.Replies;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads one dead (or trashed) message in full: content, error fields, earlier versions and timeline. */
final class DeadLetterDetails {
    private final Engine engine;
    private final RedisConnection redis;

    DeadLetterDetails(Engine engine) {
        this.engine = engine;
        this.redis = engine.redis();
    }

    /** The message in full; empty when there is no such message. */
    Optional<DeadLetterDetail> show(String queue, String id) {
        Queue q = engine.existingQueue(queue);
        Optional<Message> message = q.message(id);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        QueueKeys keys = engine.keys().queue(queue);
        RedisFuture<List<KeyValue<String, byte[]>>> extra = redis.commands().hmget(keys.message(id),
                "errorClass", "group", "version", "editedBy", "editedAt", "editReason", "headers");
        RedisFuture<List<byte[]>> versions = redis.commands().lrange(keys.versions(id), 0, -1);
        List<TimelineEvent> timeline = q.timeline(id);
        List<AttemptError> errors = timeline.stream().filter(ErrorRecords::isError).map(ErrorRecords::fromEvent).toList();
        List<KeyValue<String, byte[]>> f = redis.await(extra);
        Message m = message.get();
        int version = (int) wholeNumber(value(f.get(2)));
        String editedBy = value(f.get(3));
        String editedAt = value(f.get(4));
        byte[] storedHeaders = f.get(6).getValueOrElse(null);
        // who made the current content, as the edit script records it for the version it replaces
        MessageVersion current = new MessageVersion(version, m.payload(), m.headers(), editedBy == null ? "original" : editedBy,
                editedAt == null ? m.enqueuedAt() : Instant.ofEpochMilli(wholeNumber(editedAt)),
                editedBy == null ? "" : Objects.requireNonNullElse(value(f.get(5)), ""));
        return Optional.of(new DeadLetterDetail(m, value(f.get(0)), value(f.get(1)), version, errors,
                versions(redis.await(versions)), timeline, current,
                Json.headersOrNull(storedHeaders) == null ? Replies.text(storedHeaders) : null));
    }

    /**
     * Earlier versions as the edit script stores them. Damaged entries are read as far as they go (a version whose
     * headers cannot be read has none), so one cannot hide the message.
     */
    private static List<MessageVersion> versions(List<byte[]> entries) {
        List<MessageVersion> versions = new ArrayList<>(entries.size() / 2);
        for (int i = 0; i + 1 < entries.size(); i += 2) {
            Map<String, Object> meta;
            try {
                meta = Objects.requireNonNullElse(Json.objectMap(entries.get(i)), Map.of());
            } catch (UncheckedIOException e) {
                meta = Map.of();
            }
            Map<String, String> headers = Json.headersOrNull(Replies.bytes(String.valueOf(meta.getOrDefault("headers", "{}"))));
            versions.add(new MessageVersion(meta.get("version") instanceof Number n ? n.intValue() : i / 2, entries.get(i + 1),
                    headers == null ? Map.of() : headers, String.valueOf(meta.getOrDefault("by", "")),
                    Instant.ofEpochMilli(meta.get("at") instanceof Number at ? at.longValue() : 0),
                    String.valueOf(meta.getOrDefault("why", ""))));
        }
        return versions;
    }

    /** A stored whole number; 0 when absent or damaged, so reading a message never fails on one field. */
    private static long wholeNumber(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String value(KeyValue<String, byte[]> kv) {
        byte[] v = kv.getValueOrElse(null);
        return v == null || v.length == 0 ? null : new String(v, StandardCharsets.UTF_8);
    }
}
