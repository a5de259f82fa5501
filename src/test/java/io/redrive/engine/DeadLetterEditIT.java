package io.redrive.engine;

import io.redrive.ops.Actor;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DeadLetterEditIT extends DeadLetterTestSupport {
    private static final String ORIGINAL = "{\"order\":5,\"sku\":\"A-1\"}";
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    @Test
    void anEditMakesANewVersionAndKeepsThePreviousOneWithWhoWhenAndWhy() {
        Engine engine = oneAttemptEngine();
        Instant enqueued = clock.instant();
        String id = deadOrder(engine);
        DeadLetters letters = engine.deadLetters();
        assertThat(letters.show("orders", id).orElseThrow().version()).isZero();
        assertThat(letters.show("orders", id).orElseThrow().current()).as("never edited: the original is current")
                .extracting(MessageVersion::version, MessageVersion::by, MessageVersion::at, MessageVersion::why)
                .containsExactly(0, "original", enqueued, "");

        clock.advance(Duration.ofMinutes(3));
        Instant firstEdit = clock.instant();
        int v1 = letters.edit("orders", id, 0, bytes("{\"order\":5,\"sku\":\"A-2\"}"), Map.of("content-type", "application/json", "fixed", "yes"),
                "the sku was renamed", ALICE);
        clock.advance(Duration.ofMinutes(3));
        int v2 = letters.edit("orders", id, 1, bytes("{\"order\":5,\"sku\":\"A-3\"}"), JSON, "renamed again", BOB);

        assertThat(v1).isEqualTo(1);
        assertThat(v2).isEqualTo(2);
        DeadLetterDetail detail = letters.show("orders", id).orElseThrow();
        assertThat(detail.version()).isEqualTo(2);
        assertThat(detail.message().text()).isEqualTo("{\"order\":5,\"sku\":\"A-3\"}");
        assertThat(detail.message().headers()).isEqualTo(JSON);
        assertThat(detail.versions()).hasSize(2);
        MessageVersion original = detail.versions().get(0);
        assertThat(original.version()).isZero();
        assertThat(text(original.payload())).isEqualTo(ORIGINAL);
        assertThat(original.headers()).isEqualTo(Map.of("content-type", "application/json", "tenant", "acme"));
        assertThat(original.by()).isEqualTo("original");
        assertThat(original.at()).isEqualTo(enqueued);
        assertThat(original.why()).isEmpty();
        MessageVersion first = detail.versions().get(1);
        assertThat(first.version()).isEqualTo(1);
        assertThat(text(first.payload())).isEqualTo("{\"order\":5,\"sku\":\"A-2\"}");
        assertThat(first.headers()).containsEntry("fixed", "yes");
        assertThat(first.by()).isEqualTo("alice");
        assertThat(first.at()).isEqualTo(firstEdit);
        assertThat(first.why()).isEqualTo("the sku was renamed");
        // the current content, with who made it, when and why
        MessageVersion current = detail.current();
        assertThat(current.version()).isEqualTo(2);
        assertThat(text(current.payload())).isEqualTo("{\"order\":5,\"sku\":\"A-3\"}");
        assertThat(current.headers()).isEqualTo(JSON);
        assertThat(current.by()).isEqualTo("bob");
        assertThat(current.at()).isEqualTo(firstEdit.plus(Duration.ofMinutes(3)));
        assertThat(current.why()).isEqualTo("renamed again");
        assertThat(letters.page(DeadLetterQuery.builder().queue("orders").build()).items())
                .singleElement().extracting(DeadLetter::version).isEqualTo(2);
        assertThat(detail.timeline()).filteredOn(e -> e.type().equals("edited"))
                .extracting(e -> e.attributes().get("by")).containsExactly("alice", "bob");
    }

    @Test
    void anEditThatIsNotValidJsonIsRefusedAndChangesNothing() {
        Engine engine = oneAttemptEngine();
        String id = deadOrder(engine);
        DeadLetters letters = engine.deadLetters();

        assertThatThrownBy(() -> letters.edit("orders", id, 0, bytes("{\"order\":5,"), JSON, "typo", ALICE))
                .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> letters.edit("orders", id, 0, bytes("order five"), Map.of(), "the original was JSON", ALICE))
                .as("without a content type the original payload's JSON decides").isInstanceOf(InvalidPayloadException.class);

        DeadLetterDetail detail = letters.show("orders", id).orElseThrow();
        assertThat(detail.version()).isZero();
        assertThat(detail.message().text()).isEqualTo(ORIGINAL);
        assertThat(detail.versions()).isEmpty();
        assertThat(detail.timeline()).extracting(TimelineEvent::type).doesNotContain("edited");
        assertThat(letters.edit("orders", id, 0, bytes("plain text now"), Map.of("content-type", "text/plain"), "not JSON any more", ALICE))
                .as("another content type may hold anything").isEqualTo(1);
    }

    @Test
    void theSecondOfTwoEditsFromTheSameVersionGetsAConflictAndTheFirstIsKept() {
        Engine engine = oneAttemptEngine();
        String id = deadOrder(engine);
        DeadLetters letters = engine.deadLetters();

        letters.edit("orders", id, 0, bytes("{\"order\":5,\"by\":\"alice\"}"), JSON, "alice's fix", ALICE);

        assertThatThrownBy(() -> letters.edit("orders", id, 0, bytes("{\"order\":5,\"by\":\"bob\"}"), JSON, "bob's fix", BOB))
                .isInstanceOfSatisfying(EditConflictException.class, e -> assertThat(e.currentVersion()).isEqualTo(1));
        DeadLetterDetail detail = letters.show("orders", id).orElseThrow();
        assertThat(detail.message().text()).isEqualTo("{\"order\":5,\"by\":\"alice\"}");
        assertThat(detail.version()).isEqualTo(1);
        assertThat(detail.versions()).extracting(MessageVersion::version).containsExactly(0);
    }

    @Test
    void ofTwoEditsFromTheSameVersionAtTheSameMomentExactlyOneWins() throws Exception {
        Engine engine = oneAttemptEngine();
        String id = deadOrder(engine);
        DeadLetters letters = engine.deadLetters();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService editors = Executors.newFixedThreadPool(2);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (Actor editor : List.of(ALICE, BOB)) {
                outcomes.add(editors.submit(() -> {
                    go.await();
                    try {
                        letters.edit("orders", id, 0, bytes("{\"by\":\"" + editor.name() + "\"}"), JSON, "fix", editor);
                        return "ok";
                    } catch (EditConflictException e) {
                        return "conflict";
                    }
                }));
            }
            go.countDown();
            List<String> results = List.of(outcomes.get(0).get(10, TimeUnit.SECONDS), outcomes.get(1).get(10, TimeUnit.SECONDS));

            assertThat(results).containsExactlyInAnyOrder("ok", "conflict");
            String winner = results.get(0).equals("ok") ? "alice" : "bob";
            DeadLetterDetail detail = letters.show("orders", id).orElseThrow();
            assertThat(detail.message().text()).isEqualTo("{\"by\":\"" + winner + "\"}");
            assertThat(detail.versions()).hasSize(1);
        } finally {
            editors.shutdownNow();
        }
    }

    @Test
    void revertingToVersionZeroBringsTheOriginalBackAsANewVersion() {
        Engine engine = oneAttemptEngine();
        String id = deadOrder(engine);
        DeadLetters letters = engine.deadLetters();
        letters.edit("orders", id, 0, bytes("{\"order\":5,\"sku\":\"A-2\"}"), JSON, "first try", ALICE);
        letters.edit("orders", id, 1, bytes("{\"order\":5,\"sku\":\"A-3\"}"), JSON, "second try", ALICE);

        int reverted = letters.revert("orders", id, 0, 2, null, BOB);

        assertThat(reverted).isEqualTo(3);
        DeadLetterDetail detail = letters.show("orders", id).orElseThrow();
        assertThat(detail.message().text()).isEqualTo(ORIGINAL);
        assertThat(detail.message().headers()).isEqualTo(Map.of("content-type", "application/json", "tenant", "acme"));
        assertThat(detail.versions()).extracting(MessageVersion::version).containsExactly(0, 1, 2);
        assertThat(text(detail.versions().get(2).payload())).isEqualTo("{\"order\":5,\"sku\":\"A-3\"}");
        assertThat(detail.timeline()).filteredOn(e -> e.type().equals("edited")).last()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("why", "revert to version 0").containsEntry("by", "bob"));
        assertThatThrownBy(() -> letters.revert("orders", id, 7, 3, "no such version", BOB)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replayingAnEditedMessageDeliversTheNewContentAndKeepsTheOriginalInItsHistory() {
        Engine engine = engine(b -> b.defaultPolicy(ONE_ATTEMPT).doneRetention(Duration.ofHours(1)));
        String id = deadOrder(engine);
        DeadLetters letters = engine.deadLetters();
        letters.edit("orders", id, 0, bytes("{\"order\":5,\"sku\":\"A-2\"}"), JSON, "the sku was renamed", ALICE);
        List<Delivery> delivered = new CopyOnWriteArrayList<>();
        engine.worker("orders", delivered::add, fastWorker());

        finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)), ReplayOptions.defaults(ALICE)));

        await().atMost(WAIT).until(() -> engine.queue("orders").message(id).orElseThrow().state() == MessageState.DONE);
        assertThat(delivered).singleElement().extracting(Delivery::text).isEqualTo("{\"order\":5,\"sku\":\"A-2\"}");
        assertThat(letters.show("orders", id).orElseThrow().versions()).singleElement()
                .satisfies(v -> assertThat(text(v.payload())).isEqualTo(ORIGINAL));
    }

    @Test
    void aMessageThatIsNoLongerDeadCannotBeEdited() {
        Engine engine = oneAttemptEngine();
        String id = deadOrder(engine);
        DeadLetters letters = engine.deadLetters();
        finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)), ReplayOptions.defaults(ALICE)));

        assertThatThrownBy(() -> letters.edit("orders", id, 0, bytes("{}"), JSON, "too late", ALICE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer a dead letter");
        assertThat(engine.queue("orders").message(id).orElseThrow().text()).isEqualTo(ORIGINAL);
    }

    @Test
    void aMessageThatAnotherOperatorIsMovingCannotBeEditedUntilTheirClaimRunsOut() {
        Engine engine = oneAttemptEngine();
        String id = deadOrder(engine);
        DeadLetters letters = engine.deadLetters();
        QueueKeys keys = engine.queue("orders").keys();
        // a move to another queue that has claimed the message and not finished yet (another console, say)
        Scripts.DLQ_CLAIM.call(engine.redis(), List.of(keys.dead()), new Args().add(clock.millis()).add(keys.base())
                .add("other-console").add(clock.millis() + DeadLetters.CLAIM_TIMEOUT.toMillis()).add(0).add(id).list());

        assertThatThrownBy(() -> letters.edit("orders", id, 0, bytes("{}"), JSON, "while it moves", ALICE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("being replayed to another queue");
        assertThat(finished(letters.purge(DeadLetterTarget.ids("orders", List.of(id)), 0, ALICE)).skipped()).isEqualTo(1);

        clock.advance(DeadLetters.CLAIM_TIMEOUT.plusMillis(1));
        assertThat(letters.edit("orders", id, 0, bytes("{}"), JSON, "the move never finished", ALICE)).isEqualTo(1);
    }

    private String deadOrder(Engine engine) {
        return deadLetter(engine, "orders", OutgoingMessage.json(ORIGINAL).header("tenant", "acme"),
                d -> new IllegalArgumentException("unknown sku A-1"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
