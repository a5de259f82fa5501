package io.redrive.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of the alert history and the notice a webhook receives: an incident fired or resolved, a test, or a
 * webhook that could not be reached.
 *
 * @param value    what was measured (0 for a test or a delivery failure)
 * @param sentence what happened, for people
 * @param link     a {@code redrive://} link that opens the console on the subject
 */
public record AlertNotice(String id, Event event, Instant at, String rule, AlertKind kind, String subject, double value,
                          double threshold, String sentence, String link) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Event {
        FIRED, RESOLVED, TEST, DELIVERY_FAILED;

        public String stored() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        static Event fromStored(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** The generic webhook body: every field of the notice, as JSON. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("event", event.stored()).put("at", at.toString()).put("rule", rule)
                .put("kind", kind == null ? null : kind.stored()).put("subject", subject)
                .put("value", value).put("threshold", threshold).put("sentence", sentence).put("link", link);
        return node.toString();
    }

    /** The Slack-compatible body: one {@code text} line saying what happened, then the link. */
    public String toSlackJson() {
        String mark = switch (event) {
            case FIRED -> "[FIRING] ";
            case RESOLVED -> "[RESOLVED] ";
            case TEST -> "[TEST] ";
            case DELIVERY_FAILED -> "[DELIVERY FAILED] ";
        };
        return JSON.createObjectNode().put("text", mark + sentence + "\n" + link).toString();
    }

    Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("event", event.stored());
        f.put("at", Long.toString(at.toEpochMilli()));
        f.put("rule", rule);
        f.put("kind", kind == null ? "" : kind.stored());
        f.put("subject", subject);
        f.put("value", Double.toString(value));
        f.put("threshold", Double.toString(threshold));
        f.put("sentence", sentence);
        f.put("link", link);
        return f;
    }

    static AlertNotice fromFields(String id, Map<String, String> f) {
        return new AlertNotice(id, Event.fromStored(f.getOrDefault("event", "fired")),
                Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("at", "0"))), f.getOrDefault("rule", ""),
                AlertKind.fromStored(f.get("kind")).orElse(null), f.getOrDefault("subject", ""),
                Double.parseDouble(f.getOrDefault("value", "0")), Double.parseDouble(f.getOrDefault("threshold", "0")),
                f.getOrDefault("sentence", ""), f.getOrDefault("link", ""));
    }
}
