package io.redrive.bench;

import io.redrive.redis.RedisConnection;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code INFO commandstats} counters of a Redis: per command, its calls and the microseconds Redis spent
 * executing it. The {@code INFO} command is left out, so that reading the counters does not count itself.
 */
record CommandStats(Map<String, long[]> perCommand) {

    static CommandStats read(RedisConnection redis) {
        return parse(redis.await(redis.commands().info("commandstats")));
    }

    /** Lines such as {@code cmdstat_hgetall:calls=12,usec=80,usec_per_call=6.67,rejected_calls=0,failed_calls=0}. */
    static CommandStats parse(String info) {
        Map<String, long[]> counters = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String command = line.substring("cmdstat_".length(), colon);
            if (command.equals("info")) {
                continue;
            }
            long calls = 0;
            long usec = 0;
            for (String field : line.substring(colon + 1).split(",")) {
                if (field.startsWith("calls=")) {
                    calls = Long.parseLong(field.substring("calls=".length()));
                } else if (field.startsWith("usec=")) {
                    usec = Long.parseLong(field.substring("usec=".length()));
                }
            }
            counters.put(command, new long[]{calls, usec});
        }
        return new CommandStats(counters);
    }

    CommandStats minus(CommandStats earlier) {
        Map<String, long[]> delta = new TreeMap<>();
        perCommand.forEach((command, now) -> {
            long[] before = earlier.perCommand.getOrDefault(command, new long[2]);
            if (now[0] > before[0]) {
                delta.put(command, new long[]{now[0] - before[0], now[1] - before[1]});
            }
        });
        return new CommandStats(delta);
    }

    long calls() {
        return perCommand.values().stream().mapToLong(c -> c[0]).sum();
    }

    long micros() {
        return perCommand.values().stream().mapToLong(c -> c[1]).sum();
    }
}
