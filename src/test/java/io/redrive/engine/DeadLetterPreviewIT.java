package io.redrive.engine;

import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.ops.BulkOperation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A dry run fixes the set it counted: the confirmed action acts on exactly that, whatever arrives meanwhile. */
class DeadLetterPreviewIT extends DeadLetterTestSupport {
    /** One throw site, so every message this fails lands in the same failure group. */
    private static final Function<Delivery, Exception> OFFLINE = d -> new IllegalStateException("warehouse offline");

    @Test
    void aConfirmedReplayActsOnExactlyThePreviewedGroupAndLeavesLaterArrivalsAlone() {
        Engine engine = oneAttemptEngine();
        List<String> previewed = deadLetters(engine, "orders", 14, OFFLINE);
        DeadLetters letters = engine.deadLetters();
        FailureGroup group = letters.groups("orders").get(0);
        DeadLetterTarget target = DeadLetterTarget.group("orders", group.fingerprint());

        DryRun preview = letters.preview("replay", target, 0, null);
        List<String> arrived = deadLetters(engine, "orders", 6, OFFLINE);
        assertThat(letters.groups("orders")).singleElement().extracting(FailureGroup::count).isEqualTo(20L);

        BulkOperation replay = letters.replay(preview.previewId(), ReplayOptions.defaults(ALICE));
        BulkOperation.Progress done = finished(replay);

        assertThat(preview.count()).isEqualTo(14);
        assertThat(done.succeeded()).isEqualTo(14);
        assertThat(replay.leftAlone()).isEqualTo(6);
        Queue orders = engine.queue("orders");
        messages(orders, previewed).values().forEach(m -> assertThat(m.state()).isEqualTo(MessageState.READY));
        messages(orders, arrived).values().forEach(m -> assertThat(m.state()).isEqualTo(MessageState.DEAD));
        assertThat(orders.counts().dead()).isEqualTo(6);
        AuditEntry entry = engine.audit().list(AuditQuery.builder().action("replay").build()).get(0);
        assertThat(entry.count()).isEqualTo(14);
        assertThat(entry.outcome()).isEqualTo("ok; 6 new dead letters arrived after the preview and were not touched");
        assertThat(entry.details()).containsEntry("preview", preview.previewId()).containsEntry("arrivedAfterPreview", "6")
                .containsEntry("operation", replay.id());
    }

    @Test
    void aConfirmedPurgeActsOnExactlyThePreviewedFilter() {
        Engine engine = oneAttemptEngine();
        List<String> previewed = deadLetters(engine, "orders", 5, OFFLINE);
        DeadLetters letters = engine.deadLetters();
        DryRun preview = letters.preview("purge", DeadLetterTarget.matching(DeadLetterQuery.builder().queue("orders").build()), 0, null);
        List<String> arrived = deadLetters(engine, "orders", 3, OFFLINE);

        BulkOperation purge = letters.purge(preview.previewId(), 0, BOB);
        BulkOperation.Progress done = finished(purge);

        assertThat(done.succeeded()).isEqualTo(5);
        assertThat(purge.leftAlone()).isEqualTo(3);
        assertThat(letters.trashCount("orders")).isEqualTo(5);
        assertThat(ids(letters.trash("orders", 100))).containsExactlyInAnyOrderElementsOf(previewed);
        messages(engine.queue("orders"), arrived).values().forEach(m -> assertThat(m.state()).isEqualTo(MessageState.DEAD));
    }

    @Test
    void aConfirmedRestoreOfTheWholeTrashRestoresOnlyWhatThePreviewCounted() {
        Engine engine = oneAttemptEngine();
        DeadLetters letters = engine.deadLetters();
        List<String> first = deadLetters(engine, "orders", 4, OFFLINE);
        finished(letters.purge(DeadLetterTarget.ids("orders", first), 0, ALICE));
        DryRun preview = letters.previewRestore(Map.of("orders", List.of()));
        List<String> later = deadLetters(engine, "orders", 2, OFFLINE);
        finished(letters.purge(DeadLetterTarget.ids("orders", later), 0, ALICE));

        BulkOperation restore = letters.restore(preview.previewId(), BOB);
        BulkOperation.Progress done = finished(restore);

        assertThat(preview.count()).isEqualTo(4);
        assertThat(preview.sample()).hasSize(4);
        assertThat(done.succeeded()).isEqualTo(4);
        assertThat(restore.leftAlone()).isEqualTo(2);
        assertThat(ids(letters.trash("orders", 100))).containsExactlyInAnyOrderElementsOf(later);
        messages(engine.queue("orders"), first).values().forEach(m -> assertThat(m.state()).isEqualTo(MessageState.DEAD));
    }

    @Test
    void aPreviewIsCarriedOutOnceAndOnlyForItsOwnOperation() {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", 2, OFFLINE);
        DeadLetters letters = engine.deadLetters();
        DryRun preview = letters.preview("replay", DeadLetterTarget.ids("orders", ids), 0, null);

        assertThatThrownBy(() -> letters.purge(preview.previewId(), 0, ALICE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Preview " + preview.previewId() + " was made for a replay, not a purge");
        finished(letters.replay(preview.previewId(), ReplayOptions.defaults(ALICE)));
        assertThatThrownBy(() -> letters.replay(preview.previewId(), ReplayOptions.defaults(ALICE)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has expired, was carried out already");
        assertThatThrownBy(() -> letters.replay("not a preview", ReplayOptions.defaults(ALICE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a preview id");
    }

    @Test
    void aPreviewIsSharedThroughRedisSoAnotherProcessCanCarryItOut() {
        Engine console = oneAttemptEngine();
        Engine commandLine = oneAttemptEngine();
        List<String> ids = deadLetters(console, "orders", 3, OFFLINE);
        DryRun preview = console.deadLetters().preview("replay", DeadLetterTarget.matching(DeadLetterQuery.builder().queue("orders").build()), 0, "orders-v2");

        BulkOperation.Progress done = finished(commandLine.deadLetters().replay(preview.previewId(), ReplayOptions.defaults(BOB)));

        assertThat(done.succeeded()).isEqualTo(3);
        assertThat(messages(commandLine.queue("orders-v2"), ids)).as("into the preview's destination").hasSize(3);
    }

    @Test
    void aReplaysOutcomeSaysHowManySucceededAndWhichDiedAgainInWhichGroup() {
        Engine engine = engine(b -> b.defaultPolicy(ONE_ATTEMPT).replayedRetention(Duration.ofHours(24)));
        List<String> ids = deadLetters(engine, "orders", 10, OFFLINE);
        DeadLetters letters = engine.deadLetters();
        BulkOperation replay = letters.replay(letters.preview("replay", DeadLetterTarget.ids("orders", ids), 0, null).previewId(),
                ReplayOptions.defaults(ALICE));
        finished(replay);
        Operations operations = engine.operations();
        assertThat(operations.outcome(replay.id())).satisfies(o -> {
            assertThat(o.replayed()).isEqualTo(10);
            assertThat(o.pending()).isEqualTo(10);
            assertThat(o.settled()).isFalse();
        });

        // the fix works for even orders; odd ones fail again, in a new way
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        engine.worker("orders", d -> {
            seen.put(d.id(), true);
            if (d.text().matches(".*[13579]}")) {
                throw new IllegalArgumentException("tenant missing");
            }
        }, fastWorker());
        await().atMost(WAIT).until(() -> operations.outcome(replay.id()).settled());

        ReplayOutcome outcome = operations.outcome(replay.id());
        assertThat(outcome.succeeded()).isEqualTo(5);
        assertThat(outcome.diedAgain()).isEqualTo(5);
        assertThat(outcome.pending()).isZero();
        assertThat(outcome.groups()).singleElement().satisfies(g -> {
            assertThat(g.count()).isEqualTo(5);
            assertThat(g.exception()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(g.error()).isEqualTo("IllegalArgumentException: tenant missing");
        });
        assertThat(outcome.summary()).isEqualTo("5 succeeded, 5 died again, 0 pending");
        assertThat(operations.find(replay.id()).orElseThrow().outcome()).as("stored once settled").isEqualTo(outcome);
        operations.outcome(replay.id());
        assertThat(engine.audit().list(AuditQuery.builder().action("replay-outcome").build())).as("audited once")
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("5 succeeded, 5 died again, 0 pending");
                    assertThat(e.details()).containsEntry("operation", replay.id());
                });
        // a replayed message that succeeded can still be looked up, with its whole story
        String succeeded = ids.get(0);
        Queue orders = engine.queue("orders");
        assertThat(orders.message(succeeded).orElseThrow().state()).isEqualTo(MessageState.DONE);
        assertThat(orders.timeline(succeeded)).extracting(TimelineEvent::type).endsWith("replayed", "leased", "succeeded");
        assertThat(operations.recent(10)).extracting(OperationRecord::id).contains(replay.id());
    }

    @Test
    void theUpkeepSettlesAndAuditsAReplaysOutcomeWithoutAnyoneWatching() {
        Engine engine = engine(b -> b.defaultPolicy(ONE_ATTEMPT).upkeep(true).maintenanceInterval(Duration.ofMillis(20)));
        List<String> ids = deadLetters(engine, "orders", 4, OFFLINE);
        BulkOperation replay = engine.deadLetters().replay(DeadLetterTarget.ids("orders", ids), ReplayOptions.defaults(ALICE));
        finished(replay);
        engine.worker("orders", d -> { }, fastWorker());

        await().atMost(WAIT).until(() -> !engine.audit().list(AuditQuery.builder().action("replay-outcome").build()).isEmpty());

        assertThat(engine.audit().list(AuditQuery.builder().action("replay-outcome").build())).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("4 succeeded, 0 died again, 0 pending"));
        assertThat(engine.operations().find(replay.id()).orElseThrow().outcome()).isNotNull();
    }

    @Test
    void aMessageThatWasNeverReplayedIsStillDeletedWhenItSucceeds() {
        Engine engine = engine(b -> b.defaultPolicy(ONE_ATTEMPT).replayedRetention(Duration.ofHours(24)));
        Queue orders = engine.queue("orders");
        String id = orders.enqueue(OutgoingMessage.json("{\"order\":1}"));
        engine.worker("orders", d -> { }, fastWorker());

        await().atMost(WAIT).until(() -> orders.message(id).isEmpty());
    }
}
