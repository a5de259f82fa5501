package io.redrive.engine;

import io.redrive.ops.Actor;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.cache.NamespaceSettings;
import io.redrive.testing.EmbeddedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The engine on a real three-master Redis Cluster: every script's keys share its queue's slot. */
class ClusterIT {
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new EmbeddedCluster();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void queuesOnDifferentNodesRetryDeadLetterAndStayConsistent() {
        EngineOptions options = EngineOptions.builder().redisUrl(cluster.url()).keyPrefix("cluster-test")
                .clock(Clock.systemUTC()).doneRetention(Duration.ofHours(1))
                .maintenanceInterval(Duration.ofMillis(50)).build();
        try (Engine engine = Engine.connect(options)) {
            List<String> queues = List.of("documents", "summaries", "embeddings", "graph");
            Map<String, Integer> attempts = new ConcurrentHashMap<>();
            for (String name : queues) {
                Queue queue = engine.queue(name);
                queue.updatePolicy(RetryPolicy.builder().maxAttempts(2).backoff(Backoff.none()).build());
                List<OutgoingMessage> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(OutgoingMessage.of(name + " " + i).idempotencyKey(name + "-" + i));
                }
                queue.enqueueAll(batch);
                queue.enqueue(OutgoingMessage.of("later").delay(Duration.ofMillis(300)));
                engine.worker(name, d -> {
                    int attempt = attempts.merge(d.id(), 1, Integer::sum);
                    if (d.text().endsWith("7") || (attempt == 1 && d.text().endsWith("3"))) {
                        throw new IllegalStateException("fails on purpose");
                    }
                }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> queues.stream().allMatch(q -> {
                QueueCounts c = engine.queue(q).counts();
                return c.done() + c.dead() == 101;
            }));
            for (String name : queues) {
                QueueCounts counts = engine.queue(name).counts();
                assertThat(counts.dead()).as(name).isEqualTo(10);
                assertThat(counts.done()).as(name).isEqualTo(91);
            }
            CheckReport report = engine.check();
            assertThat(report.problems()).isEmpty();
            assertThat(report.messagesChecked()).isEqualTo(404);
        }
    }

    /** The cache's operator side on a Cluster: a settings change touches one key per script, so no CROSSSLOT. */
    @Test
    void cacheSettingsChangeOnACluster() {
        CacheOptions options = CacheOptions.builder().redisUrl(cluster.url()).keyPrefix("cluster-cache").build();
        try (Cache cache = Cache.connect(options)) {
            Instant before = Instant.now().minusSeconds(1);
            NamespaceSettings ttl = cache.admin().setTtl("document", Duration.ofSeconds(90), Actor.named("ops@example.com"));
            NamespaceSettings off = cache.admin().setEnabled("document", false, Actor.named("ops@example.com"));

            assertThat(ttl.ttl()).isEqualTo(Duration.ofSeconds(90));
            assertThat(off.ttl()).isEqualTo(Duration.ofSeconds(90));
            assertThat(off.enabled()).isFalse();
            assertThat(cache.admin().changes(before, Instant.now().plusSeconds(1))).hasSize(2);
        }
    }
}
