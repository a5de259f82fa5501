package io.redrive.ops;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditActionTest {

    @Test
    void theStoredNamesAreTheOnesEntriesWereAlwaysWrittenWith() {
        // pinned: entries already in Redis carry these names, so renaming one would hide them from the filters
        assertThat(Arrays.stream(AuditAction.values()).map(AuditAction::stored)).containsExactly(
                "replay", "replay-started", "replay-outcome", "purge", "purge-started", "restore", "restore-started",
                "edit", "revert", "import", "retry-now", "kill", "policy", "policy-reset", "repair", "worker-on", "worker-off",
                "cache-ttl", "cache-ttl-reapply", "cache-enable", "cache-disable", "cache-reset", "cache-invalidate",
                "alert-add", "alert-remove");
    }

    @Test
    void everyActionIsFoundByItsStoredNameInAnyCase() {
        for (AuditAction action : AuditAction.values()) {
            assertThat(AuditAction.fromStored(action.stored())).contains(action);
            assertThat(AuditAction.fromStored(" " + action.stored().toUpperCase() + " ")).contains(action);
            assertThat(action.words()).isNotBlank();
        }
    }

    @Test
    void aNameNothingRecordsIsNotAnAction() {
        assertThat(AuditAction.fromStored("policy-change")).isEmpty();
        assertThat(AuditAction.fromStored("invalidate")).isEmpty();
        assertThat(AuditAction.fromStored(null)).isEmpty();
    }

    @Test
    void onlyTheBulkRunsHaveAStart() {
        assertThat(AuditAction.REPLAY.started()).isEqualTo(AuditAction.REPLAY_STARTED);
        assertThat(AuditAction.PURGE.started()).isEqualTo(AuditAction.PURGE_STARTED);
        assertThat(AuditAction.RESTORE.started()).isEqualTo(AuditAction.RESTORE_STARTED);
        assertThatThrownBy(AuditAction.EDIT::started).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSentenceListsEveryAction() {
        String sentence = AuditAction.sentenceListingAll();
        assertThat(sentence).startsWith("The audit log records these actions: replay, ").endsWith("alert-remove.");
        for (AuditAction action : AuditAction.values()) {
            assertThat(sentence).contains(action.stored());
        }
    }
}
