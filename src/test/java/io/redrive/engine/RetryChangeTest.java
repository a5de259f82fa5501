package io.redrive.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryChangeTest {
    @Test
    void theQuestionCountsTheMessagesAndNamesTheQueue() {
        assertThat(RetryChange.RETRY_NOW.question(1)).isEqualTo("Retry 1 message now?");
        assertThat(RetryChange.KILL.question(1200)).isEqualTo("Kill 1,200 messages?");
        assertThat(RetryChange.KILL.whatHappens(2, "orders"))
                .isEqualTo("Kill 2 messages of queue 'orders': they become dead letters now, without the attempts left.");
        assertThat(RetryChange.KILL.destructive()).isTrue();
        assertThat(RetryChange.RETRY_NOW.destructive()).isFalse();
    }

    @Test
    void theSummarySaysHowManyMovedAndWhyTheOthersDidNot() {
        assertThat(RetryChange.RETRY_NOW.summary(2, 2)).isEqualTo("Made 2 messages due now.");
        assertThat(RetryChange.KILL.summary(1, 1)).isEqualTo("Killed 1 message: it is a dead letter now.");
        assertThat(RetryChange.KILL.summary(3, 3)).isEqualTo("Killed 3 messages: they are dead letters now.");
        assertThat(RetryChange.RETRY_NOW.summary(1, 2))
                .isEqualTo("Made 1 of 2 messages due now; 1 was not waiting for a retry (done, dead or unknown id).");
        assertThat(RetryChange.KILL.summary(0, 3))
                .isEqualTo("Killed 0 of 3 messages; 3 were not waiting for a retry (done, dead or unknown id).");
    }
}
