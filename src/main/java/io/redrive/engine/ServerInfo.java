package io.redrive.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts about the Redis server an engine talks to, from INFO, for the console's overview.
 *
 * @param roundTrip how long a PING took just now
 */
public record ServerInfo(String version, String mode, String role, long usedMemoryBytes, long maxMemoryBytes,
                         long connectedClients, long uptimeSeconds, Duration roundTrip, Map<String, String> raw) {

    static ServerInfo parse(String info, Duration roundTrip) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return new ServerInfo(fields.getOrDefault("redis_version", "?"), fields.getOrDefault("redis_mode", "standalone"),
                fields.getOrDefault("role", "?"), number(fields.get("used_memory")), number(fields.get("maxmemory")),
                number(fields.get("connected_clients")), number(fields.get("uptime_in_seconds")), roundTrip, Map.copyOf(fields));
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
