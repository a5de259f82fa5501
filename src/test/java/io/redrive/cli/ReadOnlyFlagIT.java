package io.redrive.cli;

import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --read-only} on a Redis user that could write: the writing commands stop with the engine's one sentence
 * and exit 1 without changing a key; the reading ones work as without it.
 */
class ReadOnlyFlagIT {
    private static final String PREFIX = TestRedis.newPrefix();

    private static List<String> dead;
    private static String trashed;
    private static String scheduled;

    @TempDir
    static Path files;

    @BeforeAll
    static void deadLettersATrashedOneAndAScheduledOne() throws Exception {
        ReadOnlyFixture fixture = ReadOnlyFixture.seed(PREFIX);
        dead = fixture.dead();
        trashed = fixture.trashed();
        scheduled = fixture.scheduled();
    }

    @Test
    void everyWritingCommandStopsWithTheSentenceAndChangesNothing() throws IOException {
        Path importFile = files.resolve("import.jsonl");
        assertThat(readOnly("dlq", "export", "--queue", "orders", "--output", importFile.toString()).exitCode()).isZero();
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), PREFIX + ":");
        List<String[]> writes = List.of(
                new String[] {"dlq", "replay", "--queue", "orders", "--yes"},
                new String[] {"dlq", "replay", "--queue", "orders", "--dry-run"},
                new String[] {"dlq", "replay", "--id", dead.get(0), "--queue", "orders", "--yes"},
                new String[] {"dlq", "purge", "--queue", "orders", "--yes"},
                new String[] {"dlq", "edit", "orders", dead.get(0), "--payload", "{\"order\":9}", "--reason", "fix"},
                new String[] {"dlq", "restore", "--queue", "orders", "--id", trashed, "--yes"},
                new String[] {"dlq", "import", importFile.toString(), "--into", "elsewhere"},
                new String[] {"dlq", "retry-now", "--queue", "payments", "--id", scheduled},
                new String[] {"dlq", "kill", "--queue", "payments", "--id", scheduled},
                new String[] {"cache", "ttl", "document", "60"},
                new String[] {"cache", "invalidate", "document", "some-key"},
                new String[] {"engine"});
        for (String[] write : writes) {
            CommandLineRun run = readOnly(write);
            String command = String.join(" ", write);
            assertThat(run.exitCode()).as(command + ": " + run.out() + run.err()).isEqualTo(1);
            assertThat(run.err().strip()).as(command).endsWith(": " + ReadOnlyException.SENTENCE);
        }
        assertThat(KeyDigest.snapshot(TestRedis.url(), PREFIX + ":")).as("every key under the prefix").isEqualTo(before);
    }

    @Test
    void readingCommandsWorkAsWithoutIt() {
        CommandLineRun list = readOnly("dlq", "list", "--queue", "orders");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(dead.get(0), dead.get(1)).doesNotContain(trashed);

        CommandLineRun show = readOnly("dlq", "show", "orders", dead.get(0));
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("Message " + dead.get(0) + " in queue orders");

        CommandLineRun check = readOnly("check", "--repair");
        assertThat(check.exitCode()).as(check.err()).isZero();

        CommandLineRun scheduledList = readOnly("dlq", "scheduled", "--queue", "payments");
        assertThat(scheduledList.exitCode()).as(scheduledList.err()).isZero();
        assertThat(scheduledList.out()).contains(scheduled);

        CommandLineRun audit = readOnly("audit");
        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("setup", "purge");
    }

    private static CommandLineRun readOnly(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--redis", TestRedis.url(), "--prefix", PREFIX, "--read-only"));
        return CommandLineRun.of(line);
    }
}
