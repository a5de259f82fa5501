package io.redrive.engine;

import io.redrive.ops.BulkOperation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class FailureGroupsIT extends DeadLetterTestSupport {
    private static final Random RANDOM = new Random();
    // The top frames of a trace include the lambda that built the exception, so failures meant to share a group
    // are built through one lambda.
    private final Function<Delivery, Exception> save = d -> failInSave();
    private final Function<Delivery, Exception> lookup = d -> failInLookup();

    @Test
    void messagesThatDifferOnlyInNumbersAndIdsFallInOneGroup() {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", 12, d -> new IllegalStateException("message " + d.id()
                + " (order " + RANDOM.nextInt(100_000) + ") failed: upstream " + UUID.randomUUID() + " answered 503 after "
                + RANDOM.nextInt(10_000) + " ms"));

        List<FailureGroup> groups = engine.deadLetters().groups("orders");

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.queue()).isEqualTo("orders");
            assertThat(g.count()).isEqualTo(12);
            assertThat(g.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(g.sample()).startsWith("IllegalStateException: message ").contains("answered 503");
            assertThat(g.fingerprint()).matches("[0-9a-f]{12}");
        });
        assertThat(engine.deadLetters().page(DeadLetterQuery.builder().queue("orders").build()).items())
                .extracting(DeadLetter::group).containsOnly(groups.get(0).fingerprint()).hasSize(ids.size());
    }

    @Test
    void differentExceptionClassesFromOneThrowSiteFormDifferentGroups() {
        Engine engine = oneAttemptEngine();
        deadLetters(engine, "orders", List.of(OutgoingMessage.of("state"), OutgoingMessage.of("argument"), OutgoingMessage.of("state")),
                d -> d.text().equals("state") ? new IllegalStateException("rejected") : new IllegalArgumentException("rejected"));

        List<FailureGroup> groups = engine.deadLetters().groups("orders");

        assertThat(groups).extracting(FailureGroup::exceptionClass, FailureGroup::count).containsExactly(
                tuple(IllegalStateException.class.getName(), 2L),
                tuple(IllegalArgumentException.class.getName(), 1L));
    }

    @Test
    void theSameExceptionThrownFromTwoPlacesFormsTwoGroups() {
        Engine engine = oneAttemptEngine();
        deadLetters(engine, "orders", List.of(OutgoingMessage.of("lookup"), OutgoingMessage.of("save"), OutgoingMessage.of("save")),
                d -> d.text().equals("lookup") ? failInLookup() : failInSave());

        List<FailureGroup> groups = engine.deadLetters().groups("orders");

        assertThat(groups).hasSize(2);
        assertThat(groups).extracting(FailureGroup::count).containsExactly(2L, 1L);
        assertThat(groups).extracting(FailureGroup::sample).containsOnly("IllegalStateException: database refused the write");
        assertThat(groups.get(0).fingerprint()).isNotEqualTo(groups.get(1).fingerprint());
    }

    @Test
    void theSameFailureInTwoQueuesFormsAGroupInEach() {
        Engine engine = oneAttemptEngine();
        deadLetters(engine, "orders", 2, save);
        deadLetters(engine, "invoices", 3, save);

        List<FailureGroup> everywhere = engine.deadLetters().groups(null);

        assertThat(everywhere).extracting(FailureGroup::queue, FailureGroup::count).containsExactly(
                tuple("invoices", 3L), tuple("orders", 2L));
        assertThat(everywhere.get(0).fingerprint()).isNotEqualTo(everywhere.get(1).fingerprint());
    }

    @Test
    void aGroupCountsItsLettersAndKnowsWhenItWasFirstAndLastSeenAndHowManyDiedEachHour() {
        Engine engine = oneAttemptEngine();
        Instant noon = clock.instant();
        deadLetters(engine, "orders", 3, save);
        clock.advance(Duration.ofMinutes(90));
        deadLetters(engine, "orders", 2, save);
        clock.advance(Duration.ofMinutes(100));
        Instant last = clock.instant();
        deadLetters(engine, "orders", 1, save);
        deadLetters(engine, "orders", 4, lookup);

        List<FailureGroup> groups = engine.deadLetters().groups("orders");

        assertThat(groups).extracting(FailureGroup::count).as("largest first").containsExactly(6L, 4L);
        FailureGroup saves = groups.get(0);
        assertThat(saves.firstSeen()).isEqualTo(noon);
        assertThat(saves.lastSeen()).isEqualTo(last);
        assertThat(saves.perHour()).containsExactly(
                Map.entry(Instant.parse("2026-11-25T12:00:00Z"), 3L),
                Map.entry(Instant.parse("2026-11-25T13:00:00Z"), 2L),
                Map.entry(Instant.parse("2026-11-25T15:00:00Z"), 1L));
        assertThat(groups.get(1).perHour()).containsExactly(Map.entry(Instant.parse("2026-11-25T15:00:00Z"), 4L));
    }

    @Test
    void aGroupShrinksAsItsLettersAreReplayedAndDisappearsWithTheLast() {
        Engine engine = oneAttemptEngine();
        List<String> saves = deadLetters(engine, "orders", 3, save);
        clock.advance(Duration.ofHours(1));
        String lateSave = deadLetters(engine, "orders", 1, save).get(0);
        deadLetters(engine, "orders", 2, lookup);
        DeadLetters letters = engine.deadLetters();
        String group = letters.show("orders", lateSave).orElseThrow().group();

        finished(letters.replay(DeadLetterTarget.ids("orders", List.of(lateSave, saves.get(0))), ReplayOptions.defaults(ALICE)));

        FailureGroup shrunk = group(letters, group);
        assertThat(shrunk.count()).isEqualTo(2);
        assertThat(shrunk.perHour()).containsExactly(Map.entry(Instant.parse("2026-11-25T12:00:00Z"), 2L));

        BulkOperation.Progress rest = finished(letters.replay(DeadLetterTarget.group("orders", group), ReplayOptions.defaults(ALICE)));

        assertThat(rest.succeeded()).isEqualTo(2);
        assertThat(letters.groups("orders")).extracting(FailureGroup::fingerprint).doesNotContain(group).hasSize(1);
        assertThat(letters.page(DeadLetterQuery.builder().queue("orders").group(group).build()).items()).isEmpty();
        assertThat(letters.count(DeadLetterQuery.builder().queue("orders").group(group).build())).isZero();
    }

    @Test
    void aGroupDisappearsWhenAllItsLettersArePurged() {
        Engine engine = oneAttemptEngine();
        deadLetters(engine, "orders", 3, save);
        deadLetters(engine, "orders", 2, lookup);
        DeadLetters letters = engine.deadLetters();
        FailureGroup saves = letters.groups("orders").get(0);

        BulkOperation.Progress purged = finished(letters.purge(DeadLetterTarget.group("orders", saves.fingerprint()), 0, ALICE));

        assertThat(purged.succeeded()).isEqualTo(3);
        assertThat(letters.groups("orders")).singleElement().extracting(FailureGroup::count).isEqualTo(2L);
        assertThat(letters.groups("orders").get(0).fingerprint()).isNotEqualTo(saves.fingerprint());
    }

    private static FailureGroup group(DeadLetters letters, String fingerprint) {
        return letters.groups("orders").stream().filter(g -> g.fingerprint().equals(fingerprint)).findFirst().orElseThrow();
    }

    private static IllegalStateException failInLookup() {
        return new IllegalStateException("database refused the write");
    }

    private static IllegalStateException failInSave() {
        return new IllegalStateException("database refused the write");
    }
}
