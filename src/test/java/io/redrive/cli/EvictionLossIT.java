package io.redrive.cli;

import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.redis.KeySchema;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What eviction does to a queue, done deterministically: message hashes vanish while their ids stay in the ready
 * index (on a real allkeys-lru server which ones go is chance, and the indexes themselves may go too). The worker
 * cannot deliver them, but they are no longer lost without a word: lease counts each one, {@code redrive check}
 * says how many the queue lost and exits 1, and a repair records the loss in the audit log before it clears it.
 */
class EvictionLossIT {
    private final String prefix = TestRedis.newPrefix();
    private final QueueKeys keys = new KeySchema(prefix).queue("orders");

    @Test
    void messagesWhoseHashesVanishedAreCountedAndCheckReportsTheLossUntilARepairRecordsIt() {
        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .upkeep(false).build())) {
            Queue queue = engine.queue("orders");
            List<OutgoingMessage> messages = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                messages.add(OutgoingMessage.of("{\"n\":" + i + "}"));
            }
            List<String> ids = queue.enqueueAll(messages);
            List<String> vanished = new ArrayList<>();
            try (RedisConnection raw = RedisConnection.open(TestRedis.url(), Duration.ofSeconds(5))) {
                for (int i = 0; i < 100; i += 15) {
                    vanished.add(ids.get(i));
                    raw.await(raw.commands().del(keys.message(ids.get(i)), keys.events(ids.get(i))));  // as eviction would
                }
            }
            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (Worker worker = engine.worker("orders", d -> handled.add(d.id()), WorkerOptions.builder().build())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> queue.counts().ready() == 0 && queue.counts().inFlight() == 0);
            }
            assertThat(handled).hasSize(93);

            CommandLineRun check = CommandLineRun.of("check", "--redis", TestRedis.url(), "--prefix", prefix);
            assertThat(check.exitCode()).isEqualTo(1);
            assertThat(check.out()).contains("Queue 'orders' lost 7 messages: their ready index pointed at messages that "
                    + "no longer exist (last one ");
            String last = check.out().split("\\(last one ")[1].split(" ")[0];
            assertThat(vanished).contains(last);

            CommandLineRun repair = CommandLineRun.of("check", "--redis", TestRedis.url(), "--prefix", prefix, "--repair", "--yes",
                    "--actor", "ops@example.com");
            assertThat(repair.exitCode()).as(repair.all()).isZero();
            CommandLineRun audit = CommandLineRun.of("audit", "--redis", TestRedis.url(), "--prefix", prefix, "--json");
            assertThat(audit.out()).contains("repair").contains("ops@example.com");
            assertThat(CommandLineRun.of("check", "--redis", TestRedis.url(), "--prefix", prefix).exitCode()).isZero();
        }
    }
}
