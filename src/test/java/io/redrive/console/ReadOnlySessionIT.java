package io.redrive.console;

import io.redrive.engine.OutgoingMessage;
import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A read-only connection is enforced by the console's engine itself, not only by disabled buttons. */
class ReadOnlySessionIT {
    private final String prefix = TestRedis.newPrefix();

    @Test
    void aReadOnlyConnectionOpensAnEngineThatRefusesWrites() {
        ConnectionSettings target = new ConnectionSettings("test", TestRedis.url(), prefix, Environment.PRODUCTION, true);
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);
        try (Session session = Session.open(target, Map.of())) {
            assertThat(session.readOnly()).isTrue();
            assertThat(session.engine().options().readOnly()).isTrue();
            assertThatThrownBy(() -> session.engine().queue("orders").enqueue(OutgoingMessage.json("{}")))
                    .isInstanceOf(ReadOnlyException.class).hasMessage(ReadOnlyException.SENTENCE);
        }
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
    }

    @Test
    void aWritableConnectionOpensAWritableEngine() {
        ConnectionSettings target = new ConnectionSettings("test", TestRedis.url(), prefix, Environment.DEVELOPMENT, false);
        try (Session session = Session.open(target, Map.of())) {
            assertThat(session.readOnly()).isFalse();
            assertThat(session.engine().queue("orders").enqueue(OutgoingMessage.json("{}"))).isNotBlank();
        }
    }
}
