package io.redrive.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message to enqueue: a payload (bytes or UTF-8 text), headers, an optional delay and an optional
 * idempotency key. Immutable; each {@code with}-style method returns a changed copy.
 */
public final class OutgoingMessage {
    public static final String CONTENT_TYPE = "content-type";
    public static final String TRACE_ID = "trace-id";
    public static final String IDEMPOTENCY_KEY = "idempotency-key";

    private final byte[] payload;
    private final Map<String, String> headers;
    private final Duration delay;

    private OutgoingMessage(byte[] payload, Map<String, String> headers, Duration delay) {
        this.payload = payload;
        this.headers = Collections.unmodifiableMap(headers);
        this.delay = delay;
    }

    public static OutgoingMessage of(byte[] payload) {
        return new OutgoingMessage(Objects.requireNonNull(payload, "payload").clone(), new LinkedHashMap<>(), Duration.ZERO);
    }

    public static OutgoingMessage of(String text) {
        return new OutgoingMessage(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8),
                new LinkedHashMap<>(), Duration.ZERO);
    }

    /** A text payload marked {@code application/json}. */
    public static OutgoingMessage json(String json) {
        return of(json).contentType("application/json");
    }

    public OutgoingMessage header(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new OutgoingMessage(payload, copy, delay);
    }

    public OutgoingMessage contentType(String type) {
        return header(CONTENT_TYPE, type);
    }

    public OutgoingMessage traceId(String traceId) {
        return header(TRACE_ID, traceId);
    }

    /** A second enqueue with the same key within the engine's idempotency window is a no-op. */
    public OutgoingMessage idempotencyKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("An idempotency key must be 1-200 characters");
        }
        return header(IDEMPOTENCY_KEY, key);
    }

    /** Delivers the message no earlier than {@code delay} from now. */
    public OutgoingMessage delay(Duration delay) {
        if (Objects.requireNonNull(delay, "delay").isNegative()) {
            throw new IllegalArgumentException("A delay must not be negative, got " + delay);
        }
        return new OutgoingMessage(payload, new LinkedHashMap<>(headers), delay);
    }

    /** The payload bytes; not copied, do not change them. */
    byte[] payloadBytes() {
        return payload;
    }

    public int payloadSize() {
        return payload.length;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Duration delay() {
        return delay;
    }

    public String idempotencyKeyOrNull() {
        return headers.get(IDEMPOTENCY_KEY);
    }
}
