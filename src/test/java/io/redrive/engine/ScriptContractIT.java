package io.redrive.engine;

import io.redrive.redis.Replies;
import io.redrive.redis.Args;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a client in another language gets when it calls the scripts wrongly: a clear error, nothing changed. */
class ScriptContractIT extends EngineTestSupport {

    @Test
    void aSettleWithAnUnknownOutcomeIsRefusedBeforeAnythingChanges() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        String id = queue.enqueue(OutgoingMessage.of("x"));
        long token = leaseOne(engine, queue);

        assertThatThrownBy(() -> settle(engine, queue, id, token, "Retry", "0"))
                .hasMessageContaining("settle: unknown outcome Retry (expected ack, retry, dead or release)");
        for (String due : List.of("soon", "nan", "inf", "1e3", "-5")) {
            assertThatThrownBy(() -> settle(engine, queue, id, token, "retry", due)).as(due)
                    .hasMessageContaining("settle: the due time of a retry must be a number of milliseconds");
        }
        assertThat(queue.message(id).orElseThrow().state()).isEqualTo(MessageState.IN_FLIGHT);
    }

    @Test
    void aSettleWithAStaleLeaseTokenChangesNothing() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        String id = queue.enqueue(OutgoingMessage.of("x"));
        long token = leaseOne(engine, queue);

        assertThat(settle(engine, queue, id, token + 1, "ack", "0")).isEqualTo(List.of(0L));
        assertThat(queue.message(id).orElseThrow().state()).isEqualTo(MessageState.IN_FLIGHT);
        assertThat(settle(engine, queue, id, token, "ack", "0")).isEqualTo(List.of(1L));
        assertThat(queue.message(id)).isEmpty();
        assertThat(settle(engine, queue, id, token, "ack", "0")).as("a repeated settle").isEqualTo(List.of(0L));
    }

    @Test
    void anEnqueueWithAMalformedMessageWritesNoneOfItsBatch() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        long now = clock.millis();
        List<String> keys = List.of(queue.keys().ready(), queue.keys().scheduled(), queue.keys().metrics(now / 60_000),
                queue.keys().message("GOOD"), queue.keys().message("BAD"));
        Args args = new Args().add(now).add(3600).add(60_000).add(2)
                .add("GOOD").add("payload").add("{}").add(0).add(0)
                .add("BAD").add("payload").add("{}").add("nan").add(0);

        assertThatThrownBy(() -> Scripts.ENQUEUE.call(engine.redis(), keys, args.list()))
                .hasMessageContaining("enqueue: due time and idempotency key number must be whole numbers within range");
        assertThat(queue.message("GOOD")).isEmpty();
        assertThat(queue.counts().total()).isZero();
    }

    private long leaseOne(Engine engine, Queue queue) {
        long now = clock.millis();
        List<Object> reply = Replies.list(Scripts.LEASE.call(engine.redis(), List.of(queue.keys().ready(), queue.keys().inflight()),
                new Args().add(now).add(now + 30_000).add(1).add("test-worker").add(queue.keys().base()).list()));
        return Replies.number(reply.get(2));
    }

    private Object settle(Engine engine, Queue queue, String id, long token, String outcome, String due) {
        long now = clock.millis();
        List<String> keys = new ArrayList<>(List.of(queue.keys().inflight(), queue.keys().ready(), queue.keys().scheduled(),
                queue.keys().dead(), queue.keys().done(), queue.keys().metrics(now / 60_000),
                queue.keys().message(id), queue.keys().events(id)));
        Args args = new Args().add(now).add(3600).add("none").add(1).add("test-worker").add(id).add(token).add(outcome);
        if (!outcome.equals("ack")) {
            args.add(due).add("{}").add("summary").add("");
        }
        return Scripts.SETTLE.call(engine.redis(), keys, args.list());
    }
}
