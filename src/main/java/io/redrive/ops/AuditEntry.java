package io.redrive.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One operator action in the {@linkplain AuditLog audit log}.
 *
 * @param id      the entry's stream id ({@code <ms>-<seq>}), which orders the log and serves as a paging cursor;
 *                null for an entry not stored yet
 * @param at      when the action was taken, by the recording engine's clock
 * @param actor   who took it: {@code user@host} of the operating-system user ({@link Actor#current()}) or a name
 *                the caller gives ({@link Actor#named(String)})
 * @param action  what was done, one short verb: {@code replay}, {@code edit}, {@code purge}, {@code restore},
 *                {@code import}, {@code retry-now}, {@code kill}, {@code policy-change}...
 * @param target  what it was done to, in words a person can read: {@code group 3fa9c2 in queue documents},
 *                {@code 3 ids}, {@code queue summaries}
 * @param count   how many messages (or other items) the action covered
 * @param outcome how it ended: {@code ok}, {@code partial: ...}, {@code failed: ...} or {@code cancelled after N}
 * @param details anything else worth keeping (queue, ids, old and new policy, a reason), in insertion order
 */
public record AuditEntry(String id, Instant at, String actor, String action, String target, long count,
                         String outcome, Map<String, String> details) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        // keep the caller's order (it reads better in an export) but let nobody change the map afterwards
        details = details == null || details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * The entry as one line of JSON, without the line break: every component, with {@code at} in ISO-8601. This
     * is the format {@link AuditLog#export} writes and {@code redrive audit --json} prints.
     */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("at", at.toString());
        json.put("actor", actor);
        json.put("action", action);
        json.put("target", target);
        json.put("count", count);
        json.put("outcome", outcome);
        json.put("details", details);
        return new String(AuditJson.write(json), StandardCharsets.UTF_8);
    }
}
