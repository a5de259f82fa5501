package io.redrive.engine;

import io.redrive.redis.Replies;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.redrive.redis.KeySchema;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * Reads and checks one line of a dead-letter archive (see {@link DeadLetterArchive}): every field, event and
 * version must hold what the engine will read back, or the line fails with its number and what is wrong.
 * Payloads are decoded from base64 as they are read, never held as text.
 */
final class ArchiveLines {
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
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


    private ArchiveLines() {
    }

    /** What one line holds, read as a stream: null for a blank line. */
    static ArchivedMessage parse(long line, Reader text, String intoQueue, PayloadSizes payloads) throws IOException {
        Parsed parsed;
        try (JsonParser json = Json.MAPPER.getFactory().createParser(text)) {
            parsed = Parsed.read(json, line, payloads);
        } catch (CharacterCodingException e) {
            throw new ImportException(line, "the text is not valid UTF-8");
        } catch (JsonProcessingException e) {
            throw new ImportException(line, "not valid JSON (" + firstLine(e) + ")");
        }
        return parsed == null ? null : parsed.toMessage(line, intoQueue);
    }

    private static String firstLine(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }

    /** The parts of one line, payloads already decoded (or only measured in the checking pass). */
    private static final class Parsed {
        private String queue;
        private String id;
        private JsonNode fields;
        private byte[] payload;
        private JsonNode events;
        private boolean versionsNotAnArray;
        private final List<JsonNode> versionMetas = new ArrayList<>();
        private final List<byte[]> versionPayloads = new ArrayList<>();

        static Parsed read(JsonParser json, long line, PayloadSizes payloads) throws IOException {
            JsonToken first = json.nextToken();
            if (first == null) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ImportException(line, "expected a JSON object");
            }
            Parsed p = new Parsed();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "queue" -> p.queue = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "id" -> p.id = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "fields" -> p.fields = json.readValueAsTree();
                    case "payload" -> p.payload = binary(json, line, "payload", payloads);
                    case "events" -> p.events = json.readValueAsTree();
                    case "versions" -> p.readVersions(json, line, payloads);
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw new ImportException(line, "not valid JSON (more than one value on the line)");
            }
            return p;
        }

        private void readVersions(JsonParser json, long line, PayloadSizes payloads) throws IOException {
            if (json.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            if (json.currentToken() != JsonToken.START_ARRAY) {
                versionsNotAnArray = true;
                json.skipChildren();
                return;
            }
            while (json.nextToken() != JsonToken.END_ARRAY) {
                JsonNode meta = null;
                byte[] payload = null;
                if (json.currentToken() == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String name = json.currentName();
                        json.nextToken();
                        switch (name) {
                            case "meta" -> meta = json.readValueAsTree();
                            case "payload" -> payload = binary(json, line, "version payload", payloads);
                            default -> json.skipChildren();
                        }
                    }
                } else {
                    json.skipChildren();
                }
                versionMetas.add(meta);
                versionPayloads.add(payload);
            }
        }

        /** A base64 string decoded as it is read, never held as text; null when the value is not a string. */
        private static byte[] binary(JsonParser json, long line, String what, PayloadSizes payloads) throws IOException {
            if (json.currentToken() != JsonToken.VALUE_STRING) {
                json.skipChildren();
                return null;
            }
            try {
                return payloads.read(json, line, what);
            } catch (IllegalArgumentException e) {  // how Jackson reports a character base64 has not
                throw new ImportException(line, "the " + what + " is not base64 (" + base64Problem(e) + ")");
            } catch (JsonProcessingException e) {
                if (!String.valueOf(e.getMessage()).contains("base64")) {
                    throw e;
                }
                throw new ImportException(line, "the " + what + " is not base64 (" + base64Problem(e) + ")");
            }
        }

        /** Jackson's words, but for the one an operator meets most (a value cut short) plain ones. */
        private static String base64Problem(Exception e) {
            String problem = firstLine(e);
            return problem.startsWith("Unexpected end of base64-encoded String")
                    ? "it is cut short: base64 text comes in groups of 4 characters, the last one padded with '='"
                    : problem;
        }

        ArchivedMessage toMessage(long line, String intoQueue) {
            String queue = intoQueue != null ? intoQueue : requireText(line, this.queue, "queue");
            try {
                KeySchema.requireValidQueueName(queue);
            } catch (IllegalArgumentException e) {
                throw new ImportException(line, e.getMessage());
            }
            String id = requireText(line, this.id, "id");
            if (!ID.matcher(id).matches()) {
                throw new ImportException(line, "'" + id + "' is not a message id");
            }
            if (this.fields == null || !this.fields.isObject()) {
                throw new ImportException(line, "'fields' must be an object");
            }
            Map<String, byte[]> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = this.fields.fields(); it.hasNext(); ) {
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
            if (payload == null) {
                throw new ImportException(line, "the payload is missing");
            }
            fields.put("payload", payload);
            // what the worker, show and the timeline read back must be readable: check it here, not when it breaks there
            List<byte[]> events = new ArrayList<>();
            int n = 0;
            for (JsonNode event : array(line, this.events, "events")) {
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
            if (versionsNotAnArray) {
                throw new ImportException(line, "'versions' must be an array");
            }
            List<byte[]> versions = new ArrayList<>();
            for (int v = 0; v < versionMetas.size(); v++) {
                JsonNode meta = versionMetas.get(v);
                if (meta == null || !meta.isObject()) {
                    throw new ImportException(line, "every version needs a 'meta' object");
                }
                String problem = attributeProblem(meta, "version", VERSION_TEXT, VERSION_NUMBERS);
                if (problem == null && meta.hasNonNull("headers")) {
                    String headers = headersProblem(meta.get("headers").asText());
                    problem = headers == null ? null : "'headers' " + headers;
                }
                if (problem != null) {
                    throw new ImportException(line, "version " + (v + 1) + "'s " + problem);
                }
                if (versionPayloads.get(v) == null) {
                    throw new ImportException(line, "the version payload is missing");
                }
                versions.add(Json.write(meta));
                versions.add(versionPayloads.get(v));
            }
            return new ArchivedMessage(queue, id, fields, events, versions, 0);
        }
    }

    /**
     * The size of every payload in the file, in order: the checking pass measures them, so the writing pass can
     * decode each straight into an array of its size (one copy of a 64 MiB payload in memory, not a growing buffer
     * and its copy). Four bytes a payload.
     */
    static final class PayloadSizes {
        private final long limit;
        private int[] sizes = new int[64];
        private int count;
        private int next = -1;

        PayloadSizes(long limit) {
            this.limit = limit;
        }

        void startWriting() {
            next = 0;
        }

        byte[] read(JsonParser json, long line, String what) throws IOException {
            if (next < 0) {
                long[] size = {0};
                // the engine would not have accepted it: refused while measuring, before reading the rest of it
                json.readBinaryValue(new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(null, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        size[0] += length;
                        if (size[0] > limit) {
                            throw new ImportException(line, String.format(Locale.ROOT,
                                    "the %s is over the engine's limit of %,d bytes", what, limit));
                        }
                    }
                });
                if (count == sizes.length) {
                    sizes = Arrays.copyOf(sizes, count * 2);
                }
                sizes[count++] = Math.toIntExact(size[0]);
                return new byte[0];
            }
            if (next == count) {
                throw changed();
            }
            byte[] payload = new byte[sizes[next++]];
            int[] at = {0};
            json.readBinaryValue(new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    if (at[0] + length > payload.length) {
                        throw changed();
                    }
                    System.arraycopy(bytes, offset, payload, at[0], length);
                    at[0] += length;
                }
            });
            if (at[0] != payload.length) {
                throw changed();
            }
            return payload;
        }

        private static IllegalStateException changed() {
            return new IllegalStateException("The file changed while it was being imported; import it again when nothing writes to it.");
        }
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

    private static Iterable<JsonNode> array(long line, JsonNode value, String name) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ImportException(line, "'" + name + "' must be an array");
        }
        return value;
    }

    private static String requireText(long line, String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ImportException(line, "'" + name + "' is missing");
        }
        return value;
    }
}
