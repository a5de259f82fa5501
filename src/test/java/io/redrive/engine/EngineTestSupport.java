package io.redrive.engine;

import io.redrive.testing.TestClock;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Engines on the test Redis with a key prefix of their own, closed after each test, checked for consistency. */
public abstract class EngineTestSupport {
    protected final String prefix = TestRedis.newPrefix();
    protected final TestClock clock = new TestClock();
    private final List<Engine> engines = new ArrayList<>();

    /** An engine on this test's prefix with the test clock and no background ticking (tests tick by hand). */
    protected Engine engine(UnaryOperator<EngineOptions.Builder> customize) {
        EngineOptions.Builder builder = EngineOptions.builder()
                .redisUrl(TestRedis.url())
                .keyPrefix(prefix)
                .clock(clock)
                .upkeep(false)
                .commandTimeout(Duration.ofSeconds(5));
        Engine engine = Engine.connect(customize.apply(builder).build());
        engines.add(engine);
        return engine;
    }

    protected Engine engine() {
        return engine(b -> b);
    }

    protected static RetryPolicy policy(int maxAttempts, Duration backoffBase) {
        return RetryPolicy.builder().maxAttempts(maxAttempts).backoff(Backoff.exponential(backoffBase)).build();
    }

    protected static WorkerOptions fastWorker() {
        return WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void checkAndClose() {
        try {
            if (!engines.isEmpty()) {
                CheckReport report = engines.get(0).check();
                assertThat(report.problems()).as("consistency check after the test").isEmpty();
            }
        } finally {
            engines.forEach(Engine::close);
        }
    }
}
