package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanTest {
    private static DryRun run(String operation, String target, long count, String destination) {
        return new DryRun(operation, target, count, List.of(), destination, Duration.ofSeconds(3), "p-" + count,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aReplayAsksWithItsCountAndSaysWhereTheyGo() {
        Plan plan = Plan.of(run("replay", "dead letters in orders with group d795", 1234, "their own queue"));
        assertThat(plan.question()).isEqualTo("Replay 1,234 dead letters?");
        assertThat(plan.action()).isEqualTo("Replay 1,234");
        assertThat(plan.whatHappens()).isEqualTo(
                "Replay the 1,234 dead letters in orders with group d795 to their own queue: they will be processed again.");
        assertThat(plan.reversibility(Duration.ofDays(1))).startsWith("Replay cannot be undone");
    }

    @Test
    void severalSelectionsAreCountedTogether() {
        Plan plan = Plan.of(List.of(run("purge", "2 messages in queue a", 2, "the trash"),
                run("purge", "message x in queue b", 1, "the trash")));
        assertThat(plan.count()).isEqualTo(3);
        assertThat(plan.estimated()).isEqualTo(Duration.ofSeconds(6));
        assertThat(plan.whatHappens()).isEqualTo("Purge 3 dead letters (2 selections) to the trash.");
        assertThat(plan.reversibility(Duration.ofHours(24))).startsWith("Purge moves them to the trash for 24 h");
    }

    @Test
    void aRestoreCountsPurgedDeadLettersAndCanBeUndone() {
        Plan plan = Plan.of(run("restore", "purged dead letters in orders", 1, "the dead-letter queue"));
        assertThat(plan.question()).isEqualTo("Restore 1 purged dead letter?");
        assertThat(plan.reversibility(Duration.ofDays(1))).isEqualTo("Restore can be undone by purging them again.");
        assertThat(plan.notConfirmed()).isEqualTo("Not confirmed, so nothing was restored.");
    }

    @Test
    void nothingToDoSaysWhy() {
        assertThat(Plan.of(run("replay", "all dead letters", 0, "x")).nothingToDo()).isEqualTo("Nothing to replay: no dead letters.");
        assertThat(Plan.of(run("purge", "dead letters in orders", 0, "x")).nothingToDo())
                .isEqualTo("Nothing to purge: no dead letters match (dead letters in orders).");
        assertThat(Plan.of(run("restore", "purged dead letters in orders", 0, "x")).nothingToDo())
                .isEqualTo("Nothing to restore: the trash holds none of these.");
    }

    @Test
    void onlyTheExactCountConfirms() {
        Plan plan = Plan.of(run("purge", "dead letters in orders", 1234, "the trash"));
        assertThat(plan.confirmedBy("1234")).isTrue();
        assertThat(plan.confirmedBy(" 1,234 ")).isTrue();
        assertThat(plan.confirmedBy("1_234")).isTrue();
        assertThat(plan.confirmedBy("1233")).isFalse();
        assertThat(plan.confirmedBy("12345")).isFalse();
        assertThat(plan.confirmedBy("yes")).isFalse();
        assertThat(plan.confirmedBy("")).isFalse();
        assertThat(plan.confirmedBy(null)).isFalse();
    }

    @Test
    void theSummarySaysWhatWasDoneWhatWasSkippedAndWhatArrivedMeanwhile() {
        assertThat(Plan.summary("replay", 3, 0, 0, Duration.ofSeconds(2), "dead letters in documents"))
                .isEqualTo("Replayed 3 dead letters in 2 s (dead letters in documents).");
        assertThat(Plan.summary("purge", 1, 2, 6, Duration.ofMinutes(1), null)).isEqualTo("Purged 1 dead letter in 1 min. "
                + "Skipped 2: no longer dead letters. 6 new dead letters arrived after the preview and were not touched.");
        assertThat(Plan.summary("restore", 0, 1, 0, Duration.ofMillis(5), null))
                .isEqualTo("Restored 0 dead letters in 5 ms. Skipped 1: no longer in the trash.");
    }

    @Test
    void aRunStoppedPartWaySaysHowFarItGotAndWhy() {
        assertThat(Plan.cancelled("purge", false, 5, 12, 4, 1))
                .isEqualTo("Cancelled after 5 of 12: purged 4, skipped 1; the rest were left as they were.");
        assertThat(Plan.cancelled("replay", true, 1500, -1, 1500, 0))
                .isEqualTo("Interrupted after 1,500 of 1,500: replayed 1,500, skipped 0; the rest were left as they were.");
        assertThat(Plan.stopped("restore", 3, 3, 0, "READONLY You can't write against a read only replica."))
                .isEqualTo("Restore stopped after 3 (restored 3, skipped 0): READONLY You can't write against a read only replica.");
    }

    @Test
    void aPlanRestsOnAtLeastOneDryRun() {
        assertThatThrownBy(() -> Plan.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factsAreTheLabelledLinesBothSidesShow() {
        DryRun run = new DryRun("replay", "dead letters in orders", 14, List.of(), "their own queue",
                Duration.ofSeconds(65), "3fa9c2d1e0b4", Instant.parse("2026-05-04T14:05:32Z"));

        assertThat(Plan.of(run).facts(java.time.ZoneOffset.UTC)).containsExactly(
                new Plan.Fact("What", "dead letters in orders"),
                new Plan.Fact("Count", "14 dead letters"),
                new Plan.Fact("Destination", "their own queue"),
                new Plan.Fact("Estimated time", "1 min 5 s"),
                new Plan.Fact("Preview", "3fa9c2d1e0b4 (kept until 2026-05-04 14:05:32)"));
    }

    @Test
    void severalDryRunsEachNameWhatTheyCountedAndShareTheRest() {
        Instant later = Instant.parse("2026-05-04T14:10:00Z");
        Plan plan = Plan.of(List.of(
                new DryRun("purge", "dead letters in a", 2, List.of(), "the trash", Duration.ofSeconds(1), "p1", later),
                new DryRun("purge", "dead letters in b", 1_500, List.of(), "the trash", Duration.ofSeconds(2), "p2", later.minusSeconds(60))));

        assertThat(plan.facts(java.time.ZoneOffset.UTC)).extracting(Plan.Fact::label, Plan.Fact::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("What", "dead letters in a (2)"),
                org.assertj.core.groups.Tuple.tuple("What", "dead letters in b (1,500)"),
                org.assertj.core.groups.Tuple.tuple("Count", "1,502 dead letters"),
                org.assertj.core.groups.Tuple.tuple("Destination", "the trash"),
                org.assertj.core.groups.Tuple.tuple("Estimated time", "3 s"),
                org.assertj.core.groups.Tuple.tuple("Preview", "p1, p2 (kept until 2026-05-04 14:09:00)"));
    }
}
