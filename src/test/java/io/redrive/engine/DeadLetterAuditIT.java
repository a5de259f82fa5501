package io.redrive.engine;

import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.ops.BulkOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

class DeadLetterAuditIT extends DeadLetterTestSupport {
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    @TempDir
    Path dir;

    @Test
    void everyOperatorActionIsAuditedWithWhoWhatHowManyAndHowItEnded() throws IOException {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", 5, d -> new IllegalStateException("outage"));
        DeadLetters letters = engine.deadLetters();
        String group = letters.show("orders", ids.get(0)).orElseThrow().group();
        Queue orders = engine.queue("orders");
        String later = orders.enqueue(OutgoingMessage.of("later").delay(Duration.ofHours(1)));
        String never = orders.enqueue(OutgoingMessage.of("never").delay(Duration.ofHours(1)));

        finished(letters.replay(DeadLetterTarget.ids("orders", ids.subList(0, 2)), ReplayOptions.defaults(ALICE)));
        clock.advance(Duration.ofSeconds(1));
        finished(letters.replay(DeadLetterTarget.ids("orders", ids.subList(1, 3)), ReplayOptions.defaults(BOB).toQueue("orders-v2")));
        clock.advance(Duration.ofSeconds(1));
        letters.edit("orders", ids.get(3), 0, "{\"fixed\":true}".getBytes(StandardCharsets.UTF_8), JSON, "fixed by hand", ALICE);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> letters.edit("orders", ids.get(3), 0, "{}".getBytes(StandardCharsets.UTF_8), JSON, "stale", BOB))
                .isInstanceOf(EditConflictException.class);
        clock.advance(Duration.ofSeconds(1));
        finished(letters.purge(DeadLetterTarget.group("orders", group), 0, ALICE));
        clock.advance(Duration.ofSeconds(1));
        finished(letters.restore("orders", List.of(), BOB));
        clock.advance(Duration.ofSeconds(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        letters.export(DeadLetterTarget.group("orders", group), out, null);
        Path file = Files.write(dir.resolve("group.jsonl"), out.toByteArray());
        assertThat(letters.importFrom(file, "orders-copy", ALICE)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        engine.retries().retryNow("orders", List.of(later), BOB);
        clock.advance(Duration.ofSeconds(1));
        engine.retries().kill("orders", List.of(never, later), ALICE);

        List<AuditEntry> newestFirst = engine.audit().list(AuditQuery.all());
        List<AuditEntry> all = new ArrayList<>(newestFirst);
        Collections.reverse(all);
        // every bulk operation is written when it starts too, with how many it set out to act on
        assertThat(all).filteredOn(e -> e.action().endsWith("-started"))
                .extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::count, AuditEntry::outcome).containsExactly(
                        tuple("replay-started", "alice", 2L, "started"),
                        tuple("replay-started", "bob", 2L, "started"),
                        tuple("purge-started", "alice", 2L, "started"),
                        tuple("restore-started", "bob", 2L, "started"));
        List<AuditEntry> log = all.stream().filter(e -> !e.action().endsWith("-started")).toList();

        assertThat(log).extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::count, AuditEntry::outcome).containsExactly(
                tuple("replay", "alice", 2L, "ok"),
                tuple("replay", "bob", 1L, "ok, 1 skipped"),
                tuple("edit", "alice", 1L, "ok"),
                tuple("edit", "bob", 0L, "failed: edit conflict"),
                tuple("purge", "alice", 2L, "ok"),
                tuple("restore", "bob", 2L, "ok"),
                tuple("import", "alice", 2L, "ok"),
                tuple("retry-now", "bob", 1L, "ok"),
                tuple("kill", "alice", 1L, "ok, 1 no longer scheduled"));
        assertThat(log).extracting(AuditEntry::at).isSorted();
        assertThat(log.get(0).target()).isEqualTo("2 messages in queue orders");
        assertThat(log.get(0).details()).containsEntry("to", "own queue");
        assertThat(log.get(1).details()).containsEntry("to", "queue orders-v2").containsEntry("skipped", "1");
        assertThat(log.get(2).target()).isEqualTo("message " + ids.get(3) + " in queue orders");
        assertThat(log.get(2).details()).containsEntry("version", "1").containsEntry("why", "fixed by hand");
        assertThat(log.get(4).target()).contains("group " + group);
        assertThat(log.get(6).target()).isEqualTo("group.jsonl into queue orders-copy");
        assertThat(engine.audit().list(AuditQuery.builder().action("edit").build())).hasSize(2);
        assertThat(engine.audit().list(AuditQuery.builder().actor("bob").build())).hasSize(6);
    }

    @Test
    void aCancelledBulkReplayIsAuditedWithHowFarItGot() {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", 2, d -> new IllegalStateException("outage"));
        GateTicker ticker = new GateTicker();
        DeadLetters letters = new DeadLetters(engine, ticker);

        BulkOperation replay = letters.replay(DeadLetterTarget.ids("orders", ids), ReplayOptions.defaults(ALICE).rate(1));
        await().atMost(WAIT).until(ticker::isWaiting);
        replay.cancel();
        BulkOperation.Progress last = finished(replay);

        assertThat(last.state()).isEqualTo(BulkOperation.State.CANCELLED);
        assertThat(last.processed()).isLessThan(2);
        assertThat(engine.queue("orders").counts().dead()).isEqualTo(2 - last.processed());
        assertThat(engine.audit().list(AuditQuery.builder().action("replay").build())).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("replay");
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.count()).isEqualTo(last.succeeded());
            assertThat(e.outcome()).isEqualTo("cancelled after " + last.processed());
        });
    }

    @Test
    void theAuditEntryOfABulkOperationIsThereOnceTheOperationHasEnded() {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", 30, d -> new IllegalStateException("outage"));
        DeadLetters letters = engine.deadLetters();

        for (int i = 0; i < ids.size(); i++) {
            finished(letters.replay(DeadLetterTarget.ids("orders", List.of(ids.get(i))), ReplayOptions.defaults(ALICE)));
            assertThat(engine.audit().list(AuditQuery.builder().action("replay").build())).as("entries after replay %d", i + 1).hasSize(i + 1);
        }
    }

    @Test
    void aRevertLeavesOneRevertEntryWithTheActorTheMessageAndBothVersions() {
        Engine engine = oneAttemptEngine();
        String id = deadLetters(engine, "orders", 1, d -> new IllegalStateException("outage")).get(0);
        DeadLetters letters = engine.deadLetters();
        letters.edit("orders", id, 0, "{\"fixed\":true}".getBytes(StandardCharsets.UTF_8), JSON, "fixed by hand", ALICE);

        letters.revert("orders", id, 0, 1, null, BOB);

        AuditEntry revert = engine.audit().list(AuditQuery.builder().action("revert").build()).get(0);
        assertThat(engine.audit().list(AuditQuery.builder().action("revert").build())).hasSize(1);
        assertThat(revert.actor()).isEqualTo("bob");
        assertThat(revert.target()).isEqualTo("message " + id + " in queue orders");
        assertThat(revert.details()).containsEntry("from", "1").containsEntry("to", "0").containsEntry("version", "2")
                .containsEntry("why", "revert to version 0");
        // the earlier edit is the only edit: the revert is not recorded as one too
        assertThat(engine.audit().list(AuditQuery.builder().action("edit").build())).singleElement()
                .extracting(AuditEntry::actor).isEqualTo("alice");
    }

    @Test
    void movingDeadLettersToTheTrashLeavesOnePurgeEntryNamingTheActorAndTheIds() {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", 3, d -> new IllegalStateException("outage"));

        finished(engine.deadLetters().purge(DeadLetterTarget.ids("orders", ids.subList(0, 2)), 0, ALICE));

        assertThat(engine.audit().list(AuditQuery.builder().action("purge").build())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.count()).isEqualTo(2);
            assertThat(e.details()).containsEntry("ids", ids.get(0) + ", " + ids.get(1));
        });
        assertThat(engine.deadLetters().trash("orders", 10)).hasSize(2);
    }
}
