package io.redrive.alerts;

import io.redrive.redis.KeySchema;
import io.redrive.redis.ReadOnlyException;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.Replies;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert keys in Redis: the rules hash, the open-incidents hash and the history stream (see the schema doc).
 * An incident is opened with HSETNX and closed with HDEL, so of any number of processes evaluating the same rule,
 * exactly one opens it and exactly one closes it: the one that notifies.
 */
public final class AlertStore {
    private static final Logger log = LoggerFactory.getLogger(AlertStore.class);
    /** Months of alerts at a few a day, yet bounded. */
    static final long MAX_HISTORY = 10_000;

    private final RedisConnection redis;
    private final KeySchema keys;
    private final boolean readOnly;

    AlertStore(RedisConnection redis, KeySchema keys, boolean readOnly) {
        this.redis = redis;
        this.keys = keys;
        this.readOnly = readOnly;
    }

    /** Every rule, oldest first; a rule this version cannot read is logged and left out. */
    public List<AlertRule> rules() {
        Map<String, byte[]> stored = redis.await(redis.commands().hgetall(keys.alertRules()));
        List<AlertRule> rules = new ArrayList<>();
        stored.forEach((id, json) -> {
            try {
                rules.add(AlertRule.fromJson(Replies.text(json)));
            } catch (RuntimeException e) {
                log.warn("Alert rule {} cannot be read and is skipped: {}", id, e.getMessage());
            }
        });
        rules.sort(Comparator.comparing(AlertRule::createdAt).thenComparing(AlertRule::id));
        return rules;
    }

    public Optional<AlertRule> rule(String id) {
        byte[] json = redis.await(redis.commands().hget(keys.alertRules(), id));
        return json == null ? Optional.empty() : Optional.of(AlertRule.fromJson(Replies.text(json)));
    }

    void save(AlertRule rule) {
        requireWritable();
        redis.await(redis.commands().hset(keys.alertRules(), rule.id(), Replies.bytes(rule.toJson())));
    }

    /** Deletes the rule and its open incidents; false when there was no such rule. */
    boolean remove(String id) {
        requireWritable();
        boolean removed = redis.await(redis.commands().hdel(keys.alertRules(), id)) > 0;
        for (String field : openIncidents().keySet()) {
            if (field.startsWith(id + "|")) {
                redis.await(redis.commands().hdel(keys.alertIncidents(), field));
            }
        }
        return removed;
    }

    /** Open incidents: {@code <rule id>|<subject>} → what was stored when it fired. */
    Map<String, String> openIncidents() {
        Map<String, String> open = new HashMap<>();
        redis.await(redis.commands().hgetall(keys.alertIncidents())).forEach((f, v) -> open.put(f, Replies.text(v)));
        return open;
    }

    /** Opens the incident; true only for the one caller that opened it. */
    boolean open(String incident, String json) {
        requireWritable();
        return redis.await(redis.commands().hsetnx(keys.alertIncidents(), incident, Replies.bytes(json)));
    }

    /** Closes the incident; true only for the one caller that closed it. */
    boolean close(String incident) {
        requireWritable();
        return redis.await(redis.commands().hdel(keys.alertIncidents(), incident)) > 0;
    }

    /** Queue → when an alert tick last found a live engine running a worker for it. */
    Map<String, Instant> lastServed() {
        Map<String, Instant> served = new HashMap<>();
        redis.await(redis.commands().hgetall(keys.alertServed())).forEach((queue, ms) ->
                served.put(queue, Instant.ofEpochMilli(Long.parseLong(Replies.text(ms)))));
        return served;
    }

    /** Records that these queues are served now; one HSET, safe to repeat. */
    void markServed(Collection<String> queues, Instant now) {
        requireWritable();
        if (queues.isEmpty()) {
            return;
        }
        Map<String, byte[]> fields = new HashMap<>();
        queues.forEach(q -> fields.put(q, Replies.bytes(Long.toString(now.toEpochMilli()))));
        redis.await(redis.commands().hset(keys.alertServed(), fields));
    }

    void append(AlertNotice notice) {
        requireWritable();
        Map<String, byte[]> body = new LinkedHashMap<>();
        notice.fields().forEach((name, value) -> body.put(name, Replies.bytes(value)));
        redis.await(redis.commands().xadd(keys.alertHistory(),
                XAddArgs.Builder.maxlen(MAX_HISTORY).approximateTrimming(), body));
    }

    /** The newest {@code limit} notices, newest first. */
    public List<AlertNotice> history(int limit) {
        List<StreamMessage<String, byte[]>> read = redis.await(redis.commands().xrevrange(keys.alertHistory(),
                Range.unbounded(), Limit.from(Math.max(1, limit))));
        List<AlertNotice> notices = new ArrayList<>(read.size());
        for (StreamMessage<String, byte[]> m : read) {
            Map<String, String> f = new HashMap<>();
            m.getBody().forEach((name, value) -> f.put(name, Replies.text(value)));
            notices.add(AlertNotice.fromFields(m.getId(), f));
        }
        return notices;
    }

    private void requireWritable() {
        if (readOnly) {
            throw new ReadOnlyException();
        }
    }

    static String incident(String ruleId, String subject) {
        return ruleId + "|" + subject;
    }
}
