package io.redrive.engine;

import io.redrive.ops.Actor;
import io.redrive.ops.AuditAction;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.Replies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Edits and reverts of dead letters: one script stores the new content and keeps the version it replaces with
 * who, when and why, refusing when someone else edited the message since. Each is audited as what it was: an
 * {@code edit} or a {@code revert}.
 */
final class DeadLetterEdits {
    private final Engine engine;
    private final RedisConnection redis;
    private final DeadLetterDetails details;

    DeadLetterEdits(Engine engine, DeadLetterDetails details) {
        this.engine = engine;
        this.redis = engine.redis();
        this.details = details;
    }

    /** See {@link DeadLetters#edit}. */
    int edit(String queue, String id, int expectedVersion, byte[] payload, Map<String, String> headers, String reason,
             Actor actor) {
        engine.requireWritable();
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An edit needs a reason, for the message's history");
        }
        return store(queue, id, expectedVersion, payload, headers, reason, actor, AuditAction.EDIT, Map.of());
    }

    /** See {@link DeadLetters#revert}. */
    int revert(String queue, String id, int toVersion, int expectedVersion, String reason, Actor actor) {
        engine.requireWritable();
        DeadLetterDetail detail = details.show(queue, id)
                .orElseThrow(() -> new IllegalStateException("There is no message " + id + " in queue " + queue));
        MessageVersion old = detail.versions().stream().filter(v -> v.version() == toVersion).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Message " + id + " has no earlier version " + toVersion));
        // before → after, like the neighbouring entries: the version that was current and the one brought back
        return store(queue, id, expectedVersion, old.payload(), old.headers(),
                reason == null || reason.isBlank() ? "revert to version " + toVersion : reason, actor, AuditAction.REVERT,
                Map.of("from", String.valueOf(detail.version()), "to", String.valueOf(toVersion)));
    }

    private int store(String queue, String id, int expectedVersion, byte[] payload, Map<String, String> headers,
                      String reason, Actor actor, AuditAction action, Map<String, String> extra) {
        if (payload.length > engine.options().maxPayloadBytes()) {
            throw new PayloadTooLargeException(payload.length, engine.options().maxPayloadBytes());
        }
        Message current = engine.existingQueue(queue).message(id)
                .orElseThrow(() -> new IllegalStateException("There is no message " + id + " in queue " + queue));
        PayloadValidation.check(payload, headers, current);
        QueueKeys keys = engine.keys().queue(queue);
        long now = engine.options().clock().millis();
        List<Object> reply = Replies.list(Scripts.DLQ_EDIT.call(redis,
                List.of(keys.message(id), keys.events(id), keys.versions(id)),
                new Args().add(now).add(actor.name()).add(reason).add(expectedVersion).add(payload).add(Json.write(headers)).list()));
        String status = Replies.text(reply.get(0));
        switch (status) {
            case "ok", "conflict" -> { }
            case "claimed" -> throw new IllegalStateException("Message " + id + " is being replayed to another queue "
                    + "right now, so it cannot be edited; try again in a minute");
            // the second value is the message's state here, not a version
            default -> throw new IllegalStateException("Message " + id + " is no longer a dead letter (it is "
                    + (Replies.text(reply.get(1)).isEmpty() ? "gone" : Replies.text(reply.get(1))) + "), so it cannot be edited");
        }
        int version = (int) Replies.number(reply.get(1));
        Map<String, String> entry = new LinkedHashMap<>(Map.of("queue", queue, "version", String.valueOf(version), "why", reason));
        entry.putAll(extra);
        if (status.equals("conflict")) {
            engine.audit().record(actor, action, "message " + id + " in queue " + queue, 0, "failed: edit conflict", entry);
            throw new EditConflictException(id, expectedVersion, version);
        }
        engine.audit().record(actor, action, "message " + id + " in queue " + queue, 1, "ok", entry);
        return version;
    }
}
