package io.redrive.cli;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redrive.demo.DemoServer;
import io.redrive.demo.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default run and the demo never write to a Redis the operator did not hand them explicitly. Each case runs the
 * command line in a JVM of its own, as a user would: its own environment (REDIS_URL set, no DISPLAY) and no
 * display at all. The "real" server is a dedicated one, so any key the demo wrote would show.
 */
class DemoSafetyIT {
    private static EmbeddedRedis real;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void startTheOperatorsRedis() {
        real = EmbeddedRedis.start();
        client = RedisClient.create(real.url());
        connection = client.connect();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
        real.close();
    }

    private record Run(int exitCode, String output) { }

    /** Starts the command line with REDIS_URL pointing at the operator's server and no display. */
    private static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().put("REDIS_URL", real.url());
        return builder.start();
    }

    private static Run run(String... args) throws Exception {
        Path log = Files.createTempFile("redrive-cli-", ".log");
        Process process = start(log, args);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    private static long keys() {
        return connection.sync().dbsize();
    }

    @Test
    void theDefaultRunWithoutADisplayRunsTheDemoOnItsOwnRedisWhateverRedisUrlSays() throws Exception {
        long before = keys();
        Path log = Files.createTempFile("redrive-default-", ".log");
        Process process = start(log);
        try {
            // the demo prints its server, then the queues' counts every 5 s: by then it has written plenty
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("documents: "));
        } finally {
            process.destroy();  // Ctrl-C: the demo stops cleanly
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(output).contains("No display is available, so Redrive runs the demo headless",
                "(its own embedded redis-server), key prefix " + DemoServer.PREFIX);
        assertThat(output).doesNotContain(real.url());
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void theDemoRefusesAnotherRedisWithoutTheFlagAndWritesNothing() throws Exception {
        long before = keys();
        Run demo = run("demo", "--redis", real.url());
        assertThat(demo.exitCode()).isEqualTo(1);
        assertThat(demo.output()).contains("redrive demo: The demo fails messages at random and rewrites queue policies, "
                + "so it runs on another Redis only with --allow-external-redis");
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void theDemoRefusesAServerHoldingRedriveDataUnderItsPrefixEvenWithTheFlag() throws Exception {
        connection.sync().sadd(DemoServer.PREFIX + ":queues", "documents");
        try {
            long before = keys();
            Run demo = run("demo", "--allow-external-redis");
            assertThat(demo.exitCode()).isEqualTo(1);
            assertThat(demo.output()).contains("already holds Redrive data under the prefix " + DemoServer.PREFIX
                    + ", so the demo will not run there");
            assertThat(keys()).isEqualTo(before);
            assertThat(connection.sync().smembers(DemoServer.PREFIX + ":queues")).containsExactly("documents");
        } finally {
            connection.sync().del(DemoServer.PREFIX + ":queues");
        }
    }

    @Test
    void theConsoleOnARedisWithoutADisplayFailsWithOneSentence() throws Exception {
        long before = keys();
        Run console = run("console", "--redis", real.url());
        assertThat(console.exitCode()).isEqualTo(1);
        assertThat(console.output()).contains("redrive console: No display is available here, so the console cannot open "
                + real.url().replaceFirst("/$", ""));
        assertThat(console.output()).doesNotContain("demo on", "\tat ");
        assertThat(keys()).isEqualTo(before);
    }
}
