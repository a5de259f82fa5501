package io.redrive.cli;

import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it, against the test Redis. */
class MainIT {

    @Test
    void versionAndHelpAnswer() {
        assertThat(new Main.Version().getVersion()[0]).startsWith("Redrive ").contains("Java 17");
        String usage = Main.commandLine().getUsageMessage();
        assertThat(usage).contains("engine", "demo", "check", "bench", "--version");
        assertThat(Main.commandLine().getSubcommands().get("bench").getUsageMessage()).contains("engine");
    }

    @Test
    void checkReportsACleanInstallationAndExitsZero() {
        String prefix = TestRedis.newPrefix();
        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .upkeep(false).build())) {
            engine.queue("documents").enqueue(OutgoingMessage.of("x"));
        }
        CommandLineRun check = CommandLineRun.of("check", "--redis", TestRedis.url(), "--prefix", prefix);
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).contains("Checked 1 message in 1 queue: every message is in exactly one state.");

        CommandLineRun json = CommandLineRun.of("check", "--redis", TestRedis.url(), "--prefix", prefix, "--json");
        assertThat(json.out()).contains("\"messagesChecked\":1,\"clean\":true,\"problems\":[]");
    }

    @Test
    void aRedisThatIsNotThereGivesOneClearLineAndExitCodeOne() {
        CommandLineRun check = CommandLineRun.of("check", "--redis", "redis://127.0.0.1:1");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err()).contains("redrive check: Cannot connect to Redis at redis://127.0.0.1:1: connection refused");
        assertThat(check.err()).doesNotContain("\tat ");
    }

    @Test
    void aMalformedSettingIsNamed() {
        CommandLineRun bad = CommandLineRun.of("check", "--redis", TestRedis.url(), "--prefix", "bad prefix!");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("Key prefix must be 1-64 letters, digits or . _ : -");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CommandLineRun unknown = CommandLineRun.of("replay-everything");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument");
    }
}
