package io.redrive.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link Engine#check()} found.
 *
 * @param messagesChecked how many distinct message ids it examined
 * @param findings        each broken invariant found, with what {@link Engine#repair} needs to fix it; at most
 *                        {@link #MAX_LISTED} of them
 * @param unlisted        how many more problems there were beyond those listed
 */
public record CheckReport(long messagesChecked, List<Problem> findings, long unlisted) {
    /** Problems listed per check at most; {@link #unlisted} says how many more there were. */
    public static final int MAX_LISTED = 100;

    public CheckReport {
        findings = List.copyOf(findings);
    }

    /** One plain sentence per problem, and a last line saying how many more there were when some were left out. */
    public List<String> problems() {
        List<String> sentences = new ArrayList<>(findings.size() + 1);
        findings.forEach(p -> sentences.add(p.sentence()));
        if (unlisted > 0) {
            sentences.add("... and " + unlisted + " more problems");
        }
        return sentences;
    }

    public boolean isClean() {
        return findings.isEmpty();
    }

    /** What kind of invariant is broken, and so what a repair does about it. */
    public enum Kind {
        /** The message's hash exists but it is in no index; repair puts it where its state says. */
        STRANDED,
        /** The message is in one state index but its hash says another; repair moves it where its state says. */
        WRONG_INDEX,
        /** The message is in several state indexes; repair keeps the one its state says. */
        SEVERAL_INDEXES,
        /** A dead letter is missing from its attempts, class or group index; repair adds it. */
        DEAD_UNINDEXED,
        /** An index holds an id whose message does not exist; repair removes the entry. */
        DANGLING,
        /** A timeline is stored for a message that does not exist; repair leaves it for an operator. */
        ORPHAN_TIMELINE,
        /** A failure group's count differs from its index; repair recomputes the count from the index. */
        GROUP_COUNT,
        /** Scripts met index entries whose message was gone (usually evicted); repair resets the count once audited. */
        LOST_MESSAGES,
        /** A key holds another type than Redrive keeps there; repair never deletes it, an operator must look. */
        WRONG_TYPE,
        /** The queue's stored policy cannot be read; an operator must fix it. */
        DAMAGED_POLICY
    }

    /**
     * One broken invariant.
     *
     * @param queue    the queue it concerns
     * @param kind     what is broken
     * @param key      the Redis key concerned (an index, a message hash, a group hash...), or null
     * @param id       the message id or failure-group fingerprint concerned, or null
     * @param state    the state a message's hash records (for {@link Kind#LOST_MESSAGES} and {@link Kind#DANGLING},
     *                 the index concerned), or null
     * @param count    for {@link Kind#LOST_MESSAGES}, how many were lost; otherwise 1
     * @param sentence what is wrong, in plain words
     */
    public record Problem(String queue, Kind kind, String key, String id, String state, long count, String sentence) {
        public Problem {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(sentence, "sentence");
        }

        /** Whether {@link Engine#repair} acts on this problem; the others need an operator. */
        public boolean repairable() {
            return switch (kind) {
                case ORPHAN_TIMELINE, WRONG_TYPE, DAMAGED_POLICY -> false;
                default -> true;
            };
        }

        /** What {@link Engine#repair} would do about it, in words. */
        public String repairAction() {
            String index = "trashed".equals(state) ? "trash" : state;
            return switch (kind) {
                case STRANDED, WRONG_INDEX, SEVERAL_INDEXES -> "put message " + id + " back into its " + index
                        + " index (its hash says " + state + ")" + (kind == Kind.STRANDED ? "" : " and out of the others");
                case DEAD_UNINDEXED -> "add dead letter " + id + " to its attempts, class and group indexes";
                case DANGLING -> "remove " + id + " from " + state + " of queue '" + queue + "': the message no longer exists";
                case GROUP_COUNT -> "recompute the count of failure group " + id + " from its index";
                case LOST_MESSAGES -> String.format(Locale.ROOT, "record the %,d lost messages of the %s index of"
                        + " queue '%s' in the audit log, then reset that count", count, state, queue);
                case ORPHAN_TIMELINE -> "leave the timeline " + key + " alone; remove it with: redis-cli DEL '" + key
                        + "' if you do not need it";
                case WRONG_TYPE -> "leave key '" + key + "' alone: an operator must look at it (redis-cli TYPE '" + key
                        + "'; redis-cli DEL '" + key + "' if it holds nothing you need)";
                case DAMAGED_POLICY -> "leave the policy alone: set it again with the console or EngineOptions";
            };
        }
    }
}
