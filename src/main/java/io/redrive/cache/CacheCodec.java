package io.redrive.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** Turns cached values into bytes and back. JSON with Jackson unless told otherwise. */
public interface CacheCodec<T> {
    byte[] encode(T value);

    /** @throws RuntimeException when the bytes are not a value of this codec: the cache then treats them as corrupt */
    T decode(byte[] bytes);

    /** The shared mapper of the JSON codecs. */
    ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    static <T> CacheCodec<T> json(Class<T> type) {
        return json(MAPPER.readerFor(type), MAPPER.writerFor(type));
    }

    static <T> CacheCodec<T> json(TypeReference<T> type) {
        return json(MAPPER.readerFor(type), MAPPER.writerFor(type));
    }

    /** For a type known only at run time, such as a method's generic return type. */
    static <T> CacheCodec<T> json(Type type) {
        JavaType javaType = MAPPER.getTypeFactory().constructType(type);
        return json(MAPPER.readerFor(javaType), MAPPER.writerFor(javaType));
    }

    private static <T> CacheCodec<T> json(ObjectReader reader, ObjectWriter writer) {
        return new CacheCodec<>() {
            @Override
            public byte[] encode(T value) {
                try {
                    return writer.writeValueAsBytes(value);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write the value as JSON: " + e.getMessage(), e);
                }
            }

            @Override
            public T decode(byte[] bytes) {
                try {
                    return reader.readValue(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException("Not the JSON of a cached value: " + e.getMessage(), e);
                }
            }
        };
    }

    static CacheCodec<String> string() {
        return new CacheCodec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }

    static CacheCodec<byte[]> bytes() {
        return new CacheCodec<>() {
            @Override
            public byte[] encode(byte[] value) {
                return value;
            }

            @Override
            public byte[] decode(byte[] bytes) {
                return bytes;
            }
        };
    }
}
