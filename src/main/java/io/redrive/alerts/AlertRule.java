package io.redrive.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One alert rule as stored in the rules hash (id → JSON, see the schema doc).
 *
 * @param subject   a queue or cache namespace name, or {@link #ALL} for every one
 * @param threshold the kind's N (a count, a rate per minute, or a percentage)
 * @param window    how far back the kind looks; zero for kinds that look at the present only
 * @param webhooks  http(s) URLs to POST each notice to; may be empty (the history still records it)
 */
public record AlertRule(String id, AlertKind kind, String subject, double threshold, Duration window,
                        List<String> webhooks, Format format, String createdBy, Instant createdAt) {
    public static final String ALL = "*";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body a webhook receives: Redrive's JSON object, or Slack's {@code {"text": ...}}. */
    public enum Format {
        JSON, SLACK;

        public String stored() { return name().toLowerCase(Locale.ROOT); }

        public static Format fromStored(String name) {
            for (Format f : values()) {
                if (f.stored().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("A webhook format is json or slack, got '" + name + "'");
        }
    }

    public AlertRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        subject = subject == null || subject.isBlank() ? ALL : subject.strip();
        if (threshold < 0 || Double.isNaN(threshold) || (kind.percentage() && threshold > 100)) {
            throw new IllegalArgumentException("The threshold of a " + kind + " rule must be "
                    + (kind.percentage() ? "a percentage from 0 to 100" : "0 or more") + ", got " + threshold);
        }
        window = window == null ? kind.defaultWindow() : window;
        if (window.isNegative()) {
            throw new IllegalArgumentException("An alert window must not be negative, got " + window);
        }
        webhooks = List.copyOf(webhooks == null ? List.of() : webhooks);
        webhooks.forEach(AlertRule::requireHttpUrl);
        format = format == null ? Format.JSON : format;
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the rule watches this queue or namespace. */
    public boolean covers(String name) {
        return ALL.equals(subject) || subject.equals(name);
    }

    static void requireHttpUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A webhook must be an http or https URL, got '" + url + "'");
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("A webhook must be an http or https URL, got '" + url + "'");
        }
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id).put("kind", kind.stored()).put("subject", subject).put("threshold", threshold)
                .put("windowSeconds", window.toSeconds()).put("format", format.stored())
                .put("createdBy", createdBy).put("createdAt", createdAt.toString());
        webhooks.forEach(node.putArray("webhooks")::add);
        return node.toString();
    }

    /** The rule stored as {@link #toJson()}; a kind this version does not know reads as an error. */
    public static AlertRule fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            AlertKind kind = AlertKind.fromStored(n.path("kind").asText())
                    .orElseThrow(() -> new IllegalArgumentException("unknown alert kind " + n.path("kind").asText()));
            List<String> hooks = new ArrayList<>();
            n.path("webhooks").forEach(h -> hooks.add(h.asText()));
            return new AlertRule(n.path("id").asText(), kind, n.path("subject").asText(ALL), n.path("threshold").asDouble(),
                    Duration.ofSeconds(n.path("windowSeconds").asLong(kind.defaultWindow().toSeconds())), hooks,
                    Format.fromStored(n.path("format").asText("json")), n.path("createdBy").asText(""),
                    Instant.parse(n.path("createdAt").asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("An alert rule is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
