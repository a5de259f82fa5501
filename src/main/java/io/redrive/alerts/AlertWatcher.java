package io.redrive.alerts;

import io.redrive.alerts.AlertNotice.Event;
import io.redrive.alerts.Conditions.Measurement;
import io.redrive.alerts.Conditions.State;
import io.redrive.redis.ReadOnlyException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates every alert rule every interval, in the background of any process. Any number of watchers may run on
 * one Redis: an incident is opened with HSETNX and closed with HDEL ({@link AlertStore}), and only the watcher whose
 * command did it records the notice and posts it to the rule's webhooks, so each incident is announced once when it
 * fires and once when it clears. Posting is asynchronous: a slow webhook never delays a tick.
 */
public final class AlertWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertWatcher.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private final Alerts alerts;
    private final Clock clock;
    private final Duration interval;
    private final ZoneId zone;
    /** How many readings of a tick are in flight at once on the shared connection. */
    static final int READERS = 8;
    private final ExecutorService readers = Executors.newFixedThreadPool(READERS, r -> {
        Thread t = new Thread(r, "redrive-alerts-reader");
        t.setDaemon(true);
        return t;
    });
    private ScheduledExecutorService scheduler;
    private volatile Duration lastTick = Duration.ZERO;
    private volatile boolean failing;

    AlertWatcher(Alerts alerts, Clock clock, Duration interval, ZoneId zone) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The alert interval must be positive, got " + interval);
        }
        this.alerts = alerts;
        this.clock = clock;
        this.interval = interval;
        this.zone = zone;
    }

    /** Ticks every interval on a daemon thread until closed; refused on a read-only connection. */
    public synchronized AlertWatcher start() {
        if (alerts.readOnly()) {
            throw new ReadOnlyException();
        }
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "redrive-alerts");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::tickQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void tickQuietly() {
        try {
            tick();
            if (failing) {
                log.info("Alert evaluation works again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Alert evaluation failed, trying again every {}: {}", interval, e.getMessage());
            }
            failing = true;
        }
    }

    /**
     * Evaluates every rule once and announces what this watcher opened or closed. A read-only connection evaluates
     * nothing. Tests call this directly instead of waiting for the interval.
     *
     * @return the notices this watcher announced
     */
    public List<AlertNotice> tick() {
        if (alerts.readOnly()) {
            return List.of();
        }
        long started = System.nanoTime();
        Instant now = clock.instant();
        AlertStore store = alerts.store();
        List<AlertRule> rules = store.rules();
        Map<String, String> open = store.openIncidents();
        Conditions conditions = new Conditions(alerts.engine(), alerts.cacheAdmin(), store, alerts.links(), now, zone, readers);
        Map<String, AlertRule> byId = new HashMap<>();
        Set<String> measuredRules = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<AlertNotice> announced = new ArrayList<>();
        for (AlertRule rule : rules) {
            byId.put(rule.id(), rule);
            List<Measurement> measurements;
            try {
                measurements = conditions.measure(rule);
            } catch (RuntimeException e) {
                log.warn("Alert rule {} could not be evaluated: {}", rule.id(), e.getMessage());
                continue;  // its incidents stay as they are
            }
            measuredRules.add(rule.id());
            for (Measurement m : measurements) {
                String incident = m.incident();
                seen.add(incident);
                boolean isOpen = open.containsKey(incident);
                if (m.state() == State.FIRING && !isOpen && store.open(incident, incidentJson(m, now))) {
                    announced.add(alerts.announce(Event.FIRED, rule, m.subject(), m.value(), m.sentence(), m.link(), now));
                } else if (m.state() == State.CLEAR && isOpen && store.close(incident)) {
                    announced.add(alerts.announce(Event.RESOLVED, rule, m.subject(), m.value(), m.sentence(), m.link(), now));
                }
            }
        }
        for (String incident : open.keySet()) {
            if (seen.contains(incident)) {
                continue;
            }
            int bar = incident.indexOf('|');
            AlertRule rule = byId.get(incident.substring(0, bar));
            if (rule == null) {
                store.close(incident);  // its rule was removed: nothing to announce
            } else if (measuredRules.contains(rule.id()) && store.close(incident)) {
                String subject = incident.substring(bar + 1);
                announced.add(alerts.announce(Event.RESOLVED, rule, subject, 0,
                        Conditions.goneSentence(rule.kind(), subject), link(rule, subject), now));
            }
        }
        lastTick = Duration.ofNanos(System.nanoTime() - started);
        return announced;
    }

    /** How long the last tick took, nearly all of it waiting on Redis. */
    public Duration lastTickDuration() {
        return lastTick;
    }

    public Duration interval() {
        return interval;
    }

    private String link(AlertRule rule, String subject) {
        AlertLinks links = alerts.links();
        if (rule.kind().aboutCache()) {
            return links.cache(subject);
        }
        int slash = subject.indexOf('/');
        return slash < 0 ? links.queue(subject) : links.group(subject.substring(0, slash), subject.substring(slash + 1));
    }

    private static String incidentJson(Measurement m, Instant now) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("at", now.toString())
                .put("value", m.value()).put("sentence", m.sentence()).put("link", m.link()).toString();
    }

    @Override
    public synchronized void close() {
        readers.shutdownNow();
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
