package io.redrive.ops;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditQueryTest {
    private static final AuditEntry REPLAY = new AuditEntry("1-0", Instant.EPOCH, "alice@ops-1", "replay",
            "group 3fa9c2 in queue documents", 12, "partial: 2 were not dead", Map.of("ids", "m-17,m-18"));

    @Test
    void theDefaultsListEverythingAHundredAtATime() {
        AuditQuery all = AuditQuery.all();
        assertThat(all.limit()).isEqualTo(100);
        assertThat(all.from()).isNull();
        assertThat(all.before()).isNull();
        assertThat(all.matches(REPLAY)).isTrue();
    }

    @Test
    void filtersIgnoreCaseAndBlankFiltersAreNoFilters() {
        assertThat(AuditQuery.builder().action("Replay").build().matches(REPLAY)).isTrue();
        assertThat(AuditQuery.builder().action("purge").build().matches(REPLAY)).isFalse();
        assertThat(AuditQuery.builder().actor("ALICE").build().matches(REPLAY)).isTrue();
        assertThat(AuditQuery.builder().actor("bob").build().matches(REPLAY)).isFalse();
        assertThat(AuditQuery.builder().text("3FA9").build().matches(REPLAY)).isTrue();
        assertThat(AuditQuery.builder().text("not dead").build().matches(REPLAY)).isTrue();
        assertThat(AuditQuery.builder().text("m-18").build().matches(REPLAY)).isTrue();
        assertThat(AuditQuery.builder().text("m-19").build().matches(REPLAY)).isFalse();
        AuditQuery blank = AuditQuery.builder().action(" ").actor("").text("  ").before("").build();
        assertThat(blank.actions()).isEmpty();
        assertThat(blank.before()).isNull();
        assertThat(blank.matches(REPLAY)).isTrue();
    }

    @Test
    void severalActionsMatchAnyOfThem() {
        AuditQuery replayOrPurge = AuditQuery.builder().actions(List.of("purge", "REPLAY", " ")).build();

        assertThat(replayOrPurge.actions()).containsExactlyInAnyOrder("purge", "replay");
        assertThat(replayOrPurge.matches(REPLAY)).isTrue();
        assertThat(AuditQuery.builder().actions(List.of("purge", "kill")).build().matches(REPLAY)).isFalse();
        assertThat(replayOrPurge.mutate().build().actions()).isEqualTo(replayOrPurge.actions());
    }

    @Test
    void mutateKeepsEveryFilter() {
        AuditQuery query = AuditQuery.builder().from(Instant.EPOCH).to(Instant.EPOCH.plusSeconds(1)).action("purge")
                .actor("bob").text("documents").limit(5).before("17-3").build();
        assertThat(query.mutate().build()).hasToString(query.toString());
    }

    @Test
    void nonsenseIsRefusedWithAReason() {
        assertThatThrownBy(() -> AuditQuery.builder().limit(0).build()).hasMessageContaining("limit must be 1-10000");
        assertThatThrownBy(() -> AuditQuery.builder().before("yesterday").build()).hasMessageContaining("Not an audit entry id");
        assertThatThrownBy(() -> AuditQuery.builder().from(Instant.EPOCH.plusSeconds(1)).to(Instant.EPOCH).build())
                .hasMessageContaining("starts after it ends");
    }

    @Test
    void anActorHasANameAndTheCurrentOneIsUserAtHost() {
        assertThat(Actor.named("  svc-reprocessor ").name()).isEqualTo("svc-reprocessor");
        assertThatThrownBy(() -> Actor.named(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Actor.current().name()).startsWith(System.getProperty("user.name") + "@").doesNotEndWith("@");
    }

    @Test
    void anEntryWritesOneLineOfJsonWithAnIsoTime() {
        assertThat(REPLAY.toJson()).isEqualTo("{\"id\":\"1-0\",\"at\":\"1970-01-01T00:00:00Z\",\"actor\":\"alice@ops-1\","
                + "\"action\":\"replay\",\"target\":\"group 3fa9c2 in queue documents\",\"count\":12,"
                + "\"outcome\":\"partial: 2 were not dead\",\"details\":{\"ids\":\"m-17,m-18\"}}");
    }
}
