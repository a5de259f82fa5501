package io.redrive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditAction;
import io.redrive.ops.AuditEntry;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.testing.TestClock;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code redrive audit} as an operator runs it, over entries recorded through the engine. */
class AuditCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = TestRedis.newPrefix();
    private AuditEntry purge;
    private AuditEntry replay;
    private AuditEntry edit;

    /** Three entries: a purge three hours ago, then a replay and an edit just now. */
    @BeforeEach
    void recordSomeActions() {
        TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(3)));
        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .clock(clock).upkeep(false).build())) {
            purge = engine.audit().record(Actor.named("alice@ops-1"), "purge", "queue summaries", 40, "ok", null);
            clock.advance(Duration.ofHours(3));
            replay = engine.audit().record(Actor.named("bob@laptop"), "replay", "group 3fa9c2 in queue documents", 12,
                    "ok", Map.of("queue", "documents"));
            clock.advance(Duration.ofSeconds(1));
            edit = engine.audit().record(Actor.named("carol@desk"), "edit", "message m-7", 1, "failed: message gone",
                    Map.of("queue", "documents"));
        }
    }

    private CommandLineRun audit(String... args) {
        List<String> all = new ArrayList<>(List.of("audit", "--redis", TestRedis.url(), "--prefix", prefix));
        all.addAll(List.of(args));
        return CommandLineRun.of(all);
    }

    @Test
    void jsonPrintsOneObjectPerEntryNewestFirst() throws IOException {
        CommandLineRun run = audit("--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(3);
        List<JsonNode> entries = new ArrayList<>();
        for (String line : run.lines()) {
            entries.add(JSON.readTree(line));
        }
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("edit", "replay", "purge");
        JsonNode replayed = entries.get(1);
        assertThat(replayed.get("id").asText()).isEqualTo(replay.id());
        assertThat(Instant.parse(replayed.get("at").asText())).isEqualTo(replay.at());
        assertThat(replayed.get("actor").asText()).isEqualTo("bob@laptop");
        assertThat(replayed.get("target").asText()).isEqualTo("group 3fa9c2 in queue documents");
        assertThat(replayed.get("count").asLong()).isEqualTo(12);
        assertThat(replayed.get("details").get("queue").asText()).isEqualTo("documents");
    }

    @Test
    void theTableShowsLocalTimesInAlignedColumns() {
        CommandLineRun run = audit();

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.lines();
        assertThat(lines).hasSize(4);
        String header = lines.get(0);
        assertThat(header).startsWith("TIME").contains("ACTOR", "ACTION", "TARGET", "COUNT", "OUTCOME");
        String editRow = lines.get(1);
        String purgeRow = lines.get(3);
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        assertThat(editRow).startsWith(local.format(edit.at().atZone(ZoneId.systemDefault())));
        assertThat(purgeRow).startsWith(local.format(purge.at().atZone(ZoneId.systemDefault())));
        assertThat(editRow.indexOf("carol@desk")).isEqualTo(header.indexOf("ACTOR"));
        assertThat(editRow.indexOf("edit ")).isEqualTo(header.indexOf("ACTION"));
        assertThat(purgeRow.indexOf("queue summaries")).isEqualTo(header.indexOf("TARGET"));
        assertThat(editRow.indexOf("failed: message gone")).isEqualTo(header.indexOf("OUTCOME"));
        assertThat(purgeRow).endsWith("40  ok");
    }

    @Test
    void aFullPageSaysHowToSeeOlderEntries() {
        CommandLineRun run = audit("--limit", "2");

        assertThat(run.lines()).hasSize(4);
        assertThat(run.lines().get(3)).isEqualTo("Showing the newest 2; for older entries add --before " + replay.id()
                + ", or use --export FILE for all.");
        CommandLineRun next = audit("--limit", "2", "--before", replay.id(), "--json");
        assertThat(next.lines()).hasSize(1).allSatisfy(line -> assertThat(line).contains("\"id\":\"" + purge.id() + "\""));
    }

    @Test
    void filtersNarrowTheList() {
        assertThat(actions(audit("--json", "--since", "1h"))).containsExactly("edit", "replay");
        assertThat(actions(audit("--json", "--until", "2h"))).containsExactly("purge");
        assertThat(actions(audit("--json", "--since", replay.at().toString()))).containsExactly("edit", "replay");
        assertThat(actions(audit("--json", "--since", "PT4H", "--until", replay.at().toString()))).containsExactly("replay", "purge");
        assertThat(actions(audit("--json", "--action", "replay"))).containsExactly("replay");
        assertThat(actions(audit("--json", "--action", "replay,purge"))).containsExactly("replay", "purge");
        assertThat(actions(audit("--json", "--action", "edit", "--action", "purge"))).containsExactly("edit", "purge");
        assertThat(actions(audit("--json", "--actor", "carol"))).containsExactly("edit");
        assertThat(actions(audit("--json", "--text", "documents"))).containsExactly("edit", "replay");
        assertThat(audit("--action", "restore").out()).isEqualTo("No audit entries match." + System.lineSeparator());
    }

    @Test
    void exportWritesEveryMatchingEntryToAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("audit.jsonl");
        CommandLineRun run = audit("--export", file.toString(), "--limit", "1", "--since", "4h");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Exported 3 audit entries to " + file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(2)).get("id").asText()).isEqualTo(purge.id());
    }

    @Test
    void aTimeThatIsNeitherAnInstantNorADurationIsOneClearLine() {
        CommandLineRun run = audit("--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("redrive audit: --since: cannot read 'yesterday'; write a time ago such as 30m, 2h or 7d, "
                + "a local time such as 2026-11-25 14:30, a date, or an instant such as 2026-11-25T12:00:00Z");
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anActionNothingRecordsIsOneSentenceListingTheRealOnes() {
        CommandLineRun run = audit("--action", "policy-change");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("redrive audit: --action: nothing records 'policy-change'. "
                + "The audit log records these actions: replay, ").contains("cache-invalidate")
                .endsWith(AuditAction.sentenceListingAll() + System.lineSeparator());
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anActionIsAcceptedInAnyCase() {
        assertThat(actions(audit("--json", "--action", "PURGE"))).containsExactly("purge");
    }

    @Test
    void anExportIntoAMissingDirectoryIsOneClearLine(@TempDir Path dir) {
        CommandLineRun run = audit("--export", dir.resolve("no/such/dir/audit.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("redrive audit: Could not write the export to").contains("its directory does not exist");
    }

    @Test
    void theCommandIsListedInTheHelp() {
        assertThat(Main.commandLine().getUsageMessage()).contains("audit");
        assertThat(Main.commandLine().getSubcommands().get("audit").getUsageMessage())
                .contains("--since", "--until", "--action", "--actor", "--text", "--limit", "--json", "--export", "--redis");
    }

    private static List<String> actions(CommandLineRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.lines().stream().flatMap(line -> {
            try {
                return Stream.of(JSON.readTree(line).get("action").asText());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }).toList();
    }
}
