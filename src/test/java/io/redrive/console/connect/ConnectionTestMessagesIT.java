package io.redrive.console.connect;

import io.redrive.console.TaskExecutor;
import io.redrive.console.connect.ConnectionTestModel.TestState;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.testing.AnsweringDialogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Test button against real servers: one that is not there, and one that wants a password. */
class ConnectionTestMessagesIT {
    private static EmbeddedRedis guarded;

    @TempDir
    Path dir;

    @BeforeAll
    static void startAServerWithAPassword() {
        guarded = EmbeddedRedis.startWith("--requirepass", "right-password");
    }

    @AfterAll
    static void stop() {
        guarded.close();
    }

    private ConnectViewModel form(int port, String password) {
        ConnectViewModel model = new ConnectViewModel(new ProfileStore(dir.resolve("profiles.json")),
                SecretStore.askEachTime("Test."), TaskExecutor.direct(), new AnsweringDialogs());
        model.hostProperty().set("127.0.0.1");
        model.portProperty().set(String.valueOf(port));
        model.passwordProperty().set(password);
        return model;
    }

    @Test
    void aPortNobodyListensOnIsARefusedConnection() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ConnectViewModel model = form(closed, "");

        model.test();

        assertThat(model.testStateProperty().get()).isEqualTo(TestState.FAILED);
        assertThat(model.testResultProperty().get()).startsWith("Connection refused:").contains("Is Redis running there");
    }

    @Test
    void theWrongPasswordIsSaidToBeWrong() {
        ConnectViewModel model = form(guarded.port(), "wrong-password");

        model.test();

        assertThat(model.testStateProperty().get()).isEqualTo(TestState.FAILED);
        assertThat(model.testResultProperty().get()).startsWith("Wrong password:");
    }

    @Test
    void noPasswordForAGuardedServerAsksForOne() {
        ConnectViewModel model = form(guarded.port(), "");

        model.test();

        assertThat(model.testResultProperty().get()).contains("needs a password (NOAUTH)");
    }

    @Test
    void theRightPasswordConnects() {
        ConnectViewModel model = form(guarded.port(), "right-password");

        model.test();

        assertThat(model.testStateProperty().get()).isEqualTo(TestState.SUCCEEDED);
        assertThat(model.testResultProperty().get()).startsWith("Connected: PING answered in");
    }

    @Test
    void editingTheFormClearsAnOldResult() {
        ConnectViewModel model = form(guarded.port(), "right-password");
        model.test();

        model.portProperty().set("1");

        assertThat(model.testStateProperty().get()).isEqualTo(TestState.IDLE);
        assertThat(model.testResultProperty().get()).isEmpty();
    }
}
