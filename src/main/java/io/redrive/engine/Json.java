package io.redrive.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's one JSON mapper, for headers, error records and timeline events. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    // readers and writers bound once: resolving the type on every call costs more than the parsing
    private static final ObjectReader STRING_MAP = MAPPER.readerFor(new TypeReference<LinkedHashMap<String, String>>() { });
    private static final ObjectReader OBJECT_MAP = MAPPER.readerFor(new TypeReference<LinkedHashMap<String, Object>>() { });
    private static final ObjectReader ROWS = MAPPER.readerFor(new TypeReference<List<List<String>>>() { });
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private Json() {
    }

    static byte[] write(Object value) {
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
        if (json == null || json.length <= 2) {
            return Map.of();
        }
        Map<String, String> map;
        try {
            map = STRING_MAP.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored headers are not a JSON object of strings", e);
        }
        if (map == null) {  // the JSON literal null
            throw new UncheckedIOException(new IOException("Stored headers are not a JSON object of strings"));
        }
        return map;
    }

    /**
     * A message's stored headers, or null when they are not a JSON object of strings (damaged in Redis): readers
     * that must not fail on one bad message say so instead.
     */
    static Map<String, String> headersOrNull(byte[] json) {
        try {
            return stringMap(json);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** A stored JSON array of arrays of strings. */
    static List<List<String>> rows(byte[] json) {
        try {
            return ROWS.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored record is not a JSON array of arrays of strings", e);
        }
    }

    static Map<String, Object> objectMap(byte[] json) {
        try {
            return OBJECT_MAP.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored record is not a JSON object", e);
        }
    }
}
