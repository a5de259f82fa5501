package io.redrive.engine;

import io.redrive.demo.EmbeddedRedis;
import io.redrive.testing.RawRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded redis-server (6.2) with every command newer than 5.0 renamed away, so for commands it answers as
 * 5.0 does ("unknown command"), HELLO included: Lettuce must connect without RESP3, the scripts' ZMSCORE must fall
 * back to ZSCORE, and the whole lifecycle and every dead-letter operation must still work and leave a clean check.
 * (CLIENT's newer sub-commands cannot be renamed; {@link RedisVersionCompatibilityIT} watches for them.)
 */
class Redis50CommandSetIT extends Redis50WorkloadSupport {
    static final List<String> NEWER_THAN_50 = List.of("ZMSCORE", "GETDEL", "GETEX", "LMOVE", "BLMOVE", "ZRANGESTORE",
            "ZUNION", "ZINTER", "ZDIFF", "ZDIFFSTORE", "ZRANDMEMBER", "HRANDFIELD", "SMISMEMBER", "COPY", "LPOS",
            "XAUTOCLAIM", "HELLO", "RESET", "FAILOVER", "GEOSEARCH", "GEOSEARCHSTORE");

    private static EmbeddedRedis server;

    @BeforeAll
    static void startAServerWithout60And62Commands() {
        List<String> settings = new ArrayList<>();
        for (String command : NEWER_THAN_50) {
            // renamed to a name nobody sends rather than to "", which redis-server 6.2 cannot take on its command line
            settings.addAll(List.of("--rename-command", command, "redrive-disabled-" + command.toLowerCase(Locale.ROOT)));
        }
        server = EmbeddedRedis.startWith(settings.toArray(String[]::new));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void theServerAnswersNewerCommandsAsUnknown() {
        try (RawRedis redis = new RawRedis(server.url())) {
            assertThatThrownBy(() -> redis.call("ZMSCORE", "k", "m")).hasMessageContaining("unknown command");
            assertThatThrownBy(() -> redis.call("HELLO", "3")).hasMessageContaining("unknown command");
            assertThat(redis.call("ZSCORE", "k", "m")).isNull();
        }
    }

    @Test
    void theLifecycleAndEveryDeadLetterOperationWorkWithRedis50Commands() throws Exception {
        Engine engine = engine(b -> b.redisUrl(server.url()));

        engineWorkload(engine); // asserts every step did its work; the consistency check runs after the test
    }

    @Test
    void theCacheHelperWorksWithRedis50Commands() {
        cacheWorkload(server.url());
    }
}
