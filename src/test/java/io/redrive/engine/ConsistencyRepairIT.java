package io.redrive.engine;

import io.redrive.redis.Replies;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.engine.CheckReport.Kind;
import io.redrive.engine.CheckReport.Problem;
import io.redrive.redis.KeySchema.QueueKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Messages stranded the way a script that failed part-way strands them (its hash updated, its index entry not),
 * keys of the wrong type, and lost-message counts: the check finds them all despite the damage, and the repair
 * puts every message back where its state says, leaves damaged keys alone and audits what it did.
 */
class ConsistencyRepairIT extends DeadLetterTestSupport {
    private static final Actor CAROL = Actor.named("carol");

    @Test
    void checkSurvivesDamagedKeysFindsEveryStrandedMessageAndRepairPutsThemBack() {
        Engine engine = oneAttemptEngine();
        List<String> dead = deadLetters(engine, "orders", 3, d -> new IllegalStateException("boom"));
        Queue orders = engine.queue("orders");
        Queue billing = engine.queue("billing");
        List<String> ready = orders.enqueueAll(List.of(OutgoingMessage.of("a"), OutgoingMessage.of("b")));
        String billed = billing.enqueue(OutgoingMessage.of("c"));
        QueueKeys o = orders.keys();
        QueueKeys b = billing.keys();
        var redis = engine.redis();
        var c = redis.commands();
        String fingerprint = Replies.text(redis.await(c.zrange(o.groups(), 0, 0)).get(0));
        // a replay that died after taking the message out of the dead index
        redis.await(c.zrem(o.dead(), dead.get(0).getBytes()));
        // a death that never reached the class index
        redis.await(c.zrem(o.deadByClass(IllegalStateException.class.getName()), dead.get(1).getBytes()));
        // a ready message in the dead index; another in two indexes
        redis.await(c.zrem(o.ready(), ready.get(0).getBytes()));
        redis.await(c.zadd(o.dead(), 1.0, ready.get(0).getBytes()));
        redis.await(c.zadd(o.scheduled(), 1.0, ready.get(1).getBytes()));
        // an entry whose message is gone, a group that miscounts, a stranded message in another queue
        redis.await(c.zadd(o.ready(), 1.0, "GHOST".getBytes()));
        redis.await(c.hset(o.group(fingerprint), "count", "99".getBytes()));
        redis.await(c.zrem(b.ready(), billed.getBytes()));
        // damage: the done index and one message key hold strings
        redis.await(c.set(o.done(), "oops".getBytes()));
        redis.await(c.set(o.message("BROKEN"), "oops".getBytes()));
        // lost messages, counted the way count_missing in _lib.lua counts them
        redis.await(c.hset(o.missing(), Map.of("ready", "3".getBytes(), "ready:lastId", "LOST1".getBytes(),
                "ready:lastAt", String.valueOf(clock.millis()).getBytes())));

        CheckReport report = engine.check();

        assertThat(report.findings()).extracting(Problem::queue, Problem::kind, Problem::id).containsExactlyInAnyOrder(
                tuple("orders", Kind.STRANDED, dead.get(0)),
                tuple("orders", Kind.DEAD_UNINDEXED, dead.get(1)),
                tuple("orders", Kind.WRONG_INDEX, ready.get(0)),
                tuple("orders", Kind.SEVERAL_INDEXES, ready.get(1)),
                tuple("orders", Kind.DANGLING, "GHOST"),
                tuple("orders", Kind.GROUP_COUNT, fingerprint),
                tuple("orders", Kind.WRONG_TYPE, null),
                tuple("orders", Kind.WRONG_TYPE, null),
                tuple("orders", Kind.LOST_MESSAGES, "LOST1"),
                tuple("billing", Kind.STRANDED, billed));
        assertThat(report.problems()).contains(
                "Key '" + o.done() + "' is a string, but Redrive keeps a sorted set there; Redrive leaves it alone."
                        + " Look at it with: redis-cli TYPE '" + o.done() + "', and if it holds nothing you need, remove it"
                        + " with: redis-cli DEL '" + o.done() + "'",
                "Message " + dead.get(0) + " of queue 'orders' exists (state 'dead') but is in no index, so nothing will ever move it");
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "Queue 'orders' lost 3 messages: their ready index pointed at messages that no longer exist (last one LOST1 at "));

        RepairResult result = engine.repair(report, CAROL);

        assertThat(result).isEqualTo(new RepairResult(6, 1, 1, 0, 0, 2));
        CheckReport after = engine.check();
        assertThat(after.findings()).extracting(Problem::kind, Problem::key)
                .containsExactlyInAnyOrder(tuple(Kind.WRONG_TYPE, o.done()), tuple(Kind.WRONG_TYPE, o.message("BROKEN")));
        assertThat(Replies.text(redis.await(c.get(o.done())))).as("a damaged key is left alone").isEqualTo("oops");
        assertThat(redis.await(c.zcard(o.dead()))).isEqualTo(3);
        assertThat(engine.deadLetters().show("orders", dead.get(0))).as("the stranded dead letter can be found again").isPresent();
        assertThat(redis.await(c.hget(o.group(fingerprint), "count"))).isEqualTo("3".getBytes());
        AuditEntry entry = engine.audit().list(AuditQuery.builder().action("repair").build()).get(0);
        assertThat(entry.actor()).isEqualTo("carol");
        assertThat(entry.count()).isEqualTo(6 + 1 + 3);
        assertThat(entry.details()).containsEntry("lost orders ready", "3, last LOST1").containsEntry("fixed", "6");

        // the repaired ready messages are delivered again, in both queues
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        engine.worker("orders", d -> delivered.add(d.id()), fastWorker());
        engine.worker("billing", d -> delivered.add(d.id()), fastWorker());
        await().atMost(WAIT).until(() -> delivered.containsAll(List.of(ready.get(0), ready.get(1), billed)));

        redis.await(c.del(o.done(), o.message("BROKEN")));  // so the check after the test sees a clean Redis
    }

    @Test
    void aDamagedGroupHashClassIndexOrTimelineIsReportedAndTheRestStillChecked() {
        Engine engine = oneAttemptEngine();
        List<String> dead = deadLetters(engine, "orders", 2, d -> new IllegalStateException("boom"));
        String other = engine.queue("billing").enqueue(OutgoingMessage.of("c"));
        QueueKeys o = engine.queue("orders").keys();
        var redis = engine.redis();
        var c = redis.commands();
        String fingerprint = Replies.text(redis.await(c.zrange(o.groups(), 0, 0)).get(0));
        String classIndex = o.deadByClass(IllegalStateException.class.getName());
        redis.await(c.del(o.group(fingerprint), classIndex, o.events(dead.get(0))));
        redis.await(c.rpush(o.group(fingerprint), "x".getBytes()));
        redis.await(c.sadd(classIndex, "x".getBytes()));
        redis.await(c.set(o.events(dead.get(0)), "x".getBytes()));
        redis.await(c.zrem(o.dead(), dead.get(1).getBytes()));
        redis.await(c.zrem(engine.queue("billing").keys().ready(), other.getBytes()));

        CheckReport report = engine.check();

        assertThat(report.findings()).extracting(Problem::kind, Problem::key, Problem::id).containsExactlyInAnyOrder(
                tuple(Kind.WRONG_TYPE, o.group(fingerprint), null),
                tuple(Kind.WRONG_TYPE, classIndex, null),
                tuple(Kind.STRANDED, o.message(dead.get(1)), dead.get(1)),
                tuple(Kind.STRANDED, engine.queue("billing").keys().message(other), other));
        assertThat(report.problems()).contains("Key '" + o.group(fingerprint) + "' is a list, but Redrive keeps a hash"
                + " there; Redrive leaves it alone. Look at it with: redis-cli TYPE '" + o.group(fingerprint)
                + "', and if it holds nothing you need, remove it with: redis-cli DEL '" + o.group(fingerprint) + "'");

        RepairResult result = engine.repair(report, CAROL);

        assertThat(result.fixed()).as("the billing message").isEqualTo(1);
        assertThat(result.skipped()).as("the dead letter whose group hash is damaged is not touched").isEqualTo(1);
        assertThat(redis.await(c.type(o.group(fingerprint)))).isEqualTo("list");
        assertThat(redis.await(c.type(classIndex))).isEqualTo("set");
        redis.await(c.del(o.group(fingerprint), classIndex, o.events(dead.get(0)), o.message(dead.get(0)),
                o.message(dead.get(1)), o.events(dead.get(1)), o.deadByGroup(fingerprint), o.groups(), o.dead(), o.deadByAttempts()));
    }

    @Test
    void eachStateGoesBackToItsOwnIndexWithItsOwnScore() {
        Engine engine = engine();
        Queue queue = engine.queue("jobs");
        List<String> ids = queue.enqueueAll(List.of(OutgoingMessage.of("a"), OutgoingMessage.of("b"), OutgoingMessage.of("c")));
        String inflight = ids.get(0);
        String scheduled = ids.get(1);
        String done = ids.get(2);
        QueueKeys k = queue.keys();
        var redis = engine.redis();
        var c = redis.commands();
        long due = clock.millis() + 60_000;
        // hashes updated by a script that died before it moved the index entries
        redis.await(c.hset(k.message(inflight), Map.of("state", "inflight".getBytes(), "attempts", "1".getBytes(),
                "leasedBy", "w1".getBytes())));  // no updatedAt: the repair fills in what recover reads
        redis.await(c.hset(k.message(scheduled), Map.of("state", "scheduled".getBytes(), "nextAttemptAt", String.valueOf(due).getBytes())));
        long doneAt = clock.millis() - 1_000;
        redis.await(c.hset(k.message(done), Map.of("state", "done".getBytes(), "doneAt", String.valueOf(doneAt).getBytes())));
        redis.await(c.zrem(k.ready(), inflight.getBytes(), scheduled.getBytes(), done.getBytes()));

        RepairResult result = engine.repair(engine.check(), CAROL);

        assertThat(result.fixed()).isEqualTo(3);
        assertThat(redis.await(c.zscore(k.inflight(), inflight.getBytes()))).as("deadline now").isEqualTo((double) clock.millis());
        assertThat(redis.await(c.zscore(k.scheduled(), scheduled.getBytes()))).isEqualTo((double) due);
        assertThat(redis.await(c.zscore(k.done(), done.getBytes()))).isEqualTo((double) doneAt);
        // the lease that never was is taken back by recover, which counts the attempt
        assertThat(engine.upkeep().runOnce().recovered()).isEqualTo(1);
        assertThat(queue.message(inflight).orElseThrow().state()).isEqualTo(MessageState.READY);
        assertThat(engine.check().isClean()).isTrue();
    }

    @Test
    void repairWhileAWorkerRunsDeliversEveryMessageExactlyOnce() {
        Engine engine = engine();
        Queue queue = engine.queue("jobs");
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            messages.add(OutgoingMessage.of("job " + n));
        }
        List<String> ids = queue.enqueueAll(messages);
        var redis = engine.redis();
        var c = redis.commands();
        for (int n = 0; n < 100; n++) {
            redis.await(c.zrem(queue.keys().ready(), ids.get(n).getBytes()));           // stranded
            redis.await(c.zadd(queue.keys().scheduled(), 1.0, ids.get(100 + n).getBytes()));  // in two indexes
        }
        CheckReport report = engine.check();
        assertThat(report.findings()).hasSize(100);
        assertThat(report.unlisted()).isEqualTo(100);

        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        engine.worker("jobs", d -> deliveries.computeIfAbsent(d.id(), k -> new AtomicInteger()).incrementAndGet(),
                fastWorker().mutate().concurrency(4).batchSize(10).build());
        RepairResult first = engine.repair(report, CAROL);
        RepairResult second = engine.repair(engine.check(), CAROL);

        // a message the worker finished meanwhile is gone: its stale scheduled entry is removed, nothing else
        assertThat(first.fixed() + first.unchanged() + first.removed()).isEqualTo(100);
        assertThat(first.skipped()).isZero();
        assertThat(second.skipped()).isZero();
        await().atMost(WAIT).until(() -> deliveries.size() == 300 && queue.counts().total() == 0);
        assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(engine.check().isClean()).isTrue();
    }
}
