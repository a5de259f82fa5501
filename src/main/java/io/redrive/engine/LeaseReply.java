package io.redrive.engine;

import io.redrive.redis.Replies;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads what the lease script returns for each message (id, attempt, token, payload, headers, replays, enqueue
 * time), refusing with {@link MalformedMessageException} what cannot be read, so a worker dead-letters that one
 * message and runs the rest of its batch.
 */
final class LeaseReply {
    private LeaseReply() {
    }

    /** One delivery from lease's reply, starting at its id; throws when what Redis holds for it cannot be read. */
    static Delivery decode(String queue, String messageId, int attempt, int maxAttempts, List<Object> reply, int at) {
        if (!(reply.get(at + 3) instanceof byte[] payload)) {
            throw new MalformedMessageException("the stored message has no payload field");
        }
        byte[] storedHeaders = reply.get(at + 4) instanceof byte[] b ? b : null;
        Map<String, String> headers = Json.headersOrNull(storedHeaders);
        if (headers == null) {
            throw MalformedMessageException.of("stored headers are not a JSON object of strings", storedHeaders);
        }
        int replays = (int) storedNumber(reply.get(at + 5), "stored replay count is not a number");
        long enqueuedAt = storedNumber(reply.get(at + 6), "stored enqueue time is not a number of milliseconds");
        return new Delivery(messageId, queue, payload, headers, attempt, maxAttempts, replays,
                Instant.ofEpochMilli(enqueuedAt));
    }

    static long storedNumber(Object value, String problem) {
        try {
            return Replies.number(value);
        } catch (NumberFormatException e) {
            throw MalformedMessageException.of(problem, value instanceof byte[] b ? b : Replies.bytes(String.valueOf(value)));
        }
    }
}
