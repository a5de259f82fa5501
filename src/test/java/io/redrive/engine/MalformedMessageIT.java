package io.redrive.engine;

import io.redrive.redis.KeySchema.QueueKeys;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One message whose stored data cannot be read (damaged in Redis by hand, by another tool, by an old import) is
 * dead-lettered on its own with a plain error, and everything else keeps working: the rest of its batch, show,
 * edit, replay, the list, and import refuses to write such data in the first place.
 */
class MalformedMessageIT extends DeadLetterTestSupport {
    private static final RetryPolicy FIVE_ATTEMPTS = RetryPolicy.builder().maxAttempts(5).backoff(Backoff.none()).build();

    @Test
    void aMessageWithCorruptHeadersIsDeadLetteredAloneAndTheRestOfItsBatchSucceeds() {
        Engine engine = engine(b -> b.defaultPolicy(FIVE_ATTEMPTS));
        Queue queue = engine.queue("orders");
        List<String> ids = enqueue(queue, 50);
        String poison = ids.get(17);
        corrupt(engine, "orders", poison, "headers", "[1,2]");

        Set<String> handled = ConcurrentHashMap.newKeySet();
        // one batch holds all fifty, as when the poison message used to take its whole batch down with it
        Worker worker = engine.worker("orders", d -> handled.add(d.id()),
                fastWorker().mutate().concurrency(8).batchSize(50).build());
        try {
            await().atMost(WAIT).until(() -> worker.succeeded() == 49 && queue.counts().dead() == 1);
        } finally {
            worker.close();
        }

        List<String> healthy = new ArrayList<>(ids);
        healthy.remove(poison);
        assertThat(handled).containsExactlyInAnyOrderElementsOf(healthy);
        assertThat(worker.failed()).as("the handler never saw the poison message").isZero();
        Message dead = queue.message(poison).orElseThrow();
        assertThat(dead.state()).isEqualTo(MessageState.DEAD);
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.deadReason()).isEqualTo("non-retryable");
        assertThat(dead.lastError())
                .isEqualTo("MalformedMessageException: stored headers are not a JSON object of strings: '[1,2]'");
        // dead-lettered through the usual settle: indexed, grouped and listed like any other dead letter
        DeadLetter listed = engine.deadLetters().page(DeadLetterQuery.builder().queue("orders").build()).items().get(0);
        assertThat(listed.id()).isEqualTo(poison);
        assertThat(listed.errorClass()).isEqualTo(MalformedMessageException.class.getName());
        assertThat(engine.deadLetters().groups("orders")).singleElement()
                .satisfies(g -> assertThat(g.count()).isEqualTo(1));
        assertThat(engine.check().isClean()).isTrue();
    }

    @Test
    void showOpensAMessageWhoseHeadersAreNotJsonAndAnEditFixesItForAReplay() throws Exception {
        Engine engine = engine(b -> b.defaultPolicy(FIVE_ATTEMPTS));
        Queue queue = engine.queue("orders");
        String id = enqueue(queue, 1).get(0);
        corrupt(engine, "orders", id, "headers", "not json");
        runUntil(engine, queue, d -> { }, () -> queue.counts().dead() == 1);

        DeadLetters letters = engine.deadLetters();
        DeadLetterDetail detail = letters.show("orders", id).orElseThrow();
        assertThat(detail.hasMalformedHeaders()).isTrue();
        assertThat(detail.storedHeaders()).isEqualTo("not json");
        assertThat(detail.message().headers()).isEmpty();
        assertThat(detail.errors()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(MalformedMessageException.class.getName());
            assertThat(e.message()).isEqualTo("stored headers are not a JSON object of strings: 'not json'");
        });
        assertThat(detail.timeline()).extracting(TimelineEvent::type).contains("dead-lettered");
        assertThat(letters.page(DeadLetterQuery.builder().queue("orders").payloadText("order").build()).items())
                .as("a search that reads content lists it too").extracting(DeadLetter::id).containsExactly(id);

        int version = letters.edit("orders", id, detail.version(), detail.message().payload(),
                Map.of("content-type", "application/json", "tenant", "acme"), "headers were damaged", ALICE);
        DeadLetterDetail fixed = letters.show("orders", id).orElseThrow();
        assertThat(fixed.hasMalformedHeaders()).isFalse();
        assertThat(fixed.version()).isEqualTo(version);
        assertThat(fixed.message().headers()).containsEntry("tenant", "acme");

        finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)), ReplayOptions.defaults(ALICE)));
        Map<String, String> received = new ConcurrentHashMap<>();
        runUntil(engine, queue, d -> received.putAll(d.headers()), () -> !received.isEmpty());
        assertThat(received).containsEntry("tenant", "acme");
        await().atMost(WAIT).until(() -> queue.counts().dead() == 0 && queue.counts().inFlight() == 0);
    }

    @Test
    void aReplayCountThatIsNotANumberDeadLettersTheMessageAndTheListStillReadsIt() {
        Engine engine = engine(b -> b.defaultPolicy(FIVE_ATTEMPTS));
        Queue queue = engine.queue("orders");
        List<String> ids = enqueue(queue, 3);
        corrupt(engine, "orders", ids.get(1), "replays", "many");
        Set<String> handled = ConcurrentHashMap.newKeySet();
        runUntil(engine, queue, d -> handled.add(d.id()), () -> handled.size() == 2 && queue.counts().dead() == 1);

        assertThat(handled).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(queue.message(ids.get(1)).orElseThrow().lastError())
                .isEqualTo("MalformedMessageException: stored replay count is not a number: 'many'");
        assertThat(engine.deadLetters().page(DeadLetterQuery.builder().queue("orders").payloadText("order").build()).items())
                .extracting(DeadLetter::id).containsExactly(ids.get(1));
        assertThat(engine.deadLetters().show("orders", ids.get(1))).isPresent();
    }

    @Test
    void anAttemptCountThatIsNotANumberDeadLettersTheMessageInsteadOfStartingItsCountAgain() {
        Engine engine = engine(b -> b.defaultPolicy(FIVE_ATTEMPTS));
        Queue queue = engine.queue("orders");
        List<String> ids = enqueue(queue, 3);
        corrupt(engine, "orders", ids.get(1), "attempts", "lots");
        Set<String> handled = ConcurrentHashMap.newKeySet();
        runUntil(engine, queue, d -> handled.add(d.id()), () -> handled.size() == 2 && queue.counts().dead() == 1);

        assertThat(handled).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(queue.message(ids.get(1)).orElseThrow().lastError())
                .isEqualTo("MalformedMessageException: stored attempt count is not a number: 'lots'");
        assertThat(engine.check().isClean()).isTrue();
    }

    @Test
    void aMessageWhosePayloadFieldIsGoneIsDeadLetteredNotDroppedFromItsIndex() {
        Engine engine = engine(b -> b.defaultPolicy(FIVE_ATTEMPTS));
        Queue queue = engine.queue("orders");
        List<String> ids = enqueue(queue, 3);
        String key = engine.keys().queue("orders").message(ids.get(1));
        engine.redis().await(engine.redis().commands().hdel(key, "payload"));
        Set<String> handled = ConcurrentHashMap.newKeySet();
        runUntil(engine, queue, d -> handled.add(d.id()), () -> handled.size() == 2 && queue.counts().dead() == 1);

        assertThat(handled).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(queue.message(ids.get(1)).orElseThrow().lastError())
                .isEqualTo("MalformedMessageException: the stored message has no payload field");
        assertThat(engine.check().isClean()).isTrue();
    }

    @Test
    void anExpiredLeaseWhoseMessageLostItsAttemptCountIsRecoveredNotStranded() {
        Engine engine = engine(b -> b.defaultPolicy(FIVE_ATTEMPTS));
        Queue queue = engine.queue("orders");
        String id = enqueue(queue, 1).get(0);
        var keys = engine.keys().queue("orders");
        var c = engine.redis().commands();
        // as if leased long ago by a worker that died, and the hash then lost its counters
        engine.redis().await(c.zrem(keys.ready(), bytes(id)));
        engine.redis().await(c.zadd(keys.inflight(), 1.0, bytes(id)));
        corrupt(engine, "orders", id, "state", "inflight");
        engine.redis().await(c.hdel(keys.message(id), "attempts", "updatedAt"));

        assertThat(engine.upkeep().runOnce().recovered()).isEqualTo(1);
        assertThat(queue.counts().ready()).isEqualTo(1);
        assertThat(engine.check().isClean()).isTrue();
    }

    @Test
    void showSaysWhatIsWrongWithStoredEventsInsteadOfFailing() {
        Engine engine = oneAttemptEngine();
        String id = deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":1}"), d -> new IllegalStateException("boom"));
        QueueKeys keys = engine.keys().queue("orders");
        engine.redis().await(engine.redis().commands().rpush(keys.events(id),
                bytes("{\"at\":\"yesterday\",\"type\":\"edited\",\"by\":\"mallory\"}"), bytes("not json"),
                bytes("{\"at\":1,\"type\":\"failed\",\"attempt\":\"two\",\"exception\":7}")));

        DeadLetterDetail detail = engine.deadLetters().show("orders", id).orElseThrow();

        List<TimelineEvent> timeline = detail.timeline();
        TimelineEvent edited = timeline.stream().filter(e -> e.type().equals("edited")).findFirst().orElseThrow();
        assertThat(edited.attributes()).containsEntry("problem", "this stored event's time is not a time: 'yesterday'")
                .containsEntry("by", "mallory");
        assertThat(edited.at()).as("placed at the time of the event before it").isNotNull();
        assertThat(timeline).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("unreadable");
            assertThat(e.attributes()).containsEntry("problem", "this stored event is not a JSON object: 'not json'");
        });
        // a failed event with values of the wrong kinds still reads as an attempt
        assertThat(detail.errors()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("7");
            assertThat(e.attempt()).isZero();
        });
    }

    @Test
    void anImportWithAnEventTimeThatIsAWordIsRefusedWithItsLineNumberAndWritesNothing() throws Exception {
        Engine engine = oneAttemptEngine();
        deadLetters(engine, "orders", 2, d -> new IllegalStateException("boom"));
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        assertThat(engine.deadLetters().export(DeadLetterTarget.all(), exported, null)).isEqualTo(2);
        List<String> lines = exported.toString(StandardCharsets.UTF_8).lines().toList();
        Path file = Files.createTempFile("redrive-import", ".jsonl");
        Files.writeString(file, lines.get(0) + "\n" + lines.get(1).replaceFirst("\"at\":\\d+", "\"at\":\"yesterday\"") + "\n");

        assertThatThrownBy(() -> engine.deadLetters().importFrom(file, "restored", ALICE))
                .isInstanceOf(ImportException.class)
                .hasMessage("Line 2: event 1's time must be a whole number of milliseconds, not \"yesterday\"; nothing was imported")
                .satisfies(e -> assertThat(((ImportException) e).line()).isEqualTo(2));
        assertThat(engine.queue("restored").counts().dead()).isZero();
        assertThat(engine.redis().await(engine.redis().commands().keys(engine.keys().queue("restored").base() + "*"))).isEmpty();
    }

    @Test
    void anImportWhoseHeadersAreNotAJsonObjectOfStringsIsRefusedWithItsLineNumber() throws Exception {
        Engine engine = oneAttemptEngine();
        deadLetters(engine, "orders", 1, d -> new IllegalStateException("boom"));
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        engine.deadLetters().export(DeadLetterTarget.all(), exported, null);
        String line = exported.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        String damaged = line.replaceFirst("\"headers\":\"(\\\\\"|[^\"])*\"", "\"headers\":\"[1,2]\"");
        assertThat(damaged).isNotEqualTo(line);
        Path file = Files.createTempFile("redrive-import", ".jsonl");
        Files.writeString(file, damaged + "\n");

        assertThatThrownBy(() -> engine.deadLetters().importFrom(file, "restored", ALICE))
                .isInstanceOf(ImportException.class)
                .hasMessage("Line 1: field 'headers' must be a JSON object of strings, not [1,2]; nothing was imported");
        assertThat(engine.queue("restored").counts().dead()).isZero();
    }

    private static List<String> enqueue(Queue queue, int count) {
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            messages.add(OutgoingMessage.json("{\"order\":" + n + "}"));
        }
        return queue.enqueueAll(messages);
    }

    /** Changes one field of a stored message behind the engine's back, as damage would. */
    private static void corrupt(Engine engine, String queue, String id, String field, String value) {
        String key = engine.keys().queue(queue).message(id);
        engine.redis().await(engine.redis().commands().hset(key, field, bytes(value)));
    }

    private void runUntil(Engine engine, Queue queue, MessageHandler handler, java.util.concurrent.Callable<Boolean> done) {
        Worker worker = engine.worker(queue.name(), handler, fastWorker());
        try {
            await().atMost(WAIT).until(done);
        } finally {
            worker.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
