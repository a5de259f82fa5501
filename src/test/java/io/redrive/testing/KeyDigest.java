package io.redrive.testing;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every key under a prefix with its content, so a test can assert that an operation which had to be refused changed
 * nothing at all: compare a snapshot taken before with one taken after.
 *
 * <p>The content is read per type and put in a canonical order (a hash's fields sorted, a set's members sorted),
 * not taken from DUMP: a large hash is a hash table whose DUMP order can change when Redis rehashes it
 * incrementally, which a mere read may trigger.
 */
public final class KeyDigest {
    private KeyDigest() {
    }

    /** Key name → its type and content in words, sorted by key, for every key starting with {@code prefix}. */
    public static Map<String, String> snapshot(String url, String prefix) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<byte[], byte[]> raw = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = raw.sync();
            Map<String, String> keys = new TreeMap<>();
            String glob = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
            ScanIterator<byte[]> scan = ScanIterator.scan(redis, ScanArgs.Builder.matches(glob).limit(1000));
            while (scan.hasNext()) {
                byte[] key = scan.next();
                keys.put(text(key), content(redis, key));
            }
            return keys;
        } finally {
            client.shutdown();
        }
    }

    private static String content(RedisCommands<byte[], byte[]> redis, byte[] key) {
        String type = redis.type(key);
        String ttl = redis.pttl(key) >= 0 ? " (expires)" : "";
        List<String> parts = new ArrayList<>();
        switch (type) {
            case "string" -> parts.add(base64(redis.get(key)));
            case "hash" -> {
                Map<String, String> fields = new TreeMap<>();
                redis.hgetall(key).forEach((field, value) -> fields.put(base64(field), base64(value)));
                fields.forEach((field, value) -> parts.add(field + "=" + value));
            }
            case "list" -> redis.lrange(key, 0, -1).forEach(value -> parts.add(base64(value)));
            case "set" -> redis.smembers(key).stream().map(KeyDigest::base64).sorted().forEach(parts::add);
            case "zset" -> redis.zrangeWithScores(key, 0, -1).forEach(v -> parts.add(base64(v.getValue()) + "@" + v.getScore()));
            case "stream" -> {
                for (StreamMessage<byte[], byte[]> entry : redis.xrange(key, Range.create("-", "+"))) {
                    Map<String, String> body = new TreeMap<>();
                    entry.getBody().forEach((field, value) -> body.put(base64(field), base64(value)));
                    parts.add(entry.getId() + " " + body);
                }
            }
            default -> parts.add("?");
        }
        return type + ttl + " " + String.join(",", parts);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
