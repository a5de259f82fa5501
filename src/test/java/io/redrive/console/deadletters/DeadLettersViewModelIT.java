package io.redrive.console.deadletters;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.Confirmation;
import io.redrive.console.DialogService;
import io.redrive.console.Environment;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.TaskExecutor;
import io.redrive.ops.Actor;
import io.redrive.engine.Backoff;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterPage;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Delivery;
import io.redrive.engine.Engine;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.Message;
import io.redrive.engine.Payloads;
import io.redrive.engine.MessageState;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter screen's view model against a real Redis, without a toolkit: {@link TaskExecutor#direct()}
 * runs every background read and UI update inline, and the dialogs answer as each test tells them.
 */
class DeadLettersViewModelIT {
    private static final RetryPolicy ONE_ATTEMPT = RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build();

    private final String prefix = TestRedis.newPrefix();
    private final List<Session> sessions = new ArrayList<>();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @AfterEach
    void close() {
        sessions.forEach(Session::close);
    }

    @Test
    void pagesByNumberInOneQueueAndWithCursorsAcrossQueues() {
        Session session = session(Environment.DEVELOPMENT, false);
        deadLetters(session.engine(), "orders", 250, d -> new IllegalStateException("payment gateway timed out"));
        deadLetters(session.engine(), "mail", 30, d -> new IllegalStateException("smtp refused"));
        DeadLettersViewModel model = model(session);

        model.start();

        assertThat(model.totalLabelProperty().get()).isEqualTo("280 dead letters");
        assertThat(model.pageLabelProperty().get()).isEqualTo("Page 1 of 3");
        assertThat(model.items()).hasSize(100);
        assertThat(model.canPreviousProperty().get()).isFalse();
        List<String> walked = new ArrayList<>(ids(model.items()));
        model.nextPage();
        walked.addAll(ids(model.items()));
        model.nextPage();
        walked.addAll(ids(model.items()));
        assertThat(model.pageLabelProperty().get()).isEqualTo("Page 3 of 3");
        assertThat(model.canNextProperty().get()).isFalse();
        assertThat(walked).as("every dead letter once, newest first")
                .containsExactlyElementsOf(ids(allPages(session.engine().deadLetters(), DeadLetterQuery.builder().build())));

        model.firstPage();
        model.lastPage();  // across queues: the oldest-first order's first page, turned round
        assertThat(model.pageIndexProperty().get()).isEqualTo(2);
        assertThat(ids(model.items())).containsExactlyElementsOf(walked.subList(200, 280));
        model.previousPage();  // and on backwards from there
        assertThat(ids(model.items())).containsExactlyElementsOf(walked.subList(100, 200));

        model.filter().queue.set("orders");  // one queue: jumps by number
        assertThat(model.totalLabelProperty().get()).isEqualTo("250 dead letters");
        model.goToPage(3);
        assertThat(model.pageLabelProperty().get()).isEqualTo("Page 3 of 3");
        assertThat(model.items()).hasSize(50).allSatisfy(d -> assertThat(d.queue()).isEqualTo("orders"));
        model.goToPage(99);
        assertThat(model.pageIndexProperty().get()).as("a page past the end shows the last").isEqualTo(2);

        model.filter().sort.set(DeadLetterQuery.Sort.OLDEST);  // server-side order, from the first page again
        assertThat(model.pageIndexProperty().get()).isZero();
        List<DeadLetter> oldest = model.items();
        assertThat(oldest.get(0).deadAt()).isBeforeOrEqualTo(oldest.get(99).deadAt());
        model.lastPage();
        assertThat(model.items()).hasSize(50);
    }

    @Test
    void filtersByErrorTextAndHeaderReportingWhatTheSearchScanned() {
        Session session = session(Environment.DEVELOPMENT, false);
        Engine engine = session.engine();
        deadLetters(engine, "orders", 40, d -> new IllegalStateException("payment gateway timed out"));
        List<OutgoingMessage> tagged = IntStream.range(0, 5)
                .mapToObj(n -> OutgoingMessage.json("{\"order\":" + n + "}").header("tenant", "acme")).toList();
        deadLetters(engine, "orders", tagged, d -> new IllegalArgumentException("order total is negative"));
        DeadLettersViewModel model = model(session);
        model.start();

        model.filter().errorText.set("NEGATIVE");
        model.applyFilter();

        assertThat(model.items()).hasSize(5).allSatisfy(d -> assertThat(d.lastError()).contains("negative"));
        assertThat(model.totalLabelProperty().get()).as("a search only knows an upper bound").isEqualTo("searching up to 45 dead letters");
        assertThat(model.pageLabelProperty().get()).isEqualTo("Page 1 (last)");
        assertThat(model.scanningProperty().get()).as("the progress is gone once the page is in").isFalse();

        model.filter().errorText.set("");
        model.filter().header.set("tenant=acme");
        model.applyFilter();
        assertThat(model.items()).hasSize(5);

        model.filter().minAttempts.set("many");
        model.applyFilter();
        assertThat(model.filterErrorProperty().get()).contains("Min attempts").contains("many");
        assertThat(model.items()).as("the last good list stays").hasSize(5);
    }

    @Test
    void selectingAFailureGroupNarrowsTheTableToItAndItsActionsReplayIt() {
        Session session = session(Environment.DEVELOPMENT, false);
        Engine engine = session.engine();
        deadLetters(engine, "orders", 12, d -> new IllegalStateException("payment gateway timed out"));
        List<String> bad = deadLetters(engine, "orders", 3, d -> new IllegalArgumentException("order total is negative"));
        DeadLettersViewModel model = model(session);
        model.start();
        assertThat(model.groups()).hasSize(2);
        assertThat(model.errorClasses()).contains(IllegalArgumentException.class.getName());
        FailureGroup negative = model.groups().stream()
                .filter(g -> g.exceptionClass().equals(IllegalArgumentException.class.getName())).findFirst().orElseThrow();

        model.selectGroup(negative);

        assertThat(ids(model.items())).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(model.query().group()).isEqualTo(negative.fingerprint());

        model.replayGroup(negative, ReplayRequest.toOwnQueue());

        assertThat(dialogs.confirmations).singleElement().asString()
                .contains("Replay 3 dead letters").contains("their own queue").contains("Estimated time");
        Queue orders = engine.queue("orders");
        assertThat(bad).allSatisfy(id -> assertThat(orders.message(id).orElseThrow().state()).isEqualTo(MessageState.READY));
        assertThat(model.groups()).hasSize(1);
        assertThat(model.selectedGroupProperty().get()).as("the group has gone, and its filter with it").isNull();
        assertThat(model.items()).as("the table is read again").hasSize(12);
        assertThat(model.statusProperty().get()).startsWith("Replayed 3 dead letters");
    }

    @Test
    void replayingTheSelectionMovesItOutOfTheDeadLetterQueueAfterTheDryRun() {
        Session session = session(Environment.DEVELOPMENT, false);
        Engine engine = session.engine();
        deadLetters(engine, "orders", 10, d -> new IllegalStateException("payment gateway timed out"));
        DeadLettersViewModel model = model(session);
        model.start();
        List<DeadLetter> chosen = List.copyOf(model.items().subList(0, 4));
        model.setSelection(List.copyOf(chosen));

        dialogs.answer = false;
        model.replaySelected(ReplayRequest.toOwnQueue());
        assertThat(engine.queue("orders").counts().dead()).as("declined: nothing changed").isEqualTo(10);

        dialogs.answer = true;
        model.replaySelected(new ReplayRequest("orders-retry", 1_000, true));

        assertThat(dialogs.confirmations.get(1)).contains("Replay 4 dead letters").contains("queue orders-retry");
        assertThat(engine.queue("orders").counts().dead()).isEqualTo(6);
        Queue retry = engine.queue("orders-retry");
        assertThat(ids(chosen)).allSatisfy(id -> assertThat(retry.message(id)).get()
                .extracting(Message::state).isEqualTo(MessageState.READY));
        assertThat(model.totalLabelProperty().get()).isEqualTo("6 dead letters");
        assertThat(model.operation().runningProperty().get()).isFalse();
        assertThat(model.operation().progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void anEditMustStayValidJsonAndNeedsAReason() {
        Session session = session(Environment.DEVELOPMENT, false);
        Engine engine = session.engine();
        String id = deadLetters(engine, "orders", 1, d -> new IllegalStateException("payment gateway timed out")).get(0);
        DeadLettersViewModel model = model(session);
        model.start();
        model.showDetail(model.items().get(0));
        assertThat(model.detail().payloadKindProperty().get()).isEqualTo(Payloads.Kind.JSON);
        assertThat(model.detail().payloadProperty().get()).isEqualTo("{\n  \"order\": 0\n}");
        EditorModel editor = model.newEditor();
        assertThat(editor.mustBeJson()).isTrue();
        editor.textProperty().set("{\n  \"order\": \n}");
        editor.reasonProperty().set("fix the total");
        assertThat(editor.errorProperty().get()).startsWith("The payload is not valid JSON at line 3, column 1");
        assertThat(editor.canSaveBinding().get()).isFalse();

        model.edit("{\"order\": }", "fix the total");

        assertThat(dialogs.errors).singleElement().asString().contains("not valid JSON at line 1, column 11");
        assertThat(engine.queue("orders").message(id).orElseThrow().text()).isEqualTo("{\"order\":0}");

        model.edit("{\"order\": 0, \"total\": 12.50}", " ");
        assertThat(dialogs.errors.get(1)).contains("needs a reason");

        model.edit("{\"order\": 0, \"total\": 12.50}", "fix the total");

        assertThat(engine.queue("orders").message(id).orElseThrow().text()).isEqualTo("{\"order\": 0, \"total\": 12.50}");
        assertThat(model.detail().detailProperty().get().version()).isEqualTo(1);
        assertThat(model.detail().versions()).extracting(v -> v.version()).containsExactly(1, 0);
        assertThat(model.detail().payloadProperty().get()).as("scalars kept as written").contains("12.50");
        assertThat(model.statusProperty().get()).isEqualTo("Saved version 1 of message " + id + ".");
    }

    @Test
    void revertingToAnEarlierVersionAsksNamingItThenShowsItsPayloadAsANewVersion() {
        Session session = session(Environment.DEVELOPMENT, false);
        Engine engine = session.engine();
        String id = deadLetters(engine, "orders", 1, d -> new IllegalStateException("payment gateway timed out")).get(0);
        DeadLettersViewModel model = model(session);
        model.start();
        model.showDetail(model.items().get(0));
        model.edit("{\"order\": 99}", "wrong fix");
        var original = model.detail().versions().get(1);
        assertThat(original.version()).isZero();
        assertThat(model.diffAgainstCurrent(original)).extracting(LineDiff.Line::marked).contains("-   \"order\": 99", "+   \"order\": 0");

        dialogs.answer = false;
        model.revert(original);
        assertThat(dialogs.confirmations).singleElement().asString().startsWith("Revert to version 0?").contains("new version 2");
        assertThat(model.detail().detailProperty().get().version()).as("declined: nothing saved").isEqualTo(1);

        dialogs.answer = true;
        model.revert(original);

        assertThat(model.detail().detailProperty().get().version()).isEqualTo(2);
        assertThat(model.detail().payloadProperty().get()).isEqualTo("{\n  \"order\": 0\n}");
        assertThat(engine.queue("orders").message(id).orElseThrow().text()).isEqualTo("{\"order\":0}");
        assertThat(model.statusProperty().get()).isEqualTo("Reverted message " + id + " to version 0: now version 2.");
    }

    @Test
    void headersAreAddedChangedAndRemovedByAnEditAndBadLinesAreRefusedInASentence() {
        Session session = session(Environment.DEVELOPMENT, false);
        Engine engine = session.engine();
        String id = deadLetters(engine, "orders", List.of(OutgoingMessage.json("{\"order\":1}").header("tenant", "acme")
                .header("region", "XY")), d -> new IllegalStateException("tax rate missing")).get(0);
        DeadLettersViewModel model = model(session);
        model.start();
        model.showDetail(model.items().get(0));
        EditorModel editor = model.newEditor();
        assertThat(editor.headersTextProperty().get()).isEqualTo("content-type=application/json\nregion=XY\ntenant=acme");
        editor.reasonProperty().set("region moved");
        editor.headersTextProperty().set("content-type=application/json\nregion XY");
        assertThat(editor.errorProperty().get()).isEqualTo("Header line 2 has no '=': write each header as name=value.");
        assertThat(editor.canSaveBinding().get()).isFalse();
        editor.headersTextProperty().set("content-type=application/json\nregion=EU\npriority=high");
        assertThat(editor.errorProperty().get()).isEmpty();
        assertThat(editor.canSaveBinding().get()).as("a header change alone is a change").isTrue();

        model.edit(editor.textProperty().get(), editor.headers(), "region moved");

        assertThat(engine.queue("orders").message(id).orElseThrow().headers())
                .containsEntry("region", "EU").containsEntry("priority", "high").doesNotContainKey("tenant");
        assertThat(model.detail().headers()).extracting(e -> e.getKey() + "=" + e.getValue())
                .containsExactly("content-type=application/json", "priority=high", "region=EU");
    }

    @Test
    void damagedStoredHeadersAreShownAsStoredWithASentenceAndAnEditReplacesThem() {
        Session session = session(Environment.DEVELOPMENT, false);
        String id = deadLetters(session.engine(), "orders", 1, d -> new IllegalStateException("payment gateway timed out")).get(0);
        try (var client = io.lettuce.core.RedisClient.create(TestRedis.url()); var connection = client.connect()) {
            connection.sync().hset(new io.redrive.redis.KeySchema(prefix).queue("orders").message(id), "headers", "[1,2]");
        }
        DeadLettersViewModel model = model(session);
        model.start();

        model.showDetail(model.items().get(0));

        assertThat(model.detail().headers()).isEmpty();
        assertThat(model.detail().headersNoteProperty().get())
                .isEqualTo(io.redrive.engine.DeadLetterDetail.MALFORMED_HEADERS + "\nStored: [1,2]");

        model.edit("{\"order\": 0}", "the headers were damaged");

        assertThat(model.detail().detailProperty().get().version()).isEqualTo(1);
        assertThat(model.detail().headersNoteProperty().get()).isEqualTo(DetailModel.NO_HEADERS);
    }

    @Test
    void anEditedMessageThatLeavesThePageStaysSelectedAndShownWithItsNewVersionOnTop() {
        Session session = session(Environment.DEVELOPMENT, false);
        deadLetters(session.engine(), "orders", 3, d -> new IllegalStateException("payment gateway timed out"));
        DeadLettersViewModel model = model(session);
        model.start();
        model.filter().payloadText.set("order");
        model.applyFilter();
        assertThat(model.items()).hasSize(3);
        DeadLetter edited = model.items().get(1);
        String original = session.engine().queue("orders").message(edited.id()).orElseThrow().text();
        model.setSelection(List.of(edited));
        model.showDetail(edited);
        assertThat(model.detail().versions()).as("never edited: the original is the current version").singleElement()
                .satisfies(v -> {
                    assertThat(v.version()).isZero();
                    assertThat(v.by()).isEqualTo("original");
                    assertThat(model.detail().isCurrent(v)).isTrue();
                });

        model.edit("{\"item\": 1}", "orders are items now");

        // the page is read again without it: it no longer matches the payload filter
        assertThat(ids(model.items())).hasSize(2).doesNotContain(edited.id());
        assertThat(model.statusProperty().get()).isEqualTo("Saved version 1 of message " + edited.id()
                + ". It is not on this page any more (it no longer matches the filters, or moved to another page); "
                + "it stays shown below until you select another.");
        model.reselect(List.of());  // what the table finds of the selection on the new page: nothing
        assertThat(model.selection()).containsExactly(edited);
        assertThat(model.canActOnSelectionBinding().get()).as("replay and purge still act on it").isTrue();
        assertThat(model.detail().detailProperty().get().version()).isEqualTo(1);
        assertThat(model.detail().titleProperty().get()).contains(edited.id()).contains("version 1");
        assertThat(model.detail().payloadProperty().get()).contains("\"item\"");
        // the current version on top, with who, when and why; the original below it
        assertThat(model.detail().versions()).extracting(v -> v.version(), v -> v.by(), v -> v.why())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, session.actor().name(), "orders are items now"),
                        org.assertj.core.groups.Tuple.tuple(0, "original", ""));
        assertThat(model.detail().versions().get(0).at()).isNotNull();
        assertThat(model.detail().isCurrent(model.detail().versions().get(0))).isTrue();
        assertThat(model.detail().isCurrent(model.detail().versions().get(1))).isFalse();
        assertThat(new String(model.detail().versions().get(1).payload(), StandardCharsets.UTF_8)).isEqualTo(original);

        // selecting another row lets it go
        DeadLetter other = model.items().get(0);
        model.setSelection(List.of(other));
        model.reselect(List.of());
        assertThat(model.selection()).isEmpty();
        assertThat(model.detail().detailProperty().get()).isNull();
    }

    @Test
    void whileRedisIsAwayTheListSaysWhenItWasReadAndTheActionsWaitThenAllIsReadAgain() {
        Session session = session(Environment.DEVELOPMENT, false);
        deadLetters(session.engine(), "orders", 2, d -> new IllegalStateException("payment gateway timed out"));
        io.redrive.console.ConnectionState connection = new io.redrive.console.ConnectionState();
        DeadLettersViewModel model = new DeadLettersViewModel(new SessionContext(session, TaskExecutor.direct(), dialogs, connection));
        model.start();
        assertThat(model.staleProperty().get()).isEmpty();
        assertThat(model.canActOnFilterBinding().get()).isTrue();

        connection.failed("connection refused", java.time.Instant.now());

        assertThat(model.staleProperty().get()).matches("Redis is not answering: showing what was read at \\d\\d:\\d\\d:\\d\\d\\.");
        assertThat(model.canActOnFilterBinding().get()).isFalse();
        assertThat(model.items()).as("what was read stays shown").hasSize(2);
        deadLetters(session.engine(), "orders", 1, d -> new IllegalStateException("payment gateway timed out"));

        connection.answered();

        assertThat(model.staleProperty().get()).isEmpty();
        assertThat(model.canActOnFilterBinding().get()).isTrue();
        assertThat(model.items()).as("read again once Redis answers").hasSize(3);
    }

    @Test
    void anEditMadeMeanwhileBySomeoneElseIsAConflictAndTheMessageIsReadAgain() {
        Session session = session(Environment.DEVELOPMENT, false);
        Engine engine = session.engine();
        String id = deadLetters(engine, "orders", 1, d -> new IllegalStateException("payment gateway timed out")).get(0);
        DeadLettersViewModel model = model(session);
        model.start();
        model.showDetail(model.items().get(0));
        engine.deadLetters().edit("orders", id, 0, "{\"order\":7}".getBytes(StandardCharsets.UTF_8),
                engine.queue("orders").message(id).orElseThrow().headers(), "bob was quicker", Actor.named("bob"));

        model.edit("{\"order\": 8}", "mine");

        assertThat(dialogs.errorTitles).containsExactly("Edit conflict");
        assertThat(dialogs.errors.get(0)).contains("edited by someone else").contains("Nothing was saved");
        assertThat(engine.queue("orders").message(id).orElseThrow().text()).isEqualTo("{\"order\":7}");
        assertThat(model.detail().detailProperty().get().version()).as("read again").isEqualTo(1);
    }

    @Test
    void purgedDeadLettersWaitInTheTrashAndCanBeRestored() {
        Session session = session(Environment.DEVELOPMENT, false);
        Engine engine = session.engine();
        deadLetters(engine, "orders", 8, d -> new IllegalStateException("payment gateway timed out"));
        DeadLettersViewModel model = model(session);
        model.start();
        List<DeadLetter> doomed = List.copyOf(model.items().subList(0, 3));
        model.setSelection(doomed);

        model.purgeSelected();

        assertThat(dialogs.confirmations).singleElement().asString().contains("Purge 3 dead letters").contains("the trash");
        assertThat(engine.queue("orders").counts().dead()).isEqualTo(5);
        assertThat(model.items()).hasSize(5);

        model.setTrashMode(true);
        assertThat(ids(model.items())).containsExactlyInAnyOrderElementsOf(ids(doomed));
        assertThat(model.totalLabelProperty().get()).isEqualTo("3 purged dead letters");
        model.purgeSelected();
        assertThat(model.statusProperty().get()).contains("leave the trash view");
        model.setSelection(List.of(model.items().get(0)));
        model.restoreSelected();
        assertThat(engine.queue("orders").counts().dead()).isEqualTo(6);
        assertThat(model.items()).hasSize(2);

        model.restoreAll();
        assertThat(dialogs.confirmations.get(2)).contains("Restore 2 purged dead letters");
        assertThat(model.items()).isEmpty();
        model.setTrashMode(false);
        assertThat(model.items()).hasSize(8);
    }

    @Test
    void onAReadOnlyConnectionEveryChangeReachesTheEngineWhichRefusesItAndTheScreenSaysSo() {
        Session writer = session(Environment.DEVELOPMENT, false);
        Engine engine = writer.engine();
        deadLetters(engine, "orders", 5, d -> new IllegalStateException("payment gateway timed out"));
        Session reader = session(Environment.DEVELOPMENT, true);
        DeadLettersViewModel model = model(reader);
        model.start();
        assertThat(model.items()).hasSize(5);
        model.setSelection(List.copyOf(model.items()));
        model.showDetail(model.items().get(0));
        FailureGroup group = model.groups().get(0);
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);
        assertThat(model.canExportBinding().get()).as("an export only reads").isTrue();

        // the controls are greyed out by the view; here each command is called anyway, as a bypassed control would
        List<Runnable> writes = List.of(
                () -> model.replaySelected(ReplayRequest.toOwnQueue()),
                () -> model.replayFilter(ReplayRequest.toOwnQueue()),
                () -> model.replayGroup(group, ReplayRequest.toOwnQueue()),
                model::purgeSelected,
                model::purgeFilter,
                () -> model.purgeGroup(group),
                () -> model.edit("{\"order\":1}", "fix"),
                () -> model.importFrom(Path.of("nothing.jsonl")),
                () -> {
                    model.setTrashMode(true);
                    model.restoreAll();
                    model.setTrashMode(false);
                });
        for (int i = 0; i < writes.size(); i++) {
            writes.get(i).run();
            assertThat(model.statusProperty().get()).as("status after write %d", i).endsWith(ReadOnlyException.SENTENCE);
            assertThat(dialogs.errors).as("errors after write %d", i).hasSize(i + 1).last().isEqualTo(ReadOnlyException.SENTENCE);
        }

        // the bulk actions' dry runs were refused before any question; only the import asks before it writes
        assertThat(dialogs.confirmations).singleElement().asString().startsWith("Import the dead letters in nothing.jsonl?");
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).as("every key of the prefix").isEqualTo(before);
    }

    @Test
    void onProductionABulkActionNeedsTheCountTyped() {
        Session session = session(Environment.PRODUCTION, false);
        deadLetters(session.engine(), "orders", 7, d -> new IllegalStateException("payment gateway timed out"));
        DeadLettersViewModel model = model(session);
        model.start();

        model.purgeFilter();

        assertThat(dialogs.typedCounts).containsExactly(7L);
        assertThat(dialogs.confirmations).singleElement().asString().contains("Purge 7 dead letters");
        assertThat(session.engine().queue("orders").counts().dead()).isZero();
    }

    @Test
    void theConfirmedReplayActsOnExactlyThePreviewedGroupWhileMoreArrive() {
        Session session = session(Environment.PRODUCTION, false);
        Function<Delivery, Exception> offline = d -> new IllegalStateException("payment gateway timed out");
        List<String> previewed = deadLetters(session.engine(), "orders", 14, offline);
        DeadLettersViewModel model = model(session);
        model.start();
        FailureGroup group = model.groups().get(0);
        // six more of the same failure arrive while the operator reads the confirmation
        List<String> arrived = new ArrayList<>();
        dialogs.whileAsking = () -> arrived.addAll(deadLetters(session.engine(), "orders", 6, offline));

        model.replayGroup(group, ReplayRequest.toOwnQueue());

        assertThat(dialogs.typedCounts).containsExactly(14L);
        Confirmation asked = dialogs.asked.get(0);
        assertThat(asked.title()).isEqualTo("Replay 14 dead letters?");
        assertThat(asked.action()).isEqualTo("Replay 14");
        assertThat(asked.destructive()).isTrue();
        assertThat(asked.reversibility()).startsWith("Replay cannot be undone");
        Queue orders = session.engine().queue("orders");
        assertThat(arrived).hasSize(6);
        previewed.forEach(id -> assertThat(orders.message(id).orElseThrow().state()).isEqualTo(MessageState.READY));
        arrived.forEach(id -> assertThat(orders.message(id).orElseThrow().state()).isEqualTo(MessageState.DEAD));
        assertThat(model.statusProperty().get()).startsWith("Replayed 14 dead letters in ")
                .contains("6 new dead letters arrived after the preview and were not touched.");
        assertThat(session.engine().audit().list(io.redrive.ops.AuditQuery.builder().action("replay").build()))
                .singleElement().satisfies(e -> {
                    assertThat(e.count()).isEqualTo(14);
                    assertThat(e.outcome()).contains("6 new dead letters arrived after the preview and were not touched");
                });
    }

    @Test
    void restoringTheWholeTrashShowsADryRunAndRestoresOnlyWhatItCounted() {
        Session session = session(Environment.PRODUCTION, false);
        Function<Delivery, Exception> offline = d -> new IllegalStateException("payment gateway timed out");
        List<String> first = deadLetters(session.engine(), "orders", 3, offline);
        DeadLetters letters = session.engine().deadLetters();
        purge(letters, first);
        DeadLettersViewModel model = model(session);
        model.start();
        model.setTrashMode(true);
        List<String> later = new ArrayList<>();
        dialogs.whileAsking = () -> {
            later.addAll(deadLetters(session.engine(), "orders", 2, offline));
            purge(letters, later);
        };

        model.restoreAll();

        assertThat(dialogs.typedCounts).containsExactly(3L);
        assertThat(dialogs.asked.get(0).title()).isEqualTo("Restore 3 purged dead letters?");
        assertThat(dialogs.asked.get(0).details()).contains(first.get(0));
        assertThat(letters.trashCount("orders")).isEqualTo(2);
        first.forEach(id -> assertThat(session.engine().queue("orders").message(id).orElseThrow().state()).isEqualTo(MessageState.DEAD));
        assertThat(model.statusProperty().get()).contains("2 new dead letters arrived after the preview and were not touched.");
    }

    @Test
    void exportsToJsonLinesAndReportsTheLineOfABadImport(@TempDir Path dir) throws Exception {
        Session session = session(Environment.DEVELOPMENT, false);
        deadLetters(session.engine(), "orders", 6, d -> new IllegalStateException("payment gateway timed out"));
        DeadLettersViewModel model = model(session);
        model.start();
        Path file = dir.resolve("orders.jsonl");

        model.export(file, false);

        assertThat(Files.readAllLines(file)).hasSize(6);
        assertThat(model.statusProperty().get()).startsWith("Exported 6 dead letters");

        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, Files.readAllLines(file).get(0) + "\n{not json\n");
        model.importFrom(broken);

        assertThat(dialogs.errorTitles).containsExactly("Import failed at line 2");
        assertThat(dialogs.errors.get(0)).contains("Line 2").contains("nothing was imported");
    }

    // Helpers

    private Session session(Environment environment, boolean readOnly) {
        Session session = Session.open(new ConnectionSettings("test", TestRedis.url(), prefix, environment, readOnly));
        sessions.add(session);
        return session;
    }

    /** Purges dead letters of queue orders straight through the engine and waits for it to end. */
    private static void purge(DeadLetters letters, List<String> ids) {
        try {
            assertThat(letters.purge(io.redrive.engine.DeadLetterTarget.ids("orders", ids), 0, Actor.named("test")).await().succeeded())
                    .isEqualTo(ids.size());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private DeadLettersViewModel model(Session session) {
        return new DeadLettersViewModel(new SessionContext(session, TaskExecutor.direct(), dialogs));
    }

    private static List<String> deadLetters(Engine engine, String queue, int count, Function<Delivery, ? extends Exception> failure) {
        List<OutgoingMessage> messages = IntStream.range(0, count).mapToObj(n -> OutgoingMessage.json("{\"order\":" + n + "}")).toList();
        return deadLetters(engine, queue, messages, failure);
    }

    /** Enqueues the messages and lets a worker fail each one once, which the one-attempt policy dead-letters. */
    private static List<String> deadLetters(Engine engine, String queue, List<OutgoingMessage> messages,
                                            Function<Delivery, ? extends Exception> failure) {
        Queue q = engine.queue(queue);
        q.updatePolicy(ONE_ATTEMPT);
        long before = q.counts().dead();
        List<String> ids = q.enqueueAll(messages);
        Worker worker = engine.worker(queue, d -> {
            throw failure.apply(d);
        }, WorkerOptions.builder().concurrency(8).batchSize(100).maxIdlePoll(Duration.ofMillis(10))
                .shutdownTimeout(Duration.ofSeconds(5)).build());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> q.counts().dead() == before + messages.size());
        } finally {
            worker.close();
        }
        return ids;
    }

    private static List<DeadLetter> allPages(DeadLetters letters, DeadLetterQuery query) {
        List<DeadLetter> all = new ArrayList<>();
        DeadLetterPage page = letters.page(query);
        all.addAll(page.items());
        while (page.hasMore()) {
            page = letters.page(query, page.cursor());
            all.addAll(page.items());
        }
        return all;
    }

    private static List<String> ids(List<DeadLetter> letters) {
        return letters.stream().map(DeadLetter::id).toList();
    }

    /** Answers every question as the test says, and remembers what was asked and shown. */
    static final class ScriptedDialogs implements DialogService {
        boolean answer = true;
        final List<String> confirmations = new ArrayList<>();
        final List<Confirmation> asked = new ArrayList<>();
        /** Runs while a confirmation is open, as if something happened while the operator read it. */
        Runnable whileAsking = () -> { };
        final List<Long> typedCounts = new ArrayList<>();
        final List<String> errorTitles = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> infos = new ArrayList<>();

        @Override
        public boolean confirm(Confirmation c) {
            if (c.typeCount()) {
                typedCounts.add(c.count());
            }
            confirmations.add(c.title() + "\n" + c.whatHappens() + "\n" + c.reversibility() + "\n" + c.details());
            asked.add(c);
            whileAsking.run();
            return answer;
        }

        @Override
        public boolean confirm(String title, String question) {
            confirmations.add(title + "\n" + question);
            return answer;
        }

        @Override
        public boolean confirmByTyping(String title, String question, long count) {
            typedCounts.add(count);
            confirmations.add(title + "\n" + question);
            return answer;
        }

        @Override
        public void showError(String title, String message, Throwable details) {
            errorTitles.add(title);
            errors.add(message);
        }

        @Override
        public void showInfo(String title, String message) {
            infos.add(title + "\n" + message);
        }

        @Override
        public Optional<String> ask(String title, String question, String initial) {
            return answer ? Optional.ofNullable(initial) : Optional.empty();
        }
    }
}
