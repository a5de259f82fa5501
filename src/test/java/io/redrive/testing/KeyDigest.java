package io.redrive.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every key under a prefix with its DUMP, so a test can assert that an operation which had to be refused changed
 * nothing at all: compare a snapshot taken before with one taken after (same server, so DUMP formats agree).
 */
public final class KeyDigest {
    private KeyDigest() {
    }

    /** Key name → base64 of its DUMP, sorted by key, for every key starting with {@code prefix}. */
    public static Map<String, String> snapshot(String url, String prefix) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<byte[], byte[]> raw = client.connect(ByteArrayCodec.INSTANCE)) {
            Map<String, String> keys = new TreeMap<>();
            String glob = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
            ScanIterator<byte[]> scan = ScanIterator.scan(raw.sync(), ScanArgs.Builder.matches(glob).limit(1000));
            while (scan.hasNext()) {
                byte[] key = scan.next();
                byte[] dump = raw.sync().dump(key);
                keys.put(new String(key, StandardCharsets.UTF_8), dump == null ? "" : Base64.getEncoder().encodeToString(dump));
            }
            return keys;
        } finally {
            client.shutdown();
        }
    }
}
