package io.redrive.console;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStateTest {

    @Test
    void theLossIsDatedFromItsFirstFailureAndForgottenWhenRedisAnswers() {
        ConnectionState state = new ConnectionState();
        Instant first = Instant.parse("2024-05-01T10:00:00Z");

        state.failed("timed out", first);
        state.failed("connection refused", first.plusSeconds(5));

        assertThat(state.isConnected()).isFalse();
        assertThat(state.lostAtProperty().get()).isEqualTo(first);
        assertThat(state.reasonBinding().get()).contains("connection refused");
        state.answered();
        assertThat(state.isConnected()).isTrue();
        assertThat(state.lostAtProperty().get()).isNull();
        assertThat(state.reasonBinding().get()).isEmpty();
    }
}
