package io.redrive.ops;

import io.redrive.testing.TestRedis;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log on a real Redis: recording, filters, paging, time ranges and export. */
class AuditLogIT extends EngineTestSupport {
    private static final Actor ALICE = Actor.named("alice@ops-1");
    private static final Actor BOB = Actor.named("bob@laptop");

    @Test
    void recordedEntriesComeBackNewestFirstExactlyAsStored() {
        AuditLog audit = engine().audit();
        Instant start = clock.instant();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("queue", "documents");
        details.put("group", "3fa9c2");
        AuditEntry replay = audit.record(ALICE, "replay", "group 3fa9c2 in queue documents", 12, "ok", details);
        clock.advance(Duration.ofSeconds(1));
        AuditEntry purge = audit.record(BOB, "purge", "3 ids", 3, "partial: 1 was gone", null);
        clock.advance(Duration.ofSeconds(1));
        AuditEntry kill = audit.record(ALICE, "kill", "1 id", 1, "failed: not in flight", Map.of());

        assertThat(replay.id()).isEqualTo(start.toEpochMilli() + "-0");
        assertThat(replay.at()).isEqualTo(start);
        assertThat(audit.list(AuditQuery.all())).containsExactly(kill, purge, replay);
        AuditEntry stored = audit.list(AuditQuery.all()).get(2);
        assertThat(stored.details()).containsExactly(Map.entry("queue", "documents"), Map.entry("group", "3fa9c2"));
        assertThat(stored.count()).isEqualTo(12);
        assertThat(purge.details()).isEmpty();
    }

    @Test
    void entriesInTheSameMillisecondKeepTheirOrder() {
        AuditLog audit = engine().audit();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(audit.record(ALICE, "edit", "message " + i, 1, "ok", null).id());
        }
        long ms = clock.millis();
        assertThat(ids).containsExactly(ms + "-0", ms + "-1", ms + "-2", ms + "-3", ms + "-4");
        assertThat(audit.list(AuditQuery.all()).stream().map(AuditEntry::target))
                .containsExactly("message 4", "message 3", "message 2", "message 1", "message 0");
    }

    @Test
    void anEngineWhoseClockIsBehindStillAppendsAfterTheNewestEntry() {
        AuditLog ahead = engine().audit();
        TestClock behindClock = new TestClock(clock.instant().minus(Duration.ofMinutes(5)));
        AuditLog behind = engine(b -> b.clock(behindClock)).audit();

        AuditEntry first = ahead.record(ALICE, "replay", "queue documents", 4, "ok", null);
        AuditEntry second = behind.record(BOB, "purge", "queue documents", 4, "ok", null);

        assertThat(second.id()).isEqualTo(clock.millis() + "-1");
        assertThat(second.at()).as("the entry keeps its own engine's time").isEqualTo(behindClock.instant());
        assertThat(ahead.list(AuditQuery.all())).containsExactly(second, first);
    }

    @Test
    void anAppendSentAgainAfterAReconnectIsStoredOnce() {
        AuditLog audit = engine().audit();
        AuditEntry once = audit.record(ALICE, "purge", "queue documents", 10, "ok", null, "token-1");
        clock.advance(Duration.ofSeconds(1));
        AuditEntry again = audit.record(ALICE, "purge", "queue documents", 10, "ok", null, "token-1");
        AuditEntry other = audit.record(ALICE, "purge", "queue documents", 10, "ok", null, "token-2");

        assertThat(again.id()).isEqualTo(once.id());
        assertThat(audit.list(AuditQuery.all()).stream().map(AuditEntry::id)).containsExactly(other.id(), once.id());
    }

    @Test
    void eachFilterKeepsOnlyMatchingEntries() {
        AuditLog audit = engine().audit();
        audit.record(ALICE, "replay", "group 3fa9c2 in queue documents", 12, "ok", Map.of("queue", "documents"));
        audit.record(BOB, "purge", "3 ids", 3, "ok", Map.of("ids", "m-1,m-2,m-3"));
        audit.record(ALICE, "edit", "message m-7 in queue summaries", 1, "failed: message gone", null);
        audit.record(BOB, "replay", "5 ids", 5, "partial: 2 were not dead", Map.of("queue", "summaries"));

        assertThat(targets(audit, AuditQuery.builder().action("REPLAY"))).containsExactly("5 ids", "group 3fa9c2 in queue documents");
        assertThat(targets(audit, AuditQuery.builder().actor("Bob@"))).containsExactly("5 ids", "3 ids");
        assertThat(targets(audit, AuditQuery.builder().text("summaries")))
                .as("the text is looked for in targets and detail values").containsExactly("5 ids", "message m-7 in queue summaries");
        assertThat(targets(audit, AuditQuery.builder().text("m-2"))).containsExactly("3 ids");
        assertThat(targets(audit, AuditQuery.builder().text("failed"))).as("and in outcomes").containsExactly("message m-7 in queue summaries");
        assertThat(targets(audit, AuditQuery.builder().action("replay").actor("alice"))).containsExactly("group 3fa9c2 in queue documents");
        assertThat(targets(audit, AuditQuery.builder().action("restore"))).isEmpty();
        assertThat(targets(audit, AuditQuery.builder().limit(2))).containsExactly("5 ids", "message m-7 in queue summaries");
    }

    @Test
    void pagingWithTheCursorYieldsEveryEntryExactlyOnce() {
        AuditLog audit = engine().audit();
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            recorded.add(0, audit.record(ALICE, "retry-now", "message " + i, 1, "ok", null).id());
            clock.advance(Duration.ofMillis(i % 3));   // some entries share a millisecond, some do not
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        while (true) {
            List<AuditEntry> page = audit.list(AuditQuery.builder().limit(7).before(cursor).build());
            pageSizes.add(page.size());
            page.forEach(e -> seen.add(e.id()));
            if (page.size() < 7) {
                break;
            }
            cursor = page.get(page.size() - 1).id();
        }
        assertThat(seen).containsExactlyElementsOf(recorded);
        assertThat(pageSizes).containsExactly(7, 7, 7, 4);
    }

    @Test
    void aFilteredPageIsFullWheneverMoreEntriesMatch() {
        AuditLog audit = engine().audit();
        List<String> purges = new ArrayList<>();
        // 2,500 entries, 1 in 400 a purge: a page of 4 purges reads more than one 1,000-entry chunk
        for (int i = 0; i < 2_500; i++) {
            boolean purge = i % 400 == 0;
            AuditEntry entry = audit.record(BOB, purge ? "purge" : "edit", "message " + i, 1, "ok", null);
            if (purge) {
                purges.add(0, entry.id());
            }
        }
        assertThat(purges).hasSize(7);

        AuditQuery purgesOnly = AuditQuery.builder().action("purge").limit(4).build();
        List<AuditEntry> first = audit.list(purgesOnly);
        List<AuditEntry> second = audit.list(purgesOnly.mutate().before(first.get(first.size() - 1).id()).build());

        assertThat(first).extracting(AuditEntry::id).containsExactlyElementsOf(purges.subList(0, 4));
        assertThat(second).extracting(AuditEntry::id).containsExactlyElementsOf(purges.subList(4, 7));
        assertThat(audit.list(AuditQuery.builder().limit(1000).build())).hasSize(1000);
    }

    @Test
    void aTimeRangeSelectsEntriesByTheEnginesClockToTheMillisecond() {
        AuditLog audit = engine().audit();
        Instant start = clock.instant();
        for (int hour = 0; hour < 4; hour++) {
            audit.record(ALICE, "replay", "hour " + hour, 1, "ok", null);
            audit.record(ALICE, "replay", "hour " + hour + " again", 1, "ok", null);
            clock.advance(Duration.ofHours(1));
        }

        AuditQuery middle = AuditQuery.builder().from(start.plus(Duration.ofHours(1))).to(start.plus(Duration.ofHours(2))).build();
        assertThat(targets(audit, middle.mutate())).containsExactly("hour 2 again", "hour 2", "hour 1 again", "hour 1");
        assertThat(targets(audit, middle.mutate().to(start.plus(Duration.ofHours(2)).minusMillis(1))))
                .containsExactly("hour 1 again", "hour 1");
        assertThat(targets(audit, AuditQuery.builder().from(start.plus(Duration.ofHours(3)))))
                .containsExactly("hour 3 again", "hour 3");
        assertThat(targets(audit, AuditQuery.builder().to(start))).containsExactly("hour 0 again", "hour 0");

        // a cursor inside the range continues within it
        String cursor = audit.list(middle.mutate().limit(1).build()).get(0).id();
        assertThat(targets(audit, middle.mutate().before(cursor))).containsExactly("hour 2", "hour 1 again", "hour 1");
    }

    @Test
    void exportWritesOneParseableJsonLinePerMatchingEntryAcrossPages() throws IOException {
        AuditLog audit = engine().audit();
        int replays = 0;
        for (int i = 0; i < AuditLog.EXPORT_PAGE * 2 + 30; i++) {
            boolean replay = i % 10 != 0;
            replays += replay ? 1 : 0;
            audit.record(i % 2 == 0 ? ALICE : BOB, replay ? "replay" : "kill", "message " + i, i, "ok",
                    Map.of("index", Integer.toString(i)));
            clock.advance(Duration.ofMillis(1));
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = audit.export(AuditQuery.builder().action("replay").limit(3).build(), out);

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(written).isEqualTo(replays);
        assertThat(lines).hasSize(replays);
        ObjectMapper mapper = new ObjectMapper();
        Set<String> ids = new HashSet<>();
        long previous = Long.MAX_VALUE;
        for (String line : lines) {
            JsonNode json = mapper.readTree(line);
            assertThat(json.get("action").asText()).isEqualTo("replay");
            int index = Integer.parseInt(json.get("details").get("index").asText());
            assertThat(json.get("target").asText()).isEqualTo("message " + index);
            assertThat(json.get("count").asLong()).isEqualTo(index);
            assertThat(json.get("outcome").asText()).isEqualTo("ok");
            assertThat(json.get("actor").asText()).isEqualTo(index % 2 == 0 ? "alice@ops-1" : "bob@laptop");
            Instant at = Instant.parse(json.get("at").asText());
            assertThat(at.toEpochMilli()).isLessThan(previous);
            previous = at.toEpochMilli();
            ids.add(json.get("id").asText());
        }
        assertThat(ids).hasSize(replays);
    }

    @Test
    void theLogIsCappedSoItCannotGrowWithoutBound() {
        KeySchema keys = new KeySchema(prefix);
        try (RedisConnection redis = RedisConnection.open(TestRedis.url(), Duration.ofSeconds(5))) {
            AuditLog small = new AuditLog(redis, keys, clock, 100);
            for (int i = 0; i < 1_000; i++) {
                small.record(ALICE, "edit", "message " + i, 1, "ok", null);
            }
            long length = redis.await(redis.commands().xlen(keys.audit()));
            // MAXLEN ~ trims whole stream nodes (100 entries each by default), so it keeps at least the cap, a little more
            assertThat(length).isBetween(100L, 300L);
            assertThat(small.list(AuditQuery.all()).get(0).target()).isEqualTo("message 999");
        }
    }

    @Test
    void anIncompleteEntryIsRejectedBeforeAnythingIsStored() {
        AuditLog audit = engine().audit();
        assertThatThrownBy(() -> audit.record(ALICE, " ", "3 ids", 3, "ok", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action");
        assertThatThrownBy(() -> audit.record(ALICE, "purge", "3 ids", -1, "ok", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> audit.record(ALICE, "purge", "3 ids", 3, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome");
        assertThat(audit.list(AuditQuery.all())).isEmpty();
    }

    private static List<String> targets(AuditLog audit, AuditQuery.Builder query) {
        return audit.list(query.build()).stream().map(AuditEntry::target).toList();
    }
}
