package io.redrive.engine;

import io.redrive.ops.BulkOperation;
import io.redrive.redis.KeySchema.QueueKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTrashIT extends DeadLetterTestSupport {

    @Test
    void purgingAGroupTakesItsLettersOutOfListsAndGroupsAndIntoTheTrash() {
        Engine engine = oneAttemptEngine();
        List<String> doomed = deadLetters(engine, "orders", 3, d -> new IllegalStateException("obsolete order format"));
        List<String> kept = deadLetters(engine, "orders", 2, d -> new IllegalArgumentException("missing address"));
        DeadLetters letters = engine.deadLetters();
        String group = letters.show("orders", doomed.get(0)).orElseThrow().group();
        clock.advance(Duration.ofMinutes(10));

        BulkOperation.Progress purge = finished(letters.purge(DeadLetterTarget.group("orders", group), 0, ALICE));

        assertThat(purge.succeeded()).isEqualTo(3);
        assertThat(ids(allPages(letters, DeadLetterQuery.builder().queue("orders").build()))).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(letters.count(DeadLetterQuery.builder().errorClass(IllegalStateException.class.getName()).build())).isZero();
        assertThat(letters.groups("orders")).extracting(FailureGroup::fingerprint).doesNotContain(group).hasSize(1);
        assertThat(engine.queue("orders").counts().dead()).isEqualTo(2);
        assertThat(letters.trashCount("orders")).isEqualTo(3);
        assertThat(ids(letters.trash("orders", 10))).containsExactlyInAnyOrderElementsOf(doomed);
        DeadLetterDetail trashed = letters.show("orders", doomed.get(1)).orElseThrow();
        assertThat(trashed.message().state()).isEqualTo(MessageState.TRASHED);
        assertThat(trashed.timeline()).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo("purged");
            assertThat(e.at()).isEqualTo(clock.instant());
            assertThat(e.attributes()).containsEntry("by", "alice");
        });
        BulkOperation.Progress replay = finished(letters.replay(DeadLetterTarget.ids("orders", doomed), ReplayOptions.defaults(BOB)));
        assertThat(replay.succeeded()).as("a trashed message cannot be replayed").isZero();
    }

    @Test
    void restoringBringsLettersBackIntoListsAndGroupsWithTheirOriginalTimeOfDeath() {
        Engine engine = oneAttemptEngine();
        Instant died = clock.instant();
        List<String> doomed = deadLetters(engine, "orders", 3, d -> new IllegalStateException("obsolete order format"));
        DeadLetters letters = engine.deadLetters();
        FailureGroup before = letters.groups("orders").get(0);
        clock.advance(Duration.ofHours(1));
        finished(letters.purge(DeadLetterTarget.ids("orders", doomed), 0, ALICE));
        assertThat(letters.groups("orders")).isEmpty();
        clock.advance(Duration.ofHours(1));

        BulkOperation.Progress restore = finished(letters.restore("orders", List.of(doomed.get(0), doomed.get(1)), BOB));

        assertThat(restore.succeeded()).isEqualTo(2);
        List<DeadLetter> back = allPages(letters, DeadLetterQuery.builder().queue("orders").build());
        assertThat(ids(back)).containsExactlyInAnyOrder(doomed.get(0), doomed.get(1));
        assertThat(back).extracting(DeadLetter::deadAt).containsOnly(died);
        assertThat(letters.count(DeadLetterQuery.builder().queue("orders").between(died, died).build())).isEqualTo(2);
        assertThat(letters.groups("orders")).singleElement().satisfies(g -> {
            assertThat(g.fingerprint()).isEqualTo(before.fingerprint());
            assertThat(g.count()).isEqualTo(2);
            assertThat(g.firstSeen()).isEqualTo(died);
            assertThat(g.perHour()).containsExactly(Map.entry(Instant.parse("2026-11-25T12:00:00Z"), 2L));
        });
        assertThat(ids(letters.trash("orders", 10))).containsExactly(doomed.get(2));
        assertThat(engine.queue("orders").timeline(doomed.get(0))).extracting(TimelineEvent::type).endsWith("purged", "restored");

        finished(letters.restore("orders", List.of(), BOB));

        assertThat(letters.trashCount("orders")).isZero();
        assertThat(letters.groups("orders")).singleElement().extracting(FailureGroup::count).isEqualTo(3L);
    }

    @Test
    void aLetterRestoredAfterItsRetentionIsDatedToTheRestoreSoTheNextSweepKeepsIt() {
        RetryPolicy keepADay = ONE_ATTEMPT.mutate().deadLetterRetention(Duration.ofDays(1)).build();
        Engine engine = engine(b -> b.defaultPolicy(keepADay).trashRetention(Duration.ofDays(3)));
        String id = deadLetter(engine, "orders", OutgoingMessage.of("old"), d -> new IllegalStateException("obsolete"));
        DeadLetters letters = engine.deadLetters();
        finished(letters.purge(DeadLetterTarget.ids("orders", List.of(id)), 0, ALICE));
        clock.advance(Duration.ofDays(2));

        finished(letters.restore("orders", List.of(id), BOB));
        assertThat(engine.upkeep().runOnce().swept()).isZero();

        assertThat(letters.page(DeadLetterQuery.builder().queue("orders").build()).items()).singleElement()
                .extracting(DeadLetter::deadAt).isEqualTo(clock.instant());
        assertThat(letters.groups("orders")).singleElement().extracting(FailureGroup::count).isEqualTo(1L);
    }

    @Test
    void theUpkeepDeletesTrashOlderThanItsRetentionWithTimelinesAndVersions() {
        Engine engine = engine(b -> b.defaultPolicy(ONE_ATTEMPT).trashRetention(Duration.ofHours(24)));
        List<String> early = deadLetters(engine, "orders", 2, d -> new IllegalStateException("obsolete"));
        String late = deadLetter(engine, "orders", OutgoingMessage.json("{\"late\":true}"), d -> new IllegalStateException("obsolete"));
        DeadLetters letters = engine.deadLetters();
        letters.edit("orders", early.get(0), 0, "{\"edited\":true}".getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"), "kept a version", ALICE);
        QueueKeys keys = engine.queue("orders").keys();
        assertThat(exists(engine, keys.versions(early.get(0)))).isTrue();
        finished(letters.purge(DeadLetterTarget.ids("orders", early), 0, ALICE));
        clock.advance(Duration.ofHours(1));
        finished(letters.purge(DeadLetterTarget.ids("orders", List.of(late)), 0, ALICE));

        clock.advance(Duration.ofHours(23));
        assertThat(engine.upkeep().runOnce().swept()).as("exactly at the retention").isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(engine.upkeep().runOnce().swept()).isEqualTo(2);

        for (String id : early) {
            assertThat(engine.queue("orders").message(id)).isEmpty();
            assertThat(exists(engine, keys.message(id))).isFalse();
            assertThat(exists(engine, keys.events(id))).isFalse();
            assertThat(exists(engine, keys.versions(id))).isFalse();
        }
        assertThat(ids(letters.trash("orders", 10))).containsExactly(late);
        assertThat(engine.queue("orders").timeline(late)).isNotEmpty();
    }

    @Test
    void theDeadLetterRetentionSweepClearsTheClassGroupAndAttemptsIndexesToo() {
        RetryPolicy keepADay = ONE_ATTEMPT.mutate().deadLetterRetention(Duration.ofDays(1)).build();
        Engine engine = engine(b -> b.defaultPolicy(keepADay));
        List<String> timeouts = deadLetters(engine, "orders", 3, d -> new IllegalStateException("timeout"));
        List<String> invalid = deadLetters(engine, "orders", 2, d -> new IllegalArgumentException("invalid"));
        DeadLetters letters = engine.deadLetters();
        List<String> groups = letters.groups("orders").stream().map(FailureGroup::fingerprint).toList();
        assertThat(groups).hasSize(2);

        clock.advance(Duration.ofDays(1).plusMillis(1));
        assertThat(engine.upkeep().runOnce().swept()).isEqualTo(5);

        QueueKeys keys = engine.queue("orders").keys();
        assertThat(size(engine, keys.dead())).isZero();
        assertThat(size(engine, keys.deadByAttempts())).isZero();
        assertThat(size(engine, keys.deadByClass(IllegalStateException.class.getName()))).isZero();
        assertThat(size(engine, keys.deadByClass(IllegalArgumentException.class.getName()))).isZero();
        assertThat(size(engine, keys.groups())).isZero();
        for (String group : groups) {
            assertThat(size(engine, keys.deadByGroup(group))).isZero();
            assertThat(exists(engine, keys.group(group))).as("group %s", group).isFalse();
        }
        for (String id : timeouts) {
            assertThat(exists(engine, keys.message(id))).isFalse();
        }
        assertThat(exists(engine, keys.events(invalid.get(0)))).isFalse();
        assertThat(letters.groups("orders")).isEmpty();
        assertThat(letters.count(DeadLetterQuery.builder().build())).isZero();
        assertThat(letters.page(DeadLetterQuery.builder().sort(DeadLetterQuery.Sort.MOST_ATTEMPTS).build()).items()).isEmpty();
    }

    private static boolean exists(Engine engine, String key) {
        return engine.redis().await(engine.redis().commands().exists(key)) == 1;
    }

    private static long size(Engine engine, String key) {
        return engine.redis().await(engine.redis().commands().zcard(key));
    }
}
