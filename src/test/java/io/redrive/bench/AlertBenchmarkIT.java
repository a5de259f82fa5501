package io.redrive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert benchmark runs (small here) against a real Redis and prints the per-tick figures and the target line. */
class AlertBenchmarkIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSmallRunPrintsRedisTimeWallTimeAndCommandsPerTickAgainstTheTarget() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new AlertBenchmark(new AlertBenchmark.Settings(TestRedis.url(), 4, 9, 6, 3, 1, 2))
                .run(new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).filteredOn(l -> l.path("run").asInt() > 0).hasSize(6);
        JsonNode commands = median(lines, "alerts.tick.commands");
        assertThat(commands.path("runs").asInt()).isEqualTo(2);
        // every tick reads the rules, the open incidents and each of the four queues at least
        assertThat(commands.path("value").asDouble()).isGreaterThan(4);
        assertThat(median(lines, "alerts.tick.redis_time").path("value").asDouble()).isPositive();
        assertThat(median(lines, "alerts.tick.wall").path("value").asDouble()).isPositive();
        JsonNode target = lines.get(lines.size() - 1);
        assertThat(target.path("name").asText()).isEqualTo("alerts.tick.redis_time");
        assertThat(target.path("target").asDouble()).isEqualTo(AlertBenchmark.TARGET_MS);
        assertThat(target.path("within_target").asBoolean())
                .isEqualTo(target.path("value").asDouble() <= AlertBenchmark.TARGET_MS);
        assertThat(target.path("note").asText()).contains("INFO commandstats");
    }

    @Test
    void commandStatsLeaveOutInfoAndSubtractEarlierCounters() {
        CommandStats before = CommandStats.parse("# Commandstats\r\ncmdstat_hgetall:calls=2,usec=10,usec_per_call=5.00\r\n"
                + "cmdstat_info:calls=1,usec=50,usec_per_call=50.00\r\n");
        CommandStats after = CommandStats.parse("cmdstat_hgetall:calls=5,usec=40,usec_per_call=8.00\r\n"
                + "cmdstat_info:calls=3,usec=150,usec_per_call=50.00\r\ncmdstat_zcard:calls=4,usec=8,usec_per_call=2.00\r\n");

        CommandStats spent = after.minus(before);

        assertThat(spent.calls()).isEqualTo(3 + 4);
        assertThat(spent.micros()).isEqualTo(30 + 8);
    }

    private static JsonNode median(List<JsonNode> lines, String name) {
        return lines.stream().filter(l -> l.path("name").asText().equals(name) && "median".equals(l.path("statistic").asText()))
                .findFirst().orElseThrow();
    }
}
