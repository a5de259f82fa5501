package io.redrive.bench;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.Environment;
import io.redrive.console.Session;
import io.redrive.demo.SeededDeadLetters;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code redrive bench console}, small: a run measures every figure and ends only after the replay it started. */
class ConsoleBenchmarkIT {

    @Test
    void aRunReturnsItsFiguresOnlyOnceTheReplayItStartedHasEnded() throws Exception {
        String prefix = TestRedis.newPrefix();
        int seeded = 600;

        Map<String, Double> figures = ConsoleBenchmark.run(TestRedis.url(), prefix, seeded);

        assertThat(figures).containsOnlyKeys("console.first_page", "console.last_page", "console.filter",
                "console.heap_used", "console.replay_fx_stall");
        assertThat(figures.values()).allSatisfy(value -> assertThat(value).isPositive());
        // the filter matched the second of five error classes: those left the DLQ before the run returned
        long replayed = seeded / SeededDeadLetters.ERRORS.length;
        try (Session session = Session.open(new ConnectionSettings("check", TestRedis.url(), prefix, Environment.OTHER, false))) {
            session.engine().upkeep().stop();
            assertThat(session.engine().deadLetters().count(DeadLetterQuery.builder().build()))
                    .as("dead letters left after the run").isEqualTo(seeded - replayed);
        }
    }
}
