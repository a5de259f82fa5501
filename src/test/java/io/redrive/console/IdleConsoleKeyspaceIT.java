package io.redrive.console;

import io.redrive.demo.EmbeddedRedis;
import io.redrive.redis.RedisConnection;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idle console polls without spoiling the keyspace hit rate its cache screen shows: on a server of its own (so no
 * other test's traffic counts) and an empty prefix, it looks up hardly any missing key, and the hit rate it shows
 * leaves out the lookups it does make.
 */
class IdleConsoleKeyspaceIT extends ConsoleTestSupport {
    /** Before: 151 misses in 10 s of idle polling (15/s); now about 2/s (the queue registry and the statistics index, both absent). */
    private static final double MISSES_PER_SECOND_AT_MOST = 4;
    private EmbeddedRedis server;

    @Override
    protected String redisUrl() {
        if (server == null) {
            server = EmbeddedRedis.start();
        }
        return server.url();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anIdleConsoleOnAnEmptyPrefixLooksUpHardlyAnyMissingKeyAndLeavesItsOwnLookupsOutOfTheHitRate() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#connectionState").queryAs(Label.class).getText().startsWith("Connected"));
        interact(() -> {
            TabPane screens = lookup("#screens").queryAs(TabPane.class);
            screens.getSelectionModel().select(screens.getTabs().stream().filter(t -> "cacheTab".equals(t.getId())).findFirst().orElseThrow());
        });
        Label keyspace = lookup("#keyspaceHitRate").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> keyspace.getText().contains("left out"));

        try (RedisConnection probe = RedisConnection.open(redisUrl(), Duration.ofSeconds(5))) {
            // each cache-screen poll reads the index of statistics minutes once (ZRANGEBYSCORE): count polls by it
            long polls0 = stat(probe, "commandstats", "cmdstat_zrangebyscore:calls=");
            long misses0 = stat(probe, "stats", "keyspace_misses:");
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> stat(probe, "commandstats", "cmdstat_zrangebyscore:calls=") - polls0 >= 10);
            long polls = stat(probe, "commandstats", "cmdstat_zrangebyscore:calls=") - polls0;
            long misses = stat(probe, "stats", "keyspace_misses:") - misses0;
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("idle console: %d keyspace misses in %.1f s (%.1f/s), %d polls%n", misses, seconds, misses / seconds, polls);
            assertThat(misses).as("keyspace misses over %d polls (%.1f s)", polls, seconds)
                    .isLessThanOrEqualTo((long) (MISSES_PER_SECOND_AT_MOST * seconds));

            // what the screen shows leaves this console's own lookups out: the server counted them, the label does not
            long serverMisses = stat(probe, "stats", "keyspace_misses:");
            await().atMost(Duration.ofSeconds(5)).until(() -> keyspace.getText().contains("left out"));
            long shownMisses = shownMisses(keyspace.getText());
            assertThat(serverMisses).isGreaterThan(10);
            assertThat(shownMisses).as(keyspace.getText()).isLessThanOrEqualTo(5);
        }
    }

    /** The misses in "... (0 hits, 3 misses)...": the first "misses" figure of the label. */
    private static long shownMisses(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("hits, ([\\d,]+) misses\\)").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static long stat(RedisConnection redis, String section, String field) {
        String info = redis.await(redis.commands().info(section));
        for (String line : info.split("\r?\n")) {
            int at = line.indexOf(field);
            if (at >= 0) {
                String rest = line.substring(at + field.length());
                return Long.parseLong(rest.split("[,\\s]")[0]);
            }
        }
        return 0;
    }
}
