package io.redrive.engine;

import io.redrive.ops.AuditAction;
import io.redrive.redis.Replies;
import io.redrive.ops.Actor;
import io.redrive.engine.CheckReport.Kind;
import io.redrive.engine.CheckReport.Problem;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixes what a {@link ConsistencyCheck} found, queue by queue, with {@code repair.lua} in batches: each fix is atomic
 * and re-checks that it is still needed. Damaged keys, orphan timelines and policies are left to an operator. One
 * audit entry says who repaired what; lost-message counts are reset only after that entry holds them.
 */
final class ConsistencyRepair {
    private static final int BATCH = 200;

    private final Engine engine;

    ConsistencyRepair(Engine engine) {
        this.engine = engine;
    }

    RepairResult run(CheckReport report, Actor actor) {
        long[] tally = new long[5];  // fixed, removed, lost reset, unchanged, skipped
        long leftAlone = 0;
        Map<String, List<Problem>> byQueue = new LinkedHashMap<>();
        List<Problem> lost = new ArrayList<>();
        for (Problem p : report.findings()) {
            if (!p.repairable()) {
                leftAlone++;
            } else if (p.kind() == Kind.LOST_MESSAGES) {
                lost.add(p);
            } else {
                byQueue.computeIfAbsent(p.queue(), q -> new ArrayList<>()).add(p);
            }
        }
        byQueue.forEach((queue, problems) -> {
            for (int from = 0; from < problems.size(); from += BATCH) {
                apply(queue, problems.subList(from, Math.min(problems.size(), from + BATCH)), tally);
            }
        });
        Map<String, String> details = new LinkedHashMap<>();
        details.put("fixed", String.valueOf(tally[0]));
        details.put("removed", String.valueOf(tally[1]));
        details.put("unchanged", String.valueOf(tally[3]));
        details.put("skipped", String.valueOf(tally[4]));
        details.put("leftAlone", String.valueOf(leftAlone));
        for (Problem p : lost) {
            details.put("lost " + p.queue() + " " + p.state(), p.count() + (p.id() == null ? "" : ", last " + p.id()));
        }
        long acted = tally[0] + tally[1] + lost.stream().mapToLong(Problem::count).sum();
        engine.audit().record(actor, AuditAction.REPAIR, report.findings().isEmpty() ? "no problems" : "queues "
                + String.join(", ", report.findings().stream().map(Problem::queue).distinct().toList()), acted, "ok", details);
        // only now that the audit entry holds them
        for (Problem p : lost) {
            apply(p.queue(), List.of(p), tally);
        }
        return new RepairResult(tally[0], tally[1], tally[2], tally[3], tally[4], leftAlone);
    }

    private void apply(String queue, List<Problem> problems, long[] tally) {
        QueueKeys keys = engine.keys().queue(queue);
        Args args = new Args().add(keys.base()).add(engine.options().clock().millis());
        for (Problem p : problems) {
            switch (p.kind()) {
                case GROUP_COUNT -> args.add("group").add(p.id());
                case LOST_MESSAGES -> args.add("lost").add(p.state()).add(p.count());
                default -> args.add("message").add(p.id());
            }
        }
        List<Object> outcomes = Replies.list(Scripts.REPAIR.call(engine.redis(), List.of(keys.ready()), args.list()));
        for (int i = 0; i < outcomes.size(); i++) {
            String outcome = Replies.text(outcomes.get(i));
            boolean lost = problems.get(i).kind() == Kind.LOST_MESSAGES;
            switch (outcome) {
                case "fixed" -> tally[lost ? 2 : 0]++;
                case "removed" -> tally[1]++;
                case "unchanged" -> tally[3]++;
                default -> tally[4]++;
            }
        }
    }
}
