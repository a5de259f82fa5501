package io.redrive.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.ops.Actor;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Fingerprints;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

/**
 * A large DLQ for the benchmarks, written through the import path: dead letters one second apart going back from
 * now, round-robin over four queues, five error classes and a few hundred failure groups.
 */
public final class SeededDeadLetters {
    public static final int QUEUES = 4;
    public static final String[] ERRORS = {"java.net.SocketTimeoutException", "java.lang.IllegalStateException",
            "com.fasterxml.jackson.core.JsonParseException", "java.io.IOException", "io.example.ValidationException"};

    private SeededDeadLetters() {
    }

    /** Imports {@code count} dead letters; returns how many were written. */
    public static long seed(DeadLetters dlq, int count, Instant now) {
        Path file = null;
        try {
            file = Files.createTempFile("redrive-seed", ".jsonl");
            write(file, count, now);
            return dlq.importFrom(file, null, Actor.named("benchmark"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    private static void write(Path file, int count, Instant now) throws IOException {
        byte[] payload = "{\"document\":12345,\"tenant\":\"acme\",\"action\":\"summarise\",\"pages\":[1,2,3]}".getBytes();
        String encoded = Base64.getEncoder().encodeToString(payload);
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             JsonGenerator g = new ObjectMapper().getFactory().createGenerator(raw)) {
            g.setRootValueSeparator(null);
            for (int i = 0; i < count; i++) {
                String queue = "queue-" + (i % QUEUES);
                String error = ERRORS[(i / QUEUES) % ERRORS.length];
                String message = "failed on document " + (i % 997) + " after " + (i % 3000) + " ms";
                long deadAt = now.toEpochMilli() - (long) (count - i) * 1000;
                g.writeStartObject();
                g.writeStringField("queue", queue);
                g.writeStringField("id", String.format("B%025d", i));
                g.writeObjectFieldStart("fields");
                g.writeStringField("state", "dead");
                g.writeStringField("headers", "{\"content-type\":\"application/json\"}");
                g.writeStringField("enqueuedAt", String.valueOf(deadAt - 300_000));
                g.writeStringField("deadAt", String.valueOf(deadAt));
                g.writeStringField("attempts", String.valueOf(1 + i % 5));
                g.writeStringField("errorClass", error);
                g.writeStringField("group", Fingerprints.of(queue, error, message, ""));
                g.writeStringField("lastError", error.substring(error.lastIndexOf('.') + 1) + ": " + message);
                g.writeStringField("deadReason", "exhausted");
                g.writeEndObject();
                g.writeStringField("payload", encoded);
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }
}
