package io.redrive.engine;

import io.redrive.redis.Replies;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lettuce.core.RedisFuture;
import io.redrive.redis.KeySchema;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Dead letters as JSON Lines: one whole message a line (queue, id, hash fields, payload in base64, timeline
 * events, earlier versions), so a DLQ can be saved, moved to another Redis, or attached to a bug report.
 * Both ways are streams, so every payload the engine accepts (up to 64 MiB) goes out and back byte for byte with
 * about one message in memory: base64 is encoded and decoded as it is written and read, never held as text.
 */
final class DeadLetterArchive {
    private static final int IMPORT_CHUNK = 200;
    /** An import writes, and an export reads, once this much payload is waiting, however few messages that is. */
    private static final long IMPORT_CHUNK_BYTES = 8L * 1024 * 1024;

    private DeadLetterArchive() {
    }

    static long export(DeadLetters letters, Engine engine, DeadLetterTarget target, OutputStream out, Consumer<Long> progress) {
        RedisConnection redis = engine.redis();
        long[] written = {0};
        // the caller's stream: flushed, not closed
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.setRootValueSeparator(null);
            letters.forEachChunk(target, (queue, ids) -> {
                QueueKeys keys = engine.keys().queue(queue);
                for (List<String> batch : byWeight(redis, keys, ids)) {
                    List<RedisFuture<Map<String, byte[]>>> hashes = new ArrayList<>();
                    List<RedisFuture<List<byte[]>>> events = new ArrayList<>();
                    List<RedisFuture<List<byte[]>>> versions = new ArrayList<>();
                    for (String id : batch) {
                        hashes.add(redis.commands().hgetall(keys.message(id)));
                        events.add(redis.commands().lrange(keys.events(id), 0, -1));
                        versions.add(redis.commands().lrange(keys.versions(id), 0, -1));
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        Map<String, byte[]> fields = redis.await(hashes.get(i));
                        if (!"dead".equals(Replies.text(fields.get("state")))) {
                            continue;  // replayed or purged since the export began
                        }
                        write(json, new ArchivedMessage(queue, batch.get(i), fields, redis.await(events.get(i)),
                                redis.await(versions.get(i)), 0));
                        written[0]++;
                    }
                }
                if (progress != null) {
                    progress.accept(written[0]);
                }
            });
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the export: " + e.getMessage(), e);
        }
        return written[0];
    }

    /**
     * The ids in batches of about {@link #IMPORT_CHUNK_BYTES} of payload (at least one message each), so an export
     * reads a few large messages at a time rather than a whole chunk of them. Earlier versions are counted at the
     * size of the current payload.
     */
    private static List<List<String>> byWeight(RedisConnection redis, QueueKeys keys, List<String> ids) {
        List<RedisFuture<Long>> sizes = new ArrayList<>();
        List<RedisFuture<Long>> versions = new ArrayList<>();
        for (String id : ids) {
            sizes.add(redis.commands().hstrlen(keys.message(id), "payload"));
            versions.add(redis.commands().llen(keys.versions(id)));
        }
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        long weight = 0;
        for (int i = 0; i < ids.size(); i++) {
            long size = redis.await(sizes.get(i)) * (1 + redis.await(versions.get(i)) / 2);
            if (!batch.isEmpty() && weight + size > IMPORT_CHUNK_BYTES) {
                batches.add(batch);
                batch = new ArrayList<>();
                weight = 0;
            }
            batch.add(ids.get(i));
            weight += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static void write(JsonGenerator json, ArchivedMessage m) {
        try {
            json.writeStartObject();
            json.writeStringField("queue", m.queue());
            json.writeStringField("id", m.id());
            json.writeObjectFieldStart("fields");
            for (Map.Entry<String, byte[]> f : m.portableFields().entrySet()) {
                if (!f.getKey().equals("payload")) {
                    json.writeStringField(f.getKey(), Replies.text(f.getValue()));
                }
            }
            json.writeEndObject();
            // base64 written as it is encoded: a 64 MiB payload never becomes an 89 MB string
            json.writeFieldName("payload");
            json.writeBinary(m.fields().getOrDefault("payload", new byte[0]));
            json.writeArrayFieldStart("events");
            for (byte[] event : m.events()) {
                json.writeTree(Json.MAPPER.readTree(event));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("versions");
            for (int i = 0; i + 1 < m.versions().size(); i += 2) {
                json.writeStartObject();
                json.writeFieldName("meta");
                json.writeTree(Json.MAPPER.readTree(m.versions().get(i)));
                json.writeFieldName("payload");
                json.writeBinary(m.versions().get(i + 1));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long importFrom(DeadLetters letters, Engine engine, Path file, String intoQueue) {
        if (intoQueue != null) {
            KeySchema.requireValidQueueName(intoQueue);
        }
        // the first pass only checks, measuring payloads without keeping them: a bad line fails before any write
        ArchiveLines.PayloadSizes sizes = new ArchiveLines.PayloadSizes(engine.options().maxPayloadBytes());
        forEachLine(file, intoQueue, sizes, m -> { });
        sizes.startWriting();
        long[] written = {0};
        long[] pendingBytes = {0};
        Map<String, List<ArchivedMessage>> pending = new LinkedHashMap<>();
        long now = engine.options().clock().millis();
        Runnable flush = () -> {
            pending.forEach((queue, chunk) -> {
                if (!chunk.isEmpty()) {
                    written[0] += letters.adopt(engine.queue(queue).keys(), chunk, now);
                    chunk.clear();
                }
            });
            pendingBytes[0] = 0;
        };
        forEachLine(file, intoQueue, sizes, m -> {
            List<ArchivedMessage> chunk = pending.computeIfAbsent(m.queue(), q -> new ArrayList<>());
            chunk.add(m);
            pendingBytes[0] += size(m);
            // large messages go a few at a time, so memory holds about one of them, not a chunk of them
            if (chunk.size() == IMPORT_CHUNK || pendingBytes[0] >= IMPORT_CHUNK_BYTES) {
                flush.run();
            }
        });
        flush.run();
        return written[0];
    }

    private static long size(ArchivedMessage m) {
        long bytes = 0;
        for (byte[] value : m.fields().values()) {
            bytes += value.length;
        }
        for (byte[] version : m.versions()) {
            bytes += version.length;
        }
        return bytes;
    }

    private static void forEachLine(Path file, String intoQueue, ArchiveLines.PayloadSizes payloads, Consumer<ArchivedMessage> consumer) {
        try (InputStream raw = Files.newInputStream(file)) {
            LineStream lines = new LineStream(raw);
            while (lines.next()) {
                Reader text = new InputStreamReader(lines, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
                ArchivedMessage m = ArchiveLines.parse(lines.number(), text, intoQueue, payloads);
                if (m != null) {
                    consumer.accept(m);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }
}
