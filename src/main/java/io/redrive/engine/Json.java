package io.redrive.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.redrive.ops.AuditJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's one JSON mapper, for headers, error records and timeline events. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    // readers and writers bound once: resolving the type on every call costs more than the parsing
    private static final ObjectReader OBJECT_MAP = MAPPER.readerFor(new TypeReference<LinkedHashMap<String, Object>>() { });
    private static final ObjectReader ROWS = MAPPER.readerFor(new TypeReference<List<List<String>>>() { });

    private Json() {
    }

    static byte[] write(Object value) {
        return AuditJson.write(value);
    }

    static Map<String, String> stringMap(byte[] json) {
        return AuditJson.stringMap(json, "headers");
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
