package io.redrive.alerts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code redrive://} links alerts carry, which open the console on their subject:
 * {@code redrive://<connection>/queue/<queue>}, {@code redrive://<connection>/queue/<queue>/group/<fingerprint>}
 * and {@code redrive://<connection>/cache/<namespace>}, where the connection is the Redis host:port (or a label).
 * Each segment is URL-encoded.
 */
public record AlertLinks(String connection) {

    public String queue(String queue) {
        return "redrive://" + encode(connection) + "/queue/" + encode(queue);
    }

    public String group(String queue, String fingerprint) {
        return queue(queue) + "/group/" + encode(fingerprint);
    }

    public String cache(String namespace) {
        return "redrive://" + encode(connection) + "/cache/" + encode(namespace);
    }

    private static String encode(String segment) {
        // host:port stays readable; everything else a path segment cannot hold is escaped
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("%3A", ":").replace("+", "%20");
    }
}
