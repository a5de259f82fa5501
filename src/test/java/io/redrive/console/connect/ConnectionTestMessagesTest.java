package io.redrive.console.connect;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.redrive.redis.RedisUnavailableException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/** How the Test button words each way a connection fails, from the exceptions Lettuce and the JDK throw. */
class ConnectionTestMessagesTest {

    private static Throwable cannotConnect(Throwable cause) {
        return new RedisUnavailableException("Cannot connect to Redis at redis://h:6379",
                new RedisConnectionException("Unable to connect to h/<unresolved>:6379", cause));
    }

    @Test
    void aRefusedConnectionAsksWhetherRedisRunsThere() {
        String said = ConnectionTestModel.explain(cannotConnect(new ConnectException("Connection refused: /127.0.0.1:6390")));

        assertThat(said).startsWith("Connection refused:").contains("Is Redis running there");
    }

    @Test
    void wrongPasswordSaysSo() {
        String said = ConnectionTestModel.explain(cannotConnect(new RedisCommandExecutionException(
                "WRONGPASS invalid username-password pair or user is disabled.")));

        assertThat(said).startsWith("Wrong password:").contains("WRONGPASS");
    }

    @Test
    void anOlderServersInvalidPasswordIsAWrongPasswordToo() {
        assertThat(ConnectionTestModel.explain(cannotConnect(new RedisCommandExecutionException("ERR invalid password"))))
                .startsWith("Wrong password:");
    }

    @Test
    void noAuthAsksForThePassword() {
        String said = ConnectionTestModel.explain(new RedisCommandExecutionException("NOAUTH Authentication required."));

        assertThat(said).contains("needs a password (NOAUTH)");
    }

    @Test
    void aPasswordForAServerWithoutOneSaysToLeaveItEmpty() {
        String said = ConnectionTestModel.explain(cannotConnect(new RedisCommandExecutionException(
                "ERR AUTH <password> called without any password configured for the default user.")));

        assertThat(said).contains("leave the Password field empty");
    }

    @Test
    void aTlsHandshakeFailureNamesTheCertificateProblem() {
        String said = ConnectionTestModel.explain(cannotConnect(new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target")));

        assertThat(said).startsWith("TLS handshake failed").contains("PKIX path building failed").contains("CA file");
    }

    @Test
    void aTimeoutSuggestsFirewallsAndTls() {
        assertThat(ConnectionTestModel.explain(new RedisUnavailableException("Redis did not answer",
                new RedisCommandTimeoutException("Command timed out after 5 second(s)"))))
                .startsWith("Timed out:").contains("turn TLS on");
        assertThat(ConnectionTestModel.explain(cannotConnect(new ConnectException("connection timed out: /10.255.255.1:6379"))))
                .startsWith("Timed out:");
    }

    @Test
    void anUnknownHostIsNamed() {
        String said = ConnectionTestModel.explain(cannotConnect(new UnknownHostException("redis.nowhere.invalid: Name or service not known")));

        assertThat(said).isEqualTo("Unknown host: 'redis.nowhere.invalid' does not resolve to an address. "
                + "Check the spelling, your DNS or your VPN.");
    }

    @Test
    void anythingElseKeepsTheDriversWords() {
        assertThat(ConnectionTestModel.explain(new IllegalStateException("something odd")))
                .isEqualTo("Could not connect: something odd.");
    }
}
