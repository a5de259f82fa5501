package io.redrive.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The engine's one JSON mapper, for headers, error records and timeline events. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT_MAP = new TypeReference<>() { };

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, String> stringMap(byte[] json) {
        if (json == null || json.length == 0) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored headers are not a JSON object of strings", e);
        }
    }

    static Map<String, Object> objectMap(byte[] json) {
        try {
            return MAPPER.readValue(json, OBJECT_MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored record is not a JSON object", e);
        }
    }
}
