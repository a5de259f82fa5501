package io.redrive.engine;

import java.util.List;
import java.util.Objects;

/** What a dead-letter operation works on: some ids in one queue, or everything a query matches. */
public sealed interface DeadLetterTarget {

    /** Some dead letters of one queue, by id. */
    record Ids(String queue, List<String> ids) implements DeadLetterTarget {
        public Ids {
            Objects.requireNonNull(queue, "queue");
            ids = List.copyOf(ids);
        }
    }

    /** Every dead letter the query matches (its page size is ignored). */
    record Matching(DeadLetterQuery query) implements DeadLetterTarget {
        public Matching {
            Objects.requireNonNull(query, "query");
        }
    }

    static DeadLetterTarget ids(String queue, List<String> ids) {
        return new Ids(queue, ids);
    }

    static DeadLetterTarget group(String queue, String fingerprint) {
        return new Matching(DeadLetterQuery.builder().queue(queue).group(fingerprint).build());
    }

    static DeadLetterTarget matching(DeadLetterQuery query) {
        return new Matching(query);
    }

    /** Every dead letter of every queue. */
    static DeadLetterTarget all() {
        return new Matching(DeadLetterQuery.builder().build());
    }

    /** A few words for the audit log and dry runs. */
    default String describe() {
        if (this instanceof Ids i) {
            return i.ids().size() == 1 ? "message " + i.ids().get(0) + " in queue " + i.queue()
                    : i.ids().size() + " messages in queue " + i.queue();
        }
        return ((Matching) this).query().describe();
    }
}
