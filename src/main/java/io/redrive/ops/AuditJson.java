package io.redrive.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON as Redrive stores it: values written compactly ({@code {}} for an empty map) and flat objects of strings read
 * back (the audit log's details here, a message's headers in the engine, which uses this too).
 */
public final class AuditJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader STRING_MAP = MAPPER.readerFor(new TypeReference<LinkedHashMap<String, String>>() { });
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private AuditJson() {
    }

    public static byte[] write(Object value) {
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return EMPTY_OBJECT;
        }
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, String> stringMap(byte[] json) {
        return stringMap(json, "details");
    }

    /** A stored flat object of strings; {@code what} names it in the error ("headers", "details"). */
    public static Map<String, String> stringMap(byte[] json, String what) {
        if (json == null || json.length <= 2) {
            return Map.of();
        }
        Map<String, String> map;
        try {
            map = STRING_MAP.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored " + what + " are not a JSON object of strings", e);
        }
        if (map == null) {  // the JSON literal null
            throw new UncheckedIOException(new IOException("Stored " + what + " are not a JSON object of strings"));
        }
        return map;
    }
}
