package io.redrive.engine;

import io.redrive.engine.DeadLetterIndex.Ref;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Dry runs of the bulk operations: what a replay, purge or restore would act on now, kept under a preview id so
 * the confirmed operation acts on exactly those, and counting what arrived after the preview.
 */
final class DryRuns {
    /** The pace a dry run assumes without a rate limit (the order of what {@code bench dlq} measures). */
    private static final double NOMINAL_RATE = 50_000;
    private static final int SAMPLE = 10;

    private final Engine engine;
    private final RedisConnection redis;
    private final DeadLetterIndex index;
    private final Previews previews;

    DryRuns(Engine engine, DeadLetterIndex index, Previews previews) {
        this.engine = engine;
        this.redis = engine.redis();
        this.index = index;
        this.previews = previews;
    }

    /** See {@link DeadLetters#preview}. */
    DryRun preview(String operation, DeadLetterTarget target, double ratePerSecond, String toQueue) {
        engine.requireWritable();
        if (!operation.equals("replay") && !operation.equals("purge")) {
            throw new IllegalArgumentException("A dry run is for a replay or a purge, not '" + operation + "'");
        }
        List<Ref> refs = deadRefs(target);
        Map<String, String> conditions = target instanceof DeadLetterTarget.Matching m ? m.query().conditions() : Map.of();
        List<DeadLetter> sample = sample(refs, "dead");
        String destination = operation.equals("replay") ? (toQueue == null ? "their own queue" : "queue " + toQueue)
                : "the trash (restorable for " + engine.options().trashRetention().toHours() + " h)";
        return stored(operation, target.describe(), toQueue, conditions, refs, sample, destination, ratePerSecond);
    }


    /** See {@link DeadLetters#previewRestore}. */
    DryRun previewRestore(Map<String, List<String>> idsByQueue) {
        engine.requireWritable();
        List<Ref> refs = new ArrayList<>();
        List<String> wholeTrash = new ArrayList<>();
        idsByQueue.forEach((queue, ids) -> {
            engine.existingQueue(queue);
            if (ids.isEmpty()) {
                wholeTrash.add(queue);
                trashIds(engine.keys().queue(queue)).forEach(id -> refs.add(new Ref(queue, id)));
            } else {
                List<Ref> named = ids.stream().distinct().map(id -> new Ref(queue, id)).toList();
                List<DeadLetterIndex.Row> rows = index.rows(named, false, "trashed");
                for (int i = 0; i < named.size(); i++) {
                    if (rows.get(i) != null) refs.add(named.get(i));
                }
            }
        });
        String target = refs.size() == 1 ? "purged message " + refs.get(0).id() + " in queue " + refs.get(0).queue()
                : "purged dead letters of " + (idsByQueue.size() == 1 ? "queue " : "queues ") + String.join(", ", idsByQueue.keySet());
        Map<String, String> conditions = wholeTrash.isEmpty() ? Map.of() : Map.of("trash", String.join(",", wholeTrash));
        return stored("restore", target, null, conditions, refs, sample(refs, "trashed"),
                "the dead-letter queue, as they were before the purge", 0);
    }

    private DryRun stored(String operation, String target, String toQueue, Map<String, String> conditions, List<Ref> refs,
                          List<DeadLetter> sample, String destination, double ratePerSecond) {
        Instant now = engine.options().clock().instant();
        String id = previews.save(operation, target, toQueue, now, conditions, refs);
        double rate = ratePerSecond > 0 ? ratePerSecond : NOMINAL_RATE;
        return new DryRun(operation, target, refs.size(), sample, destination,
                Duration.ofMillis((long) Math.ceil(refs.size() * 1000 / rate)), id, now.plus(Previews.TTL));
    }

    /** The target's dead letters now: a query's matches, or those of the named ids that are still dead. */
    private List<Ref> deadRefs(DeadLetterTarget target) {
        List<Ref> refs = new ArrayList<>();
        if (target instanceof DeadLetterTarget.Ids ids) {
            List<Ref> named = ids.ids().stream().distinct().map(id -> new Ref(ids.queue(), id)).toList();
            List<DeadLetterIndex.Row> rows = index.rows(named, false);
            for (int i = 0; i < named.size(); i++) {
                if (rows.get(i) != null) refs.add(named.get(i));
            }
        } else {
            index.forEach(((DeadLetterTarget.Matching) target).query(), 10_000, refs::addAll, () -> false);
        }
        return refs;
    }

    private List<DeadLetter> sample(List<Ref> refs, String state) {
        return index.rows(refs.subList(0, Math.min(SAMPLE, refs.size())), false, state).stream()
                .filter(Objects::nonNull).map(DeadLetterIndex.Row::letter).toList();
    }

    /**
     * Dead letters that match a preview's target now but were not counted by it: they arrived after the dry run,
     * and the confirmed action leaves them alone.
     */
    long arrivedSince(Previews.Stored preview) {
        Map<String, String> conditions = preview.conditions();
        if (conditions.isEmpty()) {
            return 0;  // ids named one by one: nothing new can match
        }
        List<Ref> now = new ArrayList<>();
        if (conditions.containsKey("trash")) {
            for (String queue : conditions.get("trash").split(",")) {
                trashIds(engine.keys().queue(queue)).forEach(id -> now.add(new Ref(queue, id)));
            }
        } else {
            index.forEach(DeadLetterQuery.fromConditions(conditions), 10_000, now::addAll, () -> false);
        }
        Set<Ref> counted = new HashSet<>(preview.refs());
        return now.stream().filter(r -> !counted.contains(r)).count();
    }

    /**
     * Starts replaying the target's dead letters as they are now, without a dry run (for scripts); returns, once
     * the target's ids are gathered (about a second for a million), with a handle to follow, pause, resume or

    /** The ids in one queue's trash, oldest purge first. */
    List<String> trashIds(QueueKeys keys) {
        List<String> ids = new ArrayList<>();
        for (byte[] id : redis.await(redis.commands().zrange(keys.trash(), 0, -1))) {
            ids.add(DeadLetterIndex.text(id));
        }
        return ids;
    }
}
