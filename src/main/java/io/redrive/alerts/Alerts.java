package io.redrive.alerts;

import io.redrive.alerts.AlertNotice.Event;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheAdmin;
import io.redrive.cache.CacheOptions;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditAction;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Alerts on one engine's Redis and key prefix: manage the rules (each change audited), read the history, send a
 * test, and make the {@link AlertWatcher} that evaluates them. Holds a connection of its own, so that a slow
 * evaluation never queues behind the engine's work.
 */
public final class Alerts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final Engine engine;
    private final RedisConnection redis;
    private final Cache cache;
    private final AlertStore store;
    private final AlertLinks links;
    private final Webhooks webhooks;
    private final List<Consumer<AlertNotice>> listeners = new CopyOnWriteArrayList<>();
    private final List<AlertWatcher> watchers = new CopyOnWriteArrayList<>();

    private Alerts(Engine engine, Duration webhookTimeout, Duration webhookBackoff) {
        EngineOptions options = engine.options();
        this.engine = engine;
        this.redis = RedisConnection.open(options.redisUrl(), options.commandTimeout());
        try {
            this.cache = Cache.on(redis, CacheOptions.builder().redisUrl(options.redisUrl())
                    .keyPrefix(options.keyPrefix()).readOnly(options.readOnly()).build());
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        this.store = new AlertStore(redis, new KeySchema(options.keyPrefix()), options.readOnly());
        String hosts = redis.hosts();
        this.links = new AlertLinks(hosts.contains(",") ? hosts.substring(0, hosts.indexOf(',')) : hosts);
        this.webhooks = new Webhooks(webhookTimeout, webhookBackoff, this::deliveryFailed);
    }

    /** Alerts on the engine's Redis, with webhooks that time out after 5 s and are tried 3 times. */
    public static Alerts open(Engine engine) {
        return new Alerts(engine, Webhooks.DEFAULT_TIMEOUT, Webhooks.DEFAULT_BACKOFF);
    }

    /** With another webhook timeout and first backoff, so a test need not wait seconds. */
    public static Alerts open(Engine engine, Duration webhookTimeout, Duration webhookBackoff) {
        return new Alerts(engine, webhookTimeout, webhookBackoff);
    }

    public AlertStore store() { return store; }

    public List<AlertRule> rules() { return store.rules(); }

    /** The newest {@code limit} fired, resolved, test and delivery-failed notices, newest first. */
    public List<AlertNotice> history(int limit) { return store.history(limit); }

    /**
     * Adds a rule; a null threshold or window takes the kind's default, a null subject means every queue (or
     * namespace). Audited as {@code alert-add}.
     */
    public AlertRule add(AlertKind kind, String subject, Double threshold, Duration window, List<String> webhooks,
                         AlertRule.Format format, Actor actor) {
        Objects.requireNonNull(actor, "actor");
        AlertRule rule = new AlertRule("r-" + UUID.randomUUID().toString().substring(0, 8), kind, subject,
                threshold == null ? kind.defaultThreshold() : threshold, window, webhooks, format, actor.name(),
                engine.options().clock().instant());
        store.save(rule);
        engine.audit().record(actor, AuditAction.ALERT_ADD, "alert rule " + rule.id() + " (" + describe(rule) + ")", 1,
                "ok", Map.of("rule", rule.toJson()));
        return rule;
    }

    /** Removes a rule and closes its incidents without announcing them; audited as {@code alert-remove}. */
    public boolean remove(String id, Actor actor) {
        AlertRule rule = store.rule(id).orElse(null);
        if (rule == null || !store.remove(id)) {
            return false;
        }
        engine.audit().record(actor, AuditAction.ALERT_REMOVE, "alert rule " + id + " (" + describe(rule) + ")", 1,
                "ok", Map.of("rule", rule.toJson()));
        return true;
    }

    /** Sends a test notice to the rule's webhooks and records it; the futures say whether each one arrived. */
    public List<CompletableFuture<Boolean>> test(String id) {
        AlertRule rule = store.rule(id).orElseThrow(() -> new IllegalArgumentException("There is no alert rule " + id));
        String subject = AlertRule.ALL.equals(rule.subject()) ? "all" : rule.subject();
        String link = rule.kind().aboutCache() ? links.cache(subject) : links.queue(subject);
        return deliver(record(Event.TEST, rule, rule.subject(), 0, "A test of the alert rule " + rule.id() + ": "
                + describe(rule) + ".", link, engine.options().clock().instant()), rule);
    }

    /** The watcher of this Redis's rules, ticking every {@code interval} once started. */
    public AlertWatcher watcher(Duration interval) {
        return watcher(interval, engine.options().clock());
    }

    /** A watcher on another clock, so a test can move time on instead of waiting. */
    AlertWatcher watcher(Duration interval, Clock clock) {
        AlertWatcher watcher = new AlertWatcher(this, clock, interval, ZoneId.systemDefault());
        watchers.add(watcher);
        return watcher;
    }

    /** Told of every notice this process announces (fired, resolved, test), on the thread that announced it. */
    public void addListener(Consumer<AlertNotice> listener) {
        listeners.add(listener);
    }

    /** The rule in words: "dlq-size above 1000 on all queues, to 1 webhook". */
    public static String describe(AlertRule rule) {
        String what = switch (rule.kind()) {
            case NEW_FAILURE_GROUP -> "new failure groups";
            case CACHE_HIT_RATE -> "cache hit rate below " + Conditions.number(rule.threshold()) + " %";
            case RETRY_SUCCESS_RATE -> "retry success rate below " + Conditions.number(rule.threshold()) + " %";
            case NO_WORKER_HEARTBEAT -> "no worker for " + Conditions.number(rule.threshold()) + " min";
            default -> rule.kind().stored() + " above " + Conditions.number(rule.threshold());
        };
        String on = AlertRule.ALL.equals(rule.subject())
                ? (rule.kind().aboutCache() ? "all namespaces" : "all queues")
                : (rule.kind().aboutCache() ? "namespace " : "queue ") + rule.subject();
        int hooks = rule.webhooks().size();
        return what + " on " + on + ", to " + (hooks == 0 ? "no webhook" : hooks == 1 ? "1 webhook" : hooks + " webhooks");
    }

    AlertNotice announce(Event event, AlertRule rule, String subject, double value, String sentence, String link,
                         Instant at) {
        AlertNotice notice = record(event, rule, subject, value, sentence, link, at);
        deliver(notice, rule);
        return notice;
    }

    private AlertNotice record(Event event, AlertRule rule, String subject, double value, String sentence, String link,
                               Instant at) {
        AlertNotice notice = new AlertNotice(null, event, at, rule.id(), rule.kind(), subject, value, rule.threshold(),
                sentence, link);
        store.append(notice);
        log.info("Alert {}: {} {}", event.stored(), sentence, link);
        return notice;
    }

    private List<CompletableFuture<Boolean>> deliver(AlertNotice notice, AlertRule rule) {
        for (Consumer<AlertNotice> listener : listeners) {
            try {
                listener.accept(notice);
            } catch (RuntimeException e) {
                log.warn("An alert listener failed: {}", e.toString());
            }
        }
        String body = rule.format() == AlertRule.Format.SLACK ? notice.toSlackJson() : notice.toJson();
        List<CompletableFuture<Boolean>> sent = new ArrayList<>();
        for (String url : rule.webhooks()) {
            sent.add(webhooks.post(url, body));
        }
        return sent;
    }

    private void deliveryFailed(String url, String reason) {
        store.append(new AlertNotice(null, Event.DELIVERY_FAILED, engine.options().clock().instant(), "", null, url, 0, 0,
                "The alert webhook " + url + " failed " + Webhooks.TRIES + " times; the last time " + reason + ".", ""));
    }

    boolean readOnly() { return engine.options().readOnly(); }

    Engine engine() { return engine; }

    CacheAdmin cacheAdmin() { return cache.admin(); }

    AlertLinks links() { return links; }

    @Override
    public void close() {
        watchers.forEach(AlertWatcher::close);
        cache.close();
        redis.close();
    }
}
