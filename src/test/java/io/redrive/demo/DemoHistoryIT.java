package io.redrive.demo;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheOptions;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.MinuteMetrics;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DemoHistoryIT {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final ZonedDateTime NOW = ZonedDateTime.of(2024, 3, 14, 15, 0, 30, 0, ZONE);
    private static final Clock CLOCK = Clock.fixed(NOW.toInstant(), ZONE);

    @Test
    void theSeededDayHasAMorningOutageAReplayThatFixesItAndNothingInTheFuture() {
        String prefix = TestRedis.newPrefix();
        DemoHistory.Summary summary = DemoHistory.seed(TestRedis.url(), prefix, CLOCK, ZONE, 15);
        assertThat(summary.messages()).as("bounded").isBetween(1_000L, 5_000L);
        Instant now = NOW.toInstant();
        Instant dayAgo = now.minusSeconds(24 * 3600 + 60);
        try (Engine engine = reader(prefix)) {
            // the outage's failure group, first seen in the morning window; the replayed one is gone
            FailureGroup outage = engine.deadLetters().groups("graph").stream()
                    .filter(g -> g.exceptionClass().equals(ConnectException.class.getName())).findFirst().orElseThrow();
            assertThat(local(outage.firstSeen())).isBetween(LocalTime.of(7, 30), LocalTime.of(8, 15));
            assertThat(outage.firstSeen().atZone(ZONE).toLocalDate()).isEqualTo(NOW.toLocalDate());
            assertThat(outage.count()).isPositive();
            assertThat(engine.deadLetters().groups("embeddings"))
                    .noneMatch(g -> g.exceptionClass().equals(ConnectException.class.getName()));

            // the operator's replay at 08:40
            List<AuditEntry> replays = engine.audit().list(AuditQuery.builder().action("replay").build());
            assertThat(replays).hasSize(1);
            AuditEntry replay = replays.get(0);
            assertThat(replay.actor()).isEqualTo(DemoHistory.OPERATOR.name());
            assertThat(local(replay.at())).isBetween(LocalTime.of(8, 40), LocalTime.of(8, 41));
            assertThat(replay.count()).isGreaterThan(20);

            // per-minute metrics peak in the outage, and the replayed messages succeeded
            List<MinuteMetrics> embeddings = engine.queue("embeddings").metrics(dayAgo, now);
            MinuteMetrics peak = embeddings.stream().max(Comparator.comparingLong(MinuteMetrics::deadLettered)).orElseThrow();
            assertThat(local(peak.minute())).isBetween(LocalTime.of(7, 30), LocalTime.of(8, 20));
            MinuteMetrics retries = embeddings.stream().max(Comparator.comparingLong(MinuteMetrics::retried)).orElseThrow();
            assertThat(local(retries.minute())).isBetween(LocalTime.of(7, 30), LocalTime.of(8, 20));
            long succeededAfterReplay = embeddings.stream()
                    .filter(m -> local(m.minute()).isAfter(LocalTime.of(8, 39)) && local(m.minute()).isBefore(LocalTime.of(8, 45)))
                    .mapToLong(MinuteMetrics::succeeded).sum();
            assertThat(succeededAfterReplay).isGreaterThanOrEqualTo(replay.count());
            assertThat(engine.queue("embeddings").counts().dead()).isLessThan(replay.count());

            // dead letters spread over the day, every one in the past
            List<DeadLetter> dead = engine.deadLetters().page(DeadLetterQuery.builder().limit(1000).build()).items();
            assertThat(dead).allMatch(d -> !d.deadAt().isAfter(now) && d.deadAt().isAfter(dayAgo));
            assertThat(dead.stream().map(d -> d.deadAt().atZone(ZONE).getHour()).distinct().count())
                    .as("hours with dead letters").isGreaterThan(8);
            for (String queue : DemoWorkload.QUEUES) {
                assertThat(engine.queue(queue).metrics(dayAgo, now.plusSeconds(3600)))
                        .filteredOn(MinuteMetrics::active).isNotEmpty().allMatch(m -> m.minute().isBefore(now));
                assertThat(engine.queue(queue).counts().inFlight()).isZero();
                assertThat(engine.queue(queue).counts().ready()).isZero();
            }
            assertThat(engine.audit().list(AuditQuery.all())).allMatch(e -> !e.at().isAfter(now));
        }
        try (Cache cache = Cache.connect(CacheOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).clock(CLOCK).build())) {
            Map<Long, CacheCounters> minutes = cache.admin().minuteTotals(dayAgo, now.plusSeconds(3600));
            assertThat(minutes.entrySet()).filteredOn(e -> !e.getValue().equals(CacheCounters.ZERO)).isNotEmpty()
                    .allMatch(e -> e.getKey() * 60_000 < now.toEpochMilli());
            Map<Boolean, List<CacheCounters>> split = minutes.entrySet().stream().collect(Collectors.partitioningBy(
                    e -> inOutage(Instant.ofEpochSecond(e.getKey() * 60)),
                    Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
            assertThat(hitRate(split.get(false))).as("hit rate outside the outage").isGreaterThan(0.8);
            assertThat(hitRate(split.get(true))).as("hit rate in the outage").isLessThan(0.7);
        }
    }

    @Test
    void oneSeedAlwaysTellsTheSameStory() {
        String first = TestRedis.newPrefix();
        String second = TestRedis.newPrefix();
        DemoHistory.seed(TestRedis.url(), first, CLOCK, ZONE, 7);
        DemoHistory.seed(TestRedis.url(), second, CLOCK, ZONE, 7);
        try (Engine a = reader(first); Engine b = reader(second)) {
            for (String queue : DemoWorkload.QUEUES) {
                Instant from = NOW.toInstant().minusSeconds(26 * 3600);
                assertThat(withoutIds(a.queue(queue).metrics(from, NOW.toInstant())))
                        .as(queue).isEqualTo(withoutIds(b.queue(queue).metrics(from, NOW.toInstant())));
                assertThat(a.queue(queue).counts().dead()).isEqualTo(b.queue(queue).counts().dead());
            }
        }
    }

    private static List<String> withoutIds(List<MinuteMetrics> metrics) {
        return metrics.stream().map(MinuteMetrics::toString).toList();
    }

    private static Engine reader(String prefix) {
        return Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).clock(CLOCK).upkeep(false).build());
    }

    private static boolean inOutage(Instant minute) {
        LocalTime t = local(minute);
        return !t.isBefore(LocalTime.of(7, 30)) && t.isBefore(LocalTime.of(8, 15));
    }

    private static double hitRate(List<CacheCounters> minutes) {
        long hits = minutes.stream().mapToLong(CacheCounters::hits).sum();
        long misses = minutes.stream().mapToLong(CacheCounters::misses).sum();
        return hits / (double) (hits + misses);
    }

    private static LocalTime local(Instant at) {
        return at.atZone(ZONE).toLocalTime();
    }
}
