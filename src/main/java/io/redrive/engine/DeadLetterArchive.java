package io.redrive.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisFuture;
import io.redrive.redis.KeySchema;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Dead letters as JSON Lines: one whole message a line (queue, id, hash fields, payload in base64, timeline
 * events, earlier versions), so a DLQ can be saved, moved to another Redis, or attached to a bug report.
 */
final class DeadLetterArchive {
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final int IMPORT_CHUNK = 200;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");
    /** Hash fields that hold a count or a time in milliseconds. */
    private static final List<String> NUMBERS = List.of("deadAt", "firstDeadAt", "enqueuedAt", "updatedAt", "editedAt",
            "firstDueAt", "nextAttemptAt", "attempts", "replays", "version", "lease");

    /** Event attributes the engine reads as numbers or as text ({@link Queue#timeline}, {@link ErrorRecords}). */
    private static final Set<String> NUMBER_ATTRIBUTES = Set.of("at", "attempt", "dueAt", "replay", "version");
    private static final Set<String> TEXT_ATTRIBUTES = Set.of("type", "by", "host", "error", "exception", "message",
            "stackTrace", "reason", "why", "from", "to");
    /** What {@link DeadLetters#show} reads from a version's metadata. */
    private static final Set<String> VERSION_NUMBERS = Set.of("version", "at");
    private static final Set<String> VERSION_TEXT = Set.of("by", "why", "headers");

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
                List<RedisFuture<Map<String, byte[]>>> hashes = new ArrayList<>();
                List<RedisFuture<List<byte[]>>> events = new ArrayList<>();
                List<RedisFuture<List<byte[]>>> versions = new ArrayList<>();
                for (String id : ids) {
                    hashes.add(redis.commands().hgetall(keys.message(id)));
                    events.add(redis.commands().lrange(keys.events(id), 0, -1));
                    versions.add(redis.commands().lrange(keys.versions(id), 0, -1));
                }
                for (int i = 0; i < ids.size(); i++) {
                    Map<String, byte[]> fields = redis.await(hashes.get(i));
                    if (!"dead".equals(Replies.text(fields.get("state")))) {
                        continue;  // replayed or purged since the export began
                    }
                    write(json, new ArchivedMessage(queue, ids.get(i), fields, redis.await(events.get(i)),
                            redis.await(versions.get(i)), 0));
                    written[0]++;
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
            json.writeStringField("payload", Base64.getEncoder().encodeToString(m.fields().getOrDefault("payload", new byte[0])));
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
                json.writeStringField("payload", Base64.getEncoder().encodeToString(m.versions().get(i + 1)));
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
        forEachLine(file, intoQueue, m -> { });  // the first pass only checks: a bad line fails before any write
        long[] written = {0};
        Map<String, List<ArchivedMessage>> pending = new LinkedHashMap<>();
        long now = engine.options().clock().millis();
        forEachLine(file, intoQueue, m -> {
            List<ArchivedMessage> chunk = pending.computeIfAbsent(m.queue(), q -> new ArrayList<>());
            chunk.add(m);
            if (chunk.size() == IMPORT_CHUNK) {
                written[0] += letters.adopt(engine.queue(m.queue()).keys(), chunk, now);
                chunk.clear();
            }
        });
        pending.forEach((queue, chunk) -> {
            if (!chunk.isEmpty()) {
                written[0] += letters.adopt(engine.queue(queue).keys(), chunk, now);
            }
        });
        return written[0];
    }

    private static void forEachLine(Path file, String intoQueue, Consumer<ArchivedMessage> consumer) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank()) {
                    consumer.accept(parse(number, line, intoQueue));
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            // the reader decodes ahead of the line it returns, so find the line by reading again
            throw new ImportException(firstLineNotUtf8(file), "the text is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The number of the first line whose bytes are not UTF-8, reading one line at a time. */
    private static long firstLineNotUtf8(Path file) {
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long number = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    try {
                        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
                    } catch (java.nio.charset.CharacterCodingException e) {
                        return number;
                    }
                    if (b < 0) {
                        return number;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ArchivedMessage parse(long line, String text, String intoQueue) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ImportException(line, "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (node == null || !node.isObject()) {
            throw new ImportException(line, "expected a JSON object");
        }
        String queue = intoQueue != null ? intoQueue : requireText(line, node, "queue");
        try {
            KeySchema.requireValidQueueName(queue);
        } catch (IllegalArgumentException e) {
            throw new ImportException(line, e.getMessage());
        }
        String id = requireText(line, node, "id");
        if (!ID.matcher(id).matches()) {
            throw new ImportException(line, "'" + id + "' is not a message id");
        }
        JsonNode fieldsNode = node.get("fields");
        if (fieldsNode == null || !fieldsNode.isObject()) {
            throw new ImportException(line, "'fields' must be an object");
        }
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fieldsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isValueNode()) {
                throw new ImportException(line, "field '" + f.getKey() + "' must be a string or number");
            }
            fields.put(f.getKey(), Replies.bytes(f.getValue().asText()));
        }
        if (!"dead".equals(Replies.text(fields.get("state")))) {
            throw new ImportException(line, "only dead letters can be imported (state is '" + Replies.text(fields.get("state")) + "')");
        }
        // the scripts do arithmetic on these: a bad value found there would fail half-way through a chunk
        if (!fields.containsKey("deadAt")) {
            throw new ImportException(line, "field 'deadAt' is missing");
        }
        for (String name : NUMBERS) {
            String value = Replies.text(fields.get(name));
            boolean absent = value == null || (value.isEmpty() && !name.equals("deadAt"));  // scripts blank what no longer applies
            if (!absent && !WHOLE_NUMBER.matcher(value).matches()) {
                throw new ImportException(line, "field '" + name + "' must be a whole number, not '" + value + "'");
            }
        }
        if (fields.containsKey("headers")) {
            String problem = headersProblem(Replies.text(fields.get("headers")));
            if (problem != null) {
                throw new ImportException(line, "field 'headers' " + problem);
            }
        }
        fields.put("payload", base64(line, node.get("payload"), "payload"));
        // what the worker, show and the timeline read back must be readable: check it here, not when it breaks there
        List<byte[]> events = new ArrayList<>();
        int n = 0;
        for (JsonNode event : array(line, node, "events")) {
            n++;
            if (!event.isObject() || !event.hasNonNull("at") || !event.hasNonNull("type")) {
                throw new ImportException(line, "every event needs 'at' and 'type' (event " + n + " has not)");
            }
            String problem = attributeProblem(event, "type", TEXT_ATTRIBUTES, NUMBER_ATTRIBUTES);
            if (problem != null) {
                throw new ImportException(line, "event " + n + "'s " + problem);
            }
            events.add(Json.write(event));
        }
        List<byte[]> versions = new ArrayList<>();
        n = 0;
        for (JsonNode version : array(line, node, "versions")) {
            n++;
            JsonNode meta = version.get("meta");
            if (meta == null || !meta.isObject()) {
                throw new ImportException(line, "every version needs a 'meta' object");
            }
            String problem = attributeProblem(meta, "version", VERSION_TEXT, VERSION_NUMBERS);
            if (problem == null && meta.hasNonNull("headers")) {
                String headers = headersProblem(meta.get("headers").asText());
                problem = headers == null ? null : "'headers' " + headers;
            }
            if (problem != null) {
                throw new ImportException(line, "version " + n + "'s " + problem);
            }
            versions.add(Json.write(meta));
            versions.add(base64(line, version.get("payload"), "version payload"));
        }
        return new ArchivedMessage(queue, id, fields, events, versions, 0);
    }

    /** Null when an event or version entry holds the right kinds of values; otherwise what is wrong, in words. */
    private static String attributeProblem(JsonNode entry, String required, Set<String> texts, Set<String> numbers) {
        if (!entry.hasNonNull(required)) {
            return "'" + required + "' is missing";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            JsonNode value = a.getValue();
            if (value.isNull()) {
                continue;
            }
            if (numbers.contains(a.getKey()) && !(value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0)) {
                return (a.getKey().equals("at") ? "time" : "'" + a.getKey() + "'")
                        + " must be a whole number" + (a.getKey().equals("at") || a.getKey().endsWith("At") ? " of milliseconds" : "") + ", not " + value;
            }
            if (texts.contains(a.getKey()) && !value.isTextual()) {
                return "'" + a.getKey() + "' must be text, not " + value;
            }
        }
        return null;
    }

    /** Null when the text is a JSON object of strings, as a message's headers must be; otherwise what is wrong. */
    private static String headersProblem(String text) {
        JsonNode headers;
        try {
            headers = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return "is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        if (headers == null || !headers.isObject()) {
            return "must be a JSON object of strings, not " + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (!h.getValue().isTextual()) {
                return "must hold only strings, but header '" + h.getKey() + "' is " + h.getValue();
            }
        }
        return null;
    }

    private static Iterable<JsonNode> array(long line, JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ImportException(line, "'" + name + "' must be an array");
        }
        return value;
    }

    private static String requireText(long line, JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ImportException(line, "'" + name + "' is missing");
        }
        return value.asText();
    }

    private static byte[] base64(long line, JsonNode value, String what) {
        if (value == null || !value.isTextual()) {
            throw new ImportException(line, "the " + what + " is missing");
        }
        try {
            return Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new ImportException(line, "the " + what + " is not base64 (" + e.getMessage() + ")");
        }
    }
}
