package io.redrive.cli;

import io.redrive.demo.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** The command line refuses a Redis that evicts any key when full, in one sentence, unless told to run anyway. */
class EvictingRedisCommandIT {
    private static EmbeddedRedis evicting;

    @BeforeAll
    static void startAnEvictingServer() {
        evicting = EmbeddedRedis.startWith("--maxmemory", "20mb", "--maxmemory-policy", "allkeys-lru");
    }

    @AfterAll
    static void stop() {
        evicting.close();
    }

    private static String sentence() {
        return "Redis at 127.0.0.1:" + evicting.port() + " evicts keys when full (maxmemory-policy allkeys-lru): "
                + "Redrive would lose messages. Set maxmemory-policy noeviction, or give Redrive its own Redis; to run "
                + "anyway, set ALLOW_EVICTING_REDIS=true / EngineOptions.allowEvictingRedis(true).";
    }

    @Test
    void dlqListOnAnEvictingRedisExitsWithOneSentence() {
        CommandLineRun list = CommandLineRun.of("dlq", "list", "--redis", evicting.url(), "--prefix", "cli-evict");

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).isEqualTo("redrive dlq list: " + sentence() + "\n");
    }

    @Test
    void checkOnAnEvictingRedisExitsWithTheSameSentence() {
        CommandLineRun check = CommandLineRun.of("check", "--redis", evicting.url(), "--prefix", "cli-evict");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err()).contains(sentence());
    }

    @Test
    void theAllowEvictingRedisOptionRunsTheCommandAnyway() {
        CommandLineRun list = CommandLineRun.of("dlq", "list", "--redis", evicting.url(), "--prefix", "cli-evict", "--allow-evicting-redis");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.err()).doesNotContain("evicts keys");
    }
}
