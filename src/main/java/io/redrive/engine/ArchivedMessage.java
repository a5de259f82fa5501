package io.redrive.engine;

import io.redrive.redis.Replies;
import io.redrive.redis.Args;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message whole, as Redis holds it: its hash, its timeline and its earlier versions. This is what moves
 * between queues on a replay elsewhere, and what one line of an export holds.
 *
 * @param end where the message ended in the script reply it was read from
 */
record ArchivedMessage(String queue, String id, Map<String, byte[]> fields, List<byte[]> events, List<byte[]> versions, int end) {
    /** Fields that belong to one queue's bookkeeping and must not travel with the message. */
    private static final Set<String> LOCAL_FIELDS = Set.of("claim", "claimedUntil", "trashedAt", "leasedBy");

    /** Reads one message from a dlq_claim reply, starting at its hash's value count. */
    static ArchivedMessage read(String queue, String id, List<Object> reply, int at) {
        int i = at;
        int n = (int) Replies.number(reply.get(i++));
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (int k = 0; k < n; k += 2) {
            fields.put(Replies.text(reply.get(i + k)), (byte[]) reply.get(i + k + 1));
        }
        i += n;
        List<byte[]> events = new ArrayList<>();
        n = (int) Replies.number(reply.get(i++));
        for (int k = 0; k < n; k++) {
            events.add((byte[]) reply.get(i + k));
        }
        i += n;
        List<byte[]> versions = new ArrayList<>();
        n = (int) Replies.number(reply.get(i++));
        for (int k = 0; k < n; k++) {
            versions.add((byte[]) reply.get(i + k));
        }
        i += n;
        return new ArchivedMessage(queue, id, fields, events, versions, i);
    }

    /** This dead letter as a ready message of another queue, its replay recorded. */
    ArchivedMessage replayedInto(String toQueue, long now, String actor, boolean resetAttempts) {
        Map<String, byte[]> f = portableFields();
        int replays = (int) Replies.number(f.get("replays")) + 1;
        for (String dead : List.of("deadAt", "deadReason", "errorClass", "group", "nextAttemptAt")) {
            f.remove(dead);
        }
        f.put("state", bytes("ready"));
        f.put("replays", bytes(String.valueOf(replays)));
        f.put("updatedAt", bytes(String.valueOf(now)));
        if (resetAttempts) {
            f.put("attempts", bytes("0"));
        }
        List<byte[]> timeline = new ArrayList<>(events);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("at", now);
        event.put("type", "replayed");
        event.put("by", actor);
        event.put("replay", replays);
        event.put("resetAttempts", resetAttempts);
        event.put("from", queue);
        event.put("to", toQueue);
        timeline.add(Json.write(event));
        return new ArchivedMessage(toQueue, id, f, timeline, versions, 0);
    }

    /** The hash without one queue's bookkeeping fields. */
    Map<String, byte[]> portableFields() {
        Map<String, byte[]> f = new LinkedHashMap<>(fields);
        LOCAL_FIELDS.forEach(f::remove);
        return f;
    }

    /** Adds this message to dlq_adopt's arguments. */
    void appendTo(Args args) {
        Map<String, byte[]> f = portableFields();
        args.add(id).add(f.size() * 2L);
        f.forEach((name, value) -> args.add(name).add(value));
        args.add(events.size());
        events.forEach(args::add);
        args.add(versions.size());
        versions.forEach(args::add);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
