package io.redrive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.ops.AuditQuery;
import io.redrive.engine.Backoff;
import io.redrive.engine.CheckReport;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.MessageState;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code redrive dlq ...} as an operator runs it, against dead letters the real engine made on the test Redis. */
class DlqCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = TestRedis.newPrefix();
    private final List<Engine> engines = new ArrayList<>();

    @TempDir
    Path dir;

    /** {@code dlq SUBCOMMAND ARGS... --redis URL --prefix PREFIX}. */
    private CommandLineRun dlqIn(String keyPrefix, String... args) {
        List<String> line = new ArrayList<>(List.of("dlq"));
        line.addAll(List.of(args));
        line.addAll(List.of("--redis", TestRedis.url(), "--prefix", keyPrefix));
        return CommandLineRun.of(line.toArray(String[]::new));
    }

    private CommandLineRun dlq(String... args) {
        return dlqIn(prefix, args);
    }

    private Engine engine(String keyPrefix) {
        Engine engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(keyPrefix)
                .upkeep(false).commandTimeout(Duration.ofSeconds(5)).build());
        engines.add(engine);
        return engine;
    }

    private static WorkerOptions fastWorker() {
        return WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5))
                .nonRetryable(List.of(IllegalArgumentException.class)).build();
    }

    /** Dead letters made the real way: a worker whose handler fails every message with a non-retryable error. */
    private static List<String> deadLetters(Engine engine, String queue, Function<String, RuntimeException> failure,
                                            OutgoingMessage... messages) {
        Queue q = engine.queue(queue);
        long before = q.counts().dead();
        List<String> ids = q.enqueueAll(List.of(messages));
        Worker worker = engine.worker(queue, d -> {
            throw failure.apply(d.text());
        }, fastWorker());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> q.counts().dead() == before + messages.length);
        } finally {
            worker.close();
        }
        return ids;
    }

    /** Three documents that fail as non-retryable, and one image that fails with a configured non-retryable class. */
    private Fixture fixture() {
        Engine engine = engine(prefix);
        List<String> documents = deadLetters(engine, "documents", text -> new NonRetryableException("cannot parse " + text),
                OutgoingMessage.json("{\"doc\":1,\"title\":\"first\"}").traceId("trace-1"),
                OutgoingMessage.json("{\"doc\":2}"), OutgoingMessage.json("{\"doc\":3}"));
        List<String> images = deadLetters(engine, "images", DlqCommandIT::sizeMustBePositive, OutgoingMessage.of("negative size"));
        return new Fixture(engine, documents, images.get(0));
    }

    /** One place that throws, so that failures land in one failure group (its top stack frames are the same). */
    private static RuntimeException sizeMustBePositive(String payload) {
        return new IllegalArgumentException("size must be positive");
    }

    private record Fixture(Engine engine, List<String> documents, String image) { }

    @AfterEach
    void checkAndClose() {
        try {
            for (Engine engine : engines) {
                CheckReport report = engine.check();
                assertThat(report.problems()).as("consistency check after the test").isEmpty();
            }
        } finally {
            engines.forEach(Engine::close);
        }
    }

    @Test
    void listShowsATableOfDeadLettersAndTheCountOnStderr() {
        Fixture f = fixture();

        CommandLineRun list = dlq("list");

        assertThat(list.exitCode()).isZero();
        String[] lines = list.out().split("\n");
        assertThat(lines[0]).matches("DIED +QUEUE +ID +ATTEMPTS +REPLAYS +ERROR");
        assertThat(lines).hasSize(5);
        assertThat(list.out()).contains(f.image(), "IllegalArgumentException: size must be positive");
        f.documents().forEach(id -> assertThat(list.out()).contains(id));
        assertThat(list.out()).contains("NonRetryableException: cannot parse {\"doc\":2}");
        assertThat(list.err()).contains("4 of about 4 dead letters; no more pages.");
    }

    @Test
    void listAsJsonGivesItemsTotalAndACursorForTheNextPage() throws Exception {
        Fixture f = fixture();

        CommandLineRun first = dlq("list", "--queue", "documents", "--sort", "oldest", "--limit", "2", "--json");

        assertThat(first.exitCode()).isZero();
        JsonNode page = JSON.readTree(first.out());
        assertThat(page.get("items")).hasSize(2);
        JsonNode one = page.get("items").get(0);
        assertThat(one.get("queue").asText()).isEqualTo("documents");
        assertThat(one.get("attempts").asInt()).isEqualTo(1);
        assertThat(one.get("errorClass").asText()).isEqualTo(NonRetryableException.class.getName());
        assertThat(one.get("deadAt").asText()).endsWith("Z");
        assertThat(page.get("total").asLong()).isEqualTo(3);
        String cursor = page.get("cursor").asText();

        JsonNode rest = JSON.readTree(dlq("list", "--queue", "documents", "--sort", "oldest", "--limit", "2",
                "--cursor", cursor, "--json").out());
        assertThat(rest.get("items")).hasSize(1);
        assertThat(rest.get("cursor").isNull()).isTrue();
        List<String> seen = new ArrayList<>();
        page.get("items").forEach(d -> seen.add(d.get("id").asText()));
        rest.get("items").forEach(d -> seen.add(d.get("id").asText()));
        assertThat(seen).as("two pages, each dead letter once").containsExactlyInAnyOrderElementsOf(f.documents());
    }

    @Test
    void listFiltersByErrorClassErrorTextTimeAndHeader() throws Exception {
        Fixture f = fixture();

        JsonNode byClass = JSON.readTree(dlq("list", "--error-class", IllegalArgumentException.class.getName(), "--json").out());
        assertThat(byClass.get("items")).singleElement().satisfies(d -> assertThat(d.get("id").asText()).isEqualTo(f.image()));

        CommandLineRun byText = dlq("list", "--error-text", "DOC\":2");
        assertThat(byText.out()).contains(f.documents().get(1)).doesNotContain(f.documents().get(0), f.image());

        assertThat(JSON.readTree(dlq("list", "--since", "1h", "--json").out()).get("items")).hasSize(4);
        assertThat(JSON.readTree(dlq("list", "--until", "2000-01-01T00:00:00Z", "--json").out()).get("items")).isEmpty();
        assertThat(JSON.readTree(dlq("list", "--header", "trace-id=trace-1", "--json").out()).get("items"))
                .singleElement().satisfies(d -> assertThat(d.get("id").asText()).isEqualTo(f.documents().get(0)));
    }

    @Test
    void aMistypedQueueOrTimeIsNamed() {
        fixture();

        CommandLineRun typo = dlq("list", "--queue", "documnets");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("redrive dlq list: Unknown queue 'documnets'. Known queues: documents, images");

        CommandLineRun badTime = dlq("list", "--since", "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("--since: cannot read 'yesterday'; write a time ago such as 30m, 2h or 7d");

        CommandLineRun groupWithoutQueue = dlq("replay", "--group", "abc", "--yes");
        assertThat(groupWithoutQueue.exitCode()).isEqualTo(2);
        assertThat(groupWithoutQueue.err()).contains("give --group with exactly one --queue");

        CommandLineRun noTarget = dlq("purge", "--yes");
        assertThat(noTarget.exitCode()).isEqualTo(2);
        assertThat(noTarget.err()).contains("Say which dead letters");
    }

    @Test
    void groupsGatherDeadLettersThatFailedAlike() throws Exception {
        Fixture f = fixture();
        deadLetters(f.engine(), "images", DlqCommandIT::sizeMustBePositive, OutgoingMessage.of("another negative size"));

        CommandLineRun table = dlq("groups");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().split("\n")[0]).matches("FINGERPRINT +QUEUE +COUNT +FIRST SEEN +LAST SEEN +EXCEPTION +SAMPLE");
        assertThat(table.out()).contains(IllegalArgumentException.class.getName(), "IllegalArgumentException: size must be positive");

        JsonNode groups = JSON.readTree(dlq("groups", "--queue", "images", "--json").out());
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.get("count").asLong()).isEqualTo(2);
            assertThat(g.get("queue").asText()).isEqualTo("images");
            assertThat(g.get("exceptionClass").asText()).isEqualTo(IllegalArgumentException.class.getName());
        });

        String fingerprint = groups.get(0).get("fingerprint").asText();
        JsonNode inGroup = JSON.readTree(dlq("list", "--queue", "images", "--group", fingerprint, "--json").out());
        assertThat(inGroup.get("items")).hasSize(2);
    }

    @Test
    void showPrintsPayloadHeadersEveryErrorWithItsStackTraceAndTheTimeline() throws Exception {
        Fixture f = fixture();
        String id = f.documents().get(0);

        CommandLineRun show = dlq("show", "documents", id);

        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("Message " + id + " in queue documents", "dead (non-retryable)",
                "content-type  application/json", "trace-id", "trace-1");
        assertThat(show.out()).contains("Payload (25 bytes, json)", "    \"doc\": 1,", "    \"title\": \"first\"");
        assertThat(show.out()).contains("#1", NonRetryableException.class.getName() + ": cannot parse",
                "at io.redrive.cli.DlqCommandIT");
        assertThat(show.out()).contains("Timeline", "enqueued", "failed", "dead-lettered");

        JsonNode json = JSON.readTree(dlq("show", "documents", id, "--json").out());
        assertThat(json.get("payload").asText()).isEqualTo("{\"doc\":1,\"title\":\"first\"}");
        assertThat(json.get("payloadFormat").asText()).isEqualTo("json");
        assertThat(json.get("errors").get(0).get("stackTrace").asText()).contains("DlqCommandIT");

        CommandLineRun missing = dlq("show", "documents", "no-such-id");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("redrive dlq show: There is no message no-such-id in queue documents.");
    }

    @Test
    void showDumpsABinaryPayloadInHex() {
        Engine engine = engine(prefix);
        String id = deadLetters(engine, "blobs", text -> new NonRetryableException("not an image"),
                OutgoingMessage.of(new byte[] {0, 1, 2, (byte) 0xff, 'P', 'N', 'G'})).get(0);

        CommandLineRun show = dlq("show", "blobs", id);

        assertThat(show.out()).contains("Payload (7 bytes, binary)", "00000000  00 01 02 ff 50 4e 47", "|....PNG|");
    }

    @Test
    void showOpensAMessageWhoseStoredHeadersAreDamagedAndEditFixesThem() throws Exception {
        Engine engine = engine(prefix);
        Queue q = engine.queue("documents");
        String id = q.enqueue(OutgoingMessage.json("{\"doc\":1}"));
        // damage as it happens outside the engine: another tool writes the hash
        try (var client = io.lettuce.core.RedisClient.create(TestRedis.url()); var connection = client.connect()) {
            connection.sync().hset(new io.redrive.redis.KeySchema(prefix).queue("documents").message(id), "headers", "not json");
        }
        Worker worker = engine.worker("documents", d -> { }, fastWorker());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> q.counts().dead() == 1);
        } finally {
            worker.close();
        }

        CommandLineRun show = dlq("show", "documents", id);

        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains(DeadLetterDetail.MALFORMED_HEADERS, "    not json",
                "MalformedMessageException: stored headers are not a JSON object of strings: 'not json'");
        assertThat(JSON.readTree(dlq("show", "documents", id, "--json").out()).get("storedHeaders").asText()).isEqualTo("not json");

        CommandLineRun edit = dlq("edit", "documents", id, "--payload", "{\"doc\":1}", "--header", "content-type=application/json",
                "--reason", "headers were damaged", "--actor", "alice");

        assertThat(edit.exitCode()).as(edit.err()).isZero();
        JsonNode fixed = JSON.readTree(dlq("show", "documents", id, "--json").out());
        assertThat(fixed.has("storedHeaders")).isFalse();
        assertThat(fixed.get("headers").get("content-type").asText()).isEqualTo("application/json");
    }

    @Test
    void importRefusesAnEventWhoseTimeIsAWordWithItsLineNumberAndWritesNothing() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"queue\":\"documents\",\"id\":\"m1\",\"fields\":{\"state\":\"dead\",\"deadAt\":\"5\"},"
                + "\"payload\":\"e30=\",\"events\":[{\"at\":\"yesterday\",\"type\":\"failed\"}]}\n");

        CommandLineRun imported = dlq("import", file.toString());

        assertThat(imported.exitCode()).isNotZero();
        assertThat(imported.err()).contains("Line 1: event 1's time must be a whole number of milliseconds, not \"yesterday\"",
                "nothing was imported");
        assertThat(engine(prefix).queue("documents").counts().dead()).isZero();
    }

    @Test
    void aDryRunReplayShowsWhatWouldHappenAndChangesNothing() throws Exception {
        Fixture f = fixture();

        CommandLineRun dryRun = dlq("replay", "--queue", "documents", "--dry-run");

        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.out()).contains("Dry run: replay 3 dead letters", "Destination     their own queue", "Count           3 dead letters", "Nothing was changed.");
        f.documents().forEach(id -> assertThat(dryRun.out()).contains(id));
        assertThat(f.engine().queue("documents").counts().dead()).isEqualTo(3);

        JsonNode json = JSON.readTree(dlq("replay", "--queue", "documents", "--to", "documents-retry", "--dry-run", "--json").out());
        assertThat(json.get("count").asLong()).isEqualTo(3);
        assertThat(json.get("destination").asText()).isEqualTo("queue documents-retry");
        assertThat(json.get("sample")).hasSize(3);
        assertThat(f.engine().queue("documents").counts().dead()).isEqualTo(3);
        assertThat(f.engine().queueNames()).doesNotContain("documents-retry");
    }

    @Test
    void aBulkReplayWithoutYesOrATerminalIsRefused() {
        Fixture f = fixture();

        CommandLineRun refused = dlq("replay", "--queue", "documents");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("Dry run: replay 3 dead letters");
        assertThat(refused.err()).contains("redrive dlq replay: Not replaying 3 dead letters without confirmation", "pass --yes");
        assertThat(f.engine().queue("documents").counts().dead()).isEqualTo(3);
    }

    @Test
    void replayWithYesSendsTheDeadLettersBackToTheirQueue() throws Exception {
        Fixture f = fixture();

        CommandLineRun replay = dlq("replay", "--queue", "documents", "--yes", "--actor", "ops-bot");

        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out()).contains("Replayed 3 dead letters in");
        assertThat(replay.err()).contains("Replay  [########################] 100%  3/3");
        Queue documents = f.engine().queue("documents");
        assertThat(documents.counts().dead()).isZero();
        assertThat(documents.counts().ready()).isEqualTo(3);
        for (String id : f.documents()) {
            assertThat(documents.message(id).orElseThrow().state()).isEqualTo(MessageState.READY);
            assertThat(documents.message(id).orElseThrow().replays()).isEqualTo(1);
        }
        assertThat(f.engine().queue("images").counts().dead()).as("another queue is left alone").isEqualTo(1);
    }

    @Test
    void aBulkActionFromTheCommandLineIsInTheAuditLogWhenTheCommandEnds() {
        Fixture f = fixture();

        assertThat(dlq("replay", "--queue", "documents", "--yes", "--actor", "ops-bot").exitCode()).isZero();

        // no waiting: the command closes its engine as soon as the operation ends, so the entry must be written by then
        assertThat(f.engine().audit().list(AuditQuery.builder().action("replay").build())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("ops-bot");
            assertThat(e.count()).isEqualTo(3);
            assertThat(e.target()).isEqualTo("dead letters in documents");
        });
    }

    @Test
    void replayingIdsNeedsNoConfirmationAndReportsAsJson() throws Exception {
        Fixture f = fixture();

        CommandLineRun replay = dlq("replay", "--queue", "images", "--id", f.image(), "--keep-attempts", "--json");

        assertThat(replay.exitCode()).isZero();
        JsonNode outcome = JSON.readTree(replay.out());
        assertThat(outcome.get("state").asText()).isEqualTo("completed");
        assertThat(outcome.get("replayed").asLong()).isEqualTo(1);
        assertThat(outcome.get("skipped").asLong()).isZero();
        assertThat(f.engine().queue("images").message(f.image()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(f.engine().queue("images").message(f.image()).orElseThrow().state()).isEqualTo(MessageState.READY);
    }

    @Test
    void editingAJsonMessageWithInvalidJsonFailsClearlyAndChangesNothing() {
        Fixture f = fixture();
        String id = f.documents().get(1);

        CommandLineRun edit = dlq("edit", "documents", id, "--payload", "{\"doc\":2,", "--reason", "fix the title");

        assertThat(edit.exitCode()).isEqualTo(1);
        assertThat(edit.err()).contains("redrive dlq edit: The payload is not valid JSON").doesNotContain("\tat ");
        DeadLetterDetail detail = f.engine().deadLetters().show("documents", id).orElseThrow();
        assertThat(detail.version()).isZero();
        assertThat(detail.message().text()).isEqualTo("{\"doc\":2}");
    }

    @Test
    void anEditKeepsThePreviousVersionAndCanBeReverted() throws Exception {
        Fixture f = fixture();
        String id = f.documents().get(1);
        Path file = dir.resolve("fixed.json");
        Files.writeString(file, "{\"doc\":2,\"title\":\"fixed\"}");

        CommandLineRun edit = dlq("edit", "documents", id, "--payload-file", file.toString(), "--header", "x-fixed-by=ops",
                "--reason", "add the missing title");

        assertThat(edit.exitCode()).isZero();
        assertThat(edit.out()).contains("Saved version 1 of message " + id);
        DeadLetterDetail edited = f.engine().deadLetters().show("documents", id).orElseThrow();
        assertThat(edited.message().text()).isEqualTo("{\"doc\":2,\"title\":\"fixed\"}");
        assertThat(edited.message().headers()).containsEntry("x-fixed-by", "ops").containsEntry("content-type", "application/json");

        CommandLineRun stale = dlq("edit", "documents", id, "--payload", "{}", "--reason", "again", "--version", "0");
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.err()).contains("was edited by someone else meanwhile");

        CommandLineRun revert = dlq("edit", "documents", id, "--revert-to", "0", "--reason", "the title was not the problem");
        assertThat(revert.exitCode()).isZero();
        assertThat(revert.out()).isEqualTo("Reverted message " + id + " to version 0: now version 2.\n");
        assertThat(f.engine().deadLetters().show("documents", id).orElseThrow().message().text()).isEqualTo("{\"doc\":2}");
        assertThat(dlq("show", "documents", id).out()).contains("Earlier versions", "add the missing title");

        CommandLineRun both = dlq("edit", "documents", id, "--payload", "{}", "--revert-to", "0", "--reason", "x");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void purgeMovesDeadLettersToTheTrashAndRestoreBringsThemBack() throws Exception {
        Fixture f = fixture();
        Queue documents = f.engine().queue("documents");

        CommandLineRun purge = dlq("purge", "--queue", "documents", "--yes");

        assertThat(purge.exitCode()).isZero();
        assertThat(purge.out()).contains("Purged 3 dead letters in");
        assertThat(documents.counts().dead()).isZero();
        assertThat(f.engine().deadLetters().trashCount("documents")).isEqualTo(3);

        CommandLineRun trash = dlq("trash", "--queue", "documents");
        f.documents().forEach(id -> assertThat(trash.out()).contains(id));
        assertThat(trash.err()).contains("3 of 3 in the trash of queue documents");

        CommandLineRun restoreOne = dlq("restore", "--queue", "documents", "--id", f.documents().get(0), "--json");
        assertThat(JSON.readTree(restoreOne.out()).get("restored").asLong()).isEqualTo(1);
        assertThat(documents.counts().dead()).isEqualTo(1);

        CommandLineRun unconfirmed = dlq("restore", "--queue", "documents");
        assertThat(unconfirmed.exitCode()).as("the whole trash needs a confirmation").isEqualTo(1);
        assertThat(unconfirmed.out()).contains("Dry run: restore 2 dead letters");
        assertThat(unconfirmed.err()).contains("Not restoring 2 dead letters without confirmation");
        assertThat(documents.counts().dead()).isEqualTo(1);

        CommandLineRun restoreRest = dlq("restore", "--queue", "documents", "--yes");
        assertThat(restoreRest.exitCode()).isZero();
        assertThat(restoreRest.out()).contains("Restored 2 dead letters");
        assertThat(documents.counts().dead()).isEqualTo(3);
        assertThat(f.engine().deadLetters().trashCount("documents")).isZero();
        for (String id : f.documents()) {
            assertThat(documents.message(id).orElseThrow().state()).isEqualTo(MessageState.DEAD);
        }
    }

    @Test
    void aDryRunsPreviewIdCarriesOutExactlyWhatItCountedAndSaysWhatArrivedMeanwhile() throws Exception {
        Fixture f = fixture();
        JsonNode dryRun = JSON.readTree(dlq("replay", "--queue", "documents", "--dry-run", "--json").out());
        String previewId = dryRun.get("previewId").asText();
        assertThat(dryRun.get("count").asLong()).isEqualTo(3);
        assertThat(dlq("replay", "--queue", "documents", "--dry-run").out())
                .containsPattern("Preview         [0-9a-f]{12} \\(kept until ")
                .contains("redrive dlq replay --preview ");
        List<String> arrived = deadLetters(f.engine(), "documents", text -> new NonRetryableException("cannot parse " + text),
                OutgoingMessage.json("{\"doc\":4}"), OutgoingMessage.json("{\"doc\":5}"));

        CommandLineRun withoutYes = dlq("replay", "--preview", previewId);
        assertThat(withoutYes.exitCode()).isEqualTo(1);
        assertThat(withoutYes.err()).contains("needs --yes");
        CommandLineRun withTarget = dlq("replay", "--preview", previewId, "--queue", "documents", "--yes");
        assertThat(withTarget.exitCode()).isEqualTo(2);
        CommandLineRun replay = dlq("replay", "--preview", previewId, "--yes");

        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out()).contains("Replayed 3 dead letters in", "(dead letters in documents)",
                "2 new dead letters arrived after the preview and were not touched.");
        Queue documents = f.engine().queue("documents");
        assertThat(documents.counts().ready()).isEqualTo(3);
        arrived.forEach(id -> assertThat(documents.message(id).orElseThrow().state()).isEqualTo(MessageState.DEAD));
        assertThat(f.engine().audit().list(AuditQuery.builder().action("replay").build())).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("arrivedAfterPreview", "2").containsEntry("preview", previewId));

        CommandLineRun again = dlq("replay", "--preview", previewId, "--yes");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("redrive dlq replay: Preview " + previewId + " has expired, was carried out already");
    }

    @Test
    void aPurgePreviewCarriedOutFromTheCommandLineGivesItsCountsAsJson() throws Exception {
        Fixture f = fixture();
        String previewId = JSON.readTree(dlq("purge", "--queue", "documents", "--dry-run", "--json").out()).get("previewId").asText();
        deadLetters(f.engine(), "documents", text -> new NonRetryableException("cannot parse " + text), OutgoingMessage.json("{\"doc\":4}"));

        JsonNode purged = JSON.readTree(dlq("purge", "--preview", previewId, "--yes", "--json").out());

        assertThat(purged.get("purged").asLong()).isEqualTo(3);
        assertThat(purged.get("arrivedAfterPreview").asLong()).isEqualTo(1);
        assertThat(purged.get("operationId").asText()).matches("[0-9a-f]{12}");
        assertThat(f.engine().queue("documents").counts().dead()).isEqualTo(1);
    }

    @Test
    void replayWithWaitPrintsHowManySucceededAndWhichDiedAgain() throws Exception {
        Fixture f = fixture();
        // a consumer that fixes doc 1 and 2 but still fails doc 3
        f.engine().worker("documents", d -> {
            if (d.text().contains("\"doc\":3")) {
                throw new NonRetryableException("still cannot parse");
            }
        }, fastWorker());

        CommandLineRun replay = dlq("replay", "--queue", "documents", "--yes", "--wait");

        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out()).contains("Replayed 3 dead letters", "Outcome: 2 succeeded, 1 died again, 0 pending.",
                "Died again in:", "NonRetryableException: still cannot parse");
        CommandLineRun operations = dlq("operations");
        assertThat(operations.out()).contains("replay", "2 succeeded, 1 died again, 0 pending", "dead letters in documents");
        JsonNode listed = JSON.readTree(dlq("operations", "--json").out());
        assertThat(listed.get(0).get("outcome").get("succeeded").asLong()).isEqualTo(2);
        assertThat(listed.get(0).get("outcome").get("settled").asBoolean()).isTrue();
    }

    @Test
    void deadLettersLeftInTheTrashPassTheConsistencyCheck() {
        Fixture f = fixture();

        assertThat(dlq("purge", "--queue", "images", "--id", f.image()).exitCode()).isZero();

        CommandLineRun check = CommandLineRun.of("check", "--redis", TestRedis.url(), "--prefix", prefix);
        assertThat(check.out()).contains("every message is in exactly one state");
        assertThat(check.exitCode()).isZero();
    }

    @Test
    void exportThenImportIntoAFreshPrefixKeepsEveryDeadLetterWhole() throws Exception {
        Fixture f = fixture();
        Path file = dir.resolve("documents.jsonl");

        CommandLineRun export = dlq("export", "--queue", "documents", "--output", file.toString());

        assertThat(export.exitCode()).isZero();
        assertThat(export.out()).contains("Exported 3 dead letters to " + file);
        assertThat(Files.readAllLines(file)).hasSize(3);
        assertThat(f.engine().queue("documents").counts().dead()).as("an export changes nothing").isEqualTo(3);

        String fresh = TestRedis.newPrefix();
        Engine other = engine(fresh);
        CommandLineRun imported = dlqIn(fresh, "import", file.toString());

        assertThat(imported.exitCode()).isZero();
        assertThat(imported.out()).contains("Imported 3 dead letters from " + file);
        List<DeadLetter> copies = other.deadLetters().page(DeadLetterQuery.builder().queue("documents").build()).items();
        assertThat(copies).extracting(DeadLetter::id).containsExactlyInAnyOrderElementsOf(f.documents());
        DeadLetterDetail original = f.engine().deadLetters().show("documents", f.documents().get(0)).orElseThrow();
        DeadLetterDetail copy = other.deadLetters().show("documents", f.documents().get(0)).orElseThrow();
        assertThat(copy.message().text()).isEqualTo(original.message().text());
        assertThat(copy.message().headers()).isEqualTo(original.message().headers());
        assertThat(copy.errors()).hasSize(1);

        CommandLineRun again = dlqIn(fresh, "import", file.toString(), "--json");
        assertThat(JSON.readTree(again.out()).get("imported").asLong()).isZero();
        assertThat(JSON.readTree(again.out()).get("alreadyPresent").asLong()).isEqualTo(3);
    }

    @Test
    void anExportThatFailsPartWayKeepsTheEarlierFileAndLeavesNoPartialOne() throws Exception {
        Fixture f = fixture();
        Path file = dir.resolve("documents.jsonl");
        assertThat(dlq("export", "--queue", "documents", "--output", file.toString()).exitCode()).isZero();
        byte[] earlier = Files.readAllBytes(file);
        try (var client = io.lettuce.core.RedisClient.create(TestRedis.url()); var connection = client.connect()) {
            String events = new io.redrive.redis.KeySchema(prefix).queue("documents").events(f.documents().get(2));
            connection.sync().del(events);
            connection.sync().set(events, "not a list");  // the export fails when it reaches this message's timeline
        }

        CommandLineRun export = dlq("export", "--queue", "documents", "--output", file.toString());

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(Files.readAllBytes(file)).as("the earlier export").isEqualTo(earlier);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("documents.jsonl");
        }
    }

    @Test
    void importingAMalformedFileNamesTheLineAndImportsNothing() throws Exception {
        Fixture f = fixture();
        Path good = dir.resolve("good.jsonl");
        assertThat(dlq("export", "--queue", "documents", "--output", good.toString()).exitCode()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        lines.add(1, "{\"queue\":\"documents\",\"id\":\"broken\"");
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, lines);

        String fresh = TestRedis.newPrefix();
        Engine other = engine(fresh);
        CommandLineRun imported = dlqIn(fresh, "import", bad.toString());

        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.err()).contains("redrive dlq import: Line 2: not valid JSON", "nothing was imported")
                .doesNotContain("\tat ");
        assertThat(other.queueNames()).isEmpty();
        assertThat(other.deadLetters().count(DeadLetterQuery.builder().build())).isZero();
        assertThat(f.engine().queue("documents").counts().dead()).isEqualTo(3);
    }

    @Test
    void scheduledRetriesCanBeListedMadeDueOrKilled() throws Exception {
        Engine engine = engine(prefix);
        Queue summaries = engine.queue("summaries");
        summaries.updatePolicy(RetryPolicy.builder().maxAttempts(5).backoff(Backoff.exponential(Duration.ofHours(1))).build());
        List<String> ids = summaries.enqueueAll(List.of(OutgoingMessage.of("summarise 1"), OutgoingMessage.of("summarise 2")));
        Worker worker = engine.worker("summaries", d -> {
            throw new IllegalStateException("summariser timed out");
        }, fastWorker());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> summaries.counts().scheduled() == 2);
        } finally {
            worker.close();
        }

        CommandLineRun scheduled = dlq("scheduled", "--queue", "summaries");
        assertThat(scheduled.exitCode()).isZero();
        assertThat(scheduled.out().split("\n")[0]).matches("NEXT ATTEMPT +QUEUE +ID +ATTEMPTS +ENQUEUED +LAST ERROR");
        ids.forEach(id -> assertThat(scheduled.out()).contains(id));
        assertThat(scheduled.out()).contains("IllegalStateException: summariser timed out");

        CommandLineRun kill = dlq("kill", "--queue", "summaries", "--id", ids.get(0), "--actor", "ops");
        assertThat(kill.exitCode()).isZero();
        assertThat(kill.out()).contains("Killed 1 message: it is a dead letter now.");
        assertThat(summaries.message(ids.get(0)).orElseThrow().state()).isEqualTo(MessageState.DEAD);

        CommandLineRun retry = dlq("retry-now", "--queue", "summaries", "--id", ids.get(1), "--id", ids.get(0));
        assertThat(retry.exitCode()).isZero();
        assertThat(retry.out()).contains("Made 1 of 2 messages due now; 1 was not waiting for a retry");
        assertThat(summaries.message(ids.get(1)).orElseThrow().state()).isEqualTo(MessageState.READY);

        JsonNode none = JSON.readTree(dlq("scheduled", "--queue", "summaries", "--json").out());
        assertThat(none.get("items")).isEmpty();
        assertThat(none.get("total").asLong()).isZero();
    }

    @Test
    void dlqWithoutACommandIsAUsageError() {
        CommandLineRun bare = CommandLineRun.of("dlq");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("Missing command");
        assertThat(Main.commandLine().getUsageMessage()).contains("dlq");
    }
}
