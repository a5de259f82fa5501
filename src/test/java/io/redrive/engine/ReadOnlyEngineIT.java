package io.redrive.engine;

import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An engine opened read-only refuses every write with one sentence before sending anything (no key changes),
 * and reads as any other engine does.
 */
class ReadOnlyEngineIT extends DeadLetterTestSupport {
    private List<String> dead;
    private String purged;
    private String scheduled;
    private Engine reader;

    @TempDir
    Path dir;

    @BeforeEach
    void deadLettersOneOfThemPurgedAndAReadOnlyEngine() throws Exception {
        Engine writer = oneAttemptEngine();
        List<String> ids = deadLetters(writer, "orders", 3, d -> new IllegalStateException("no stock"));
        purged = ids.get(2);
        writer.deadLetters().purge(DeadLetterTarget.ids("orders", List.of(purged)), 0, ALICE).await();
        dead = ids.subList(0, 2);
        Queue payments = writer.queue("payments");
        payments.updatePolicy(policy(3, Duration.ofMinutes(10)));
        scheduled = payments.enqueue(OutgoingMessage.json("{\"payment\":1}"));
        Worker failing = writer.worker("payments", d -> {
            throw new IllegalStateException("no payments today");
        }, fastWorker());
        try {
            await().atMost(WAIT).until(() -> payments.counts().scheduled() == 1);
        } finally {
            failing.close();
        }
        reader = engine(b -> b.readOnly(true).upkeep(true));
    }

    @Test
    void everyWriteIsRefusedWithOneSentenceAndNoKeyChanges() throws Exception {
        Path archive = dir.resolve("orders.jsonl");
        Files.writeString(archive, "");
        Map<String, ThrowingCallable> writes = new LinkedHashMap<>();
        Queue orders = reader.queue("orders");
        writes.put("enqueue", () -> orders.enqueue(OutgoingMessage.json("{\"order\":9}")));
        writes.put("enqueue into a new queue", () -> reader.queue("fresh").enqueue(OutgoingMessage.json("{}")));
        writes.put("worker", () -> reader.worker("orders", d -> { }));
        writes.put("upkeep start", () -> reader.upkeep().start());
        writes.put("upkeep tick", () -> reader.upkeep().runOnce());
        writes.put("policy change", () -> orders.updatePolicy(ONE_ATTEMPT, ALICE));
        writes.put("policy change, unaudited", () -> orders.updatePolicy(ONE_ATTEMPT));
        writes.put("policy reset", orders::resetPolicy);
        writes.put("replay preview", () -> reader.deadLetters().preview("replay", DeadLetterTarget.all(), 0, null));
        writes.put("restore preview", () -> reader.deadLetters().previewRestore(Map.of("orders", List.of(purged))));
        writes.put("replay", () -> reader.deadLetters().replay(DeadLetterTarget.ids("orders", dead), ReplayOptions.defaults(ALICE)));
        writes.put("move", () -> reader.deadLetters().replay(DeadLetterTarget.ids("orders", dead),
                ReplayOptions.defaults(ALICE).toQueue("elsewhere")));
        writes.put("replay of a preview", () -> reader.deadLetters().replay("some-preview", ReplayOptions.defaults(ALICE)));
        writes.put("purge", () -> reader.deadLetters().purge(DeadLetterTarget.ids("orders", dead), 0, ALICE));
        writes.put("purge of a preview", () -> reader.deadLetters().purge("some-preview", 0, ALICE));
        writes.put("restore", () -> reader.deadLetters().restore("orders", List.of(purged), ALICE));
        writes.put("restore of a preview", () -> reader.deadLetters().restore("some-preview", ALICE));
        writes.put("edit", () -> reader.deadLetters().edit("orders", dead.get(0), 1, "{\"order\":0,\"fixed\":true}".getBytes(),
                Map.of(), "fix", ALICE));
        writes.put("revert", () -> reader.deadLetters().revert("orders", dead.get(0), 1, 1, "undo", ALICE));
        writes.put("import", () -> reader.deadLetters().importFrom(archive, "orders", ALICE));
        writes.put("retry now", () -> reader.retries().retryNow("payments", List.of(scheduled), ALICE));
        writes.put("kill", () -> reader.retries().kill("payments", List.of(scheduled), ALICE));
        writes.put("repair", () -> reader.repair(reader.check(), ALICE));
        writes.put("audit entry", () -> reader.audit().record(ALICE, "replay", "queue orders", 1, "ok", Map.of()));

        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);
        writes.forEach((what, write) -> assertThatThrownBy(write).as(what)
                .isInstanceOf(ReadOnlyException.class).hasMessage(ReadOnlyException.SENTENCE));
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        assertThat(ReadOnlyException.SENTENCE).isEqualTo("This connection is read-only: nothing was changed in Redis.");
    }

    @Test
    void aReadOnlyEngineStartsNoUpkeepEvenWhenAskedTo() {
        assertThat(reader.options().upkeep()).isTrue();
        assertThat(reader.upkeep().isRunning()).isFalse();
    }

    @Test
    void readingWorksAsOnAnyEngine() {
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);
        assertThat(reader.queueNames()).containsExactly("orders", "payments");
        assertThat(reader.existingQueue("orders").counts().dead()).isEqualTo(2);
        assertThat(reader.deadLetters().page(DeadLetterQuery.builder().queue("orders").build()).items())
                .extracting(DeadLetter::id).containsExactlyInAnyOrderElementsOf(dead);
        assertThat(reader.deadLetters().show("orders", dead.get(0))).isPresent();
        assertThat(reader.deadLetters().trash("orders", 10)).extracting(DeadLetter::id).containsExactly(purged);
        assertThat(reader.deadLetters().groups("orders")).hasSize(1);
        OutputStream out = new ByteArrayOutputStream();
        assertThat(reader.deadLetters().export(DeadLetterTarget.ids("orders", dead), out, n -> { })).isEqualTo(2);
        assertThat(reader.audit().list(AuditQuery.builder().build())).extracting(AuditEntry::action).contains("purge");
        assertThat(reader.operations().recent(10)).isNotEmpty();
        assertThat(reader.retries().list("payments", 0, 10)).extracting(Retries.ScheduledMessage::id).containsExactly(scheduled);
        assertThat(reader.check().problems()).isEmpty();
        assertThat(reader.queue("orders").counts().dead()).isEqualTo(2);
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
    }
}
