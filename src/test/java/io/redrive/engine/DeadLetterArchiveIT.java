package io.redrive.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterArchiveIT extends DeadLetterTestSupport {
    private static final byte[] BINARY = binary();

    @TempDir
    Path dir;

    @Test
    void anExportedSetImportsIntoAnotherInstallationWithEverythingItHad() throws IOException {
        Engine source = oneAttemptEngine();
        Function<Delivery, Exception> undecodable = d -> new IllegalStateException("cannot decode frame", new IOException("truncated"));
        String binary = deadLetter(source, "orders", OutgoingMessage.of(BINARY).contentType("application/octet-stream").traceId("t-1"),
                undecodable);
        String edited = deadLetter(source, "orders", OutgoingMessage.json("{\"order\":1}").header("tenant", "acme"), undecodable);
        deadLetter(source, "orders", OutgoingMessage.of("left behind"), d -> new IllegalArgumentException("not exported"));
        source.deadLetters().edit("orders", edited, 0, "{\"order\":1,\"fixed\":true}".getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json", "tenant", "acme"), "fixed the order", ALICE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> progress = new ArrayList<>();

        long exported = source.deadLetters().export(DeadLetterTarget.matching(DeadLetterQuery.builder()
                .errorClass(IllegalStateException.class.getName()).build()), out, progress::add);

        assertThat(exported).isEqualTo(2);
        assertThat(progress).last().isEqualTo(2L);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
        Path file = write("orders.jsonl", out.toByteArray());
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy").defaultPolicy(ONE_ATTEMPT));

        assertThat(target.deadLetters().importFrom(file, null, BOB)).isEqualTo(2);

        for (String id : List.of(binary, edited)) {
            DeadLetterDetail was = source.deadLetters().show("orders", id).orElseThrow();
            DeadLetterDetail is = target.deadLetters().show("orders", id).orElseThrow();
            assertThat(is.message().payload()).isEqualTo(was.message().payload());
            assertThat(is.message().headers()).isEqualTo(was.message().headers());
            assertThat(is.message().deadAt()).isEqualTo(was.message().deadAt());
            assertThat(is.message().enqueuedAt()).isEqualTo(was.message().enqueuedAt());
            assertThat(is.message().attempts()).isEqualTo(was.message().attempts());
            assertThat(is.message().lastError()).isEqualTo(was.message().lastError());
            assertThat(is.errorClass()).isEqualTo(was.errorClass());
            assertThat(is.group()).isEqualTo(was.group());
            assertThat(is.version()).isEqualTo(was.version());
            assertThat(is.errors()).isEqualTo(was.errors());
            assertThat(is.timeline()).isEqualTo(was.timeline());
            assertThat(is.versions()).usingRecursiveFieldByFieldElementComparator().isEqualTo(was.versions());
        }
        assertThat(target.deadLetters().show("orders", binary).orElseThrow().message().payload()).isEqualTo(BINARY);
        assertThat(target.deadLetters().show("orders", binary).orElseThrow().errors()).singleElement()
                .satisfies(e -> assertThat(e.stackTrace()).contains("Caused by: java.io.IOException: truncated"));
        assertThat(target.deadLetters().show("orders", edited).orElseThrow().versions()).singleElement()
                .satisfies(v -> assertThat(new String(v.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":1}"));
        assertThat(target.deadLetters().groups("orders")).singleElement().satisfies(g -> {
            assertThat(g.count()).isEqualTo(2);
            assertThat(g.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
        });
        assertThat(target.deadLetters().count(DeadLetterQuery.builder().build())).isEqualTo(2);
        assertThat(source.queue("orders").counts().dead()).as("an export changes nothing").isEqualTo(3);
        assertThat(target.check().problems()).isEmpty();
    }

    @Test
    void importingTheSameFileTwiceWritesNothingTheSecondTime() throws IOException {
        Engine source = oneAttemptEngine();
        deadLetters(source, "orders", 5, d -> new IllegalStateException("lost"));
        Path file = export(source, DeadLetterTarget.all());
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy"));

        assertThat(target.deadLetters().importFrom(file, null, BOB)).isEqualTo(5);
        assertThat(target.deadLetters().importFrom(file, null, BOB)).isZero();

        assertThat(target.queue("orders").counts().dead()).isEqualTo(5);
        assertThat(target.deadLetters().groups("orders")).singleElement().extracting(FailureGroup::count).isEqualTo(5L);
        assertThat(target.check().problems()).isEmpty();
    }

    @Test
    void aLineThatIsNotJsonFailsTheImportNamingItsLineAndNothingIsImported() throws IOException {
        Engine source = oneAttemptEngine();
        deadLetters(source, "orders", 4, d -> new IllegalStateException("lost"));
        List<String> lines = new ArrayList<>(Files.readAllLines(export(source, DeadLetterTarget.all())));
        lines.set(2, "{\"queue\":\"orders\",\"id\":");
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy"));

        assertThatThrownBy(() -> target.deadLetters().importFrom(write("broken.jsonl", lines), null, BOB))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("Line 3: not valid JSON");

        assertNothingImported(target);
    }

    @Test
    void aLineWithoutAPayloadFailsTheImportNamingItsLineAndNothingIsImported() throws IOException {
        Engine source = oneAttemptEngine();
        deadLetters(source, "orders", 4, d -> new IllegalStateException("lost"));
        List<String> lines = new ArrayList<>(Files.readAllLines(export(source, DeadLetterTarget.all())));
        ObjectNode third = (ObjectNode) Json.MAPPER.readTree(lines.get(2));
        third.remove("payload");
        lines.set(2, Json.MAPPER.writeValueAsString(third));
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy"));

        assertThatThrownBy(() -> target.deadLetters().importFrom(write("no-payload.jsonl", lines), null, BOB))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessage("Line 3: the payload is missing; nothing was imported");

        assertNothingImported(target);
    }

    @Test
    void aLineWhoseTimeOfDeathIsNotANumberFailsTheImportNamingItsLineAndNothingIsImported() throws IOException {
        Engine source = oneAttemptEngine();
        deadLetters(source, "orders", 4, d -> new IllegalStateException("lost"));
        List<String> lines = new ArrayList<>(Files.readAllLines(export(source, DeadLetterTarget.all())));
        ObjectNode third = (ObjectNode) Json.MAPPER.readTree(lines.get(2));
        ((ObjectNode) third.get("fields")).put("deadAt", "yesterday");
        lines.set(2, Json.MAPPER.writeValueAsString(third));
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy"));

        assertThatThrownBy(() -> target.deadLetters().importFrom(write("bad-time.jsonl", lines), null, BOB))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("deadAt");

        assertNothingImported(target);
    }

    @Test
    void anExportLeavesTheCallersStreamOpen() throws IOException {
        Engine source = oneAttemptEngine();
        deadLetters(source, "orders", 2, d -> new IllegalStateException("lost"));
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThat(source.deadLetters().export(DeadLetterTarget.all(), out, null)).isEqualTo(2);

        assertThat(closed[0]).as("closed by the export").isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    }

    @Test
    void anImportCanSendEverythingIntoOneQueue() throws IOException {
        Engine source = oneAttemptEngine();
        deadLetters(source, "orders", 2, d -> new IllegalStateException("lost"));
        deadLetters(source, "invoices", 3, d -> new IllegalStateException("lost"));
        Path file = export(source, DeadLetterTarget.all());
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy"));

        assertThat(target.deadLetters().importFrom(file, "quarantine", BOB)).isEqualTo(5);

        assertThat(target.queueNames()).containsExactly("quarantine");
        assertThat(target.queue("quarantine").counts().dead()).isEqualTo(5);
        assertThat(target.check().problems()).isEmpty();
    }

    @Test
    void theExportedPayloadIsStandardBase64AndAFileWithWindowsLineBreaksAndBlankLinesImportsWhole() throws IOException {
        Engine source = oneAttemptEngine();
        String id = deadLetter(source, "orders", OutgoingMessage.of(BINARY), d -> new IllegalStateException("lost"));
        deadLetters(source, "orders", 2, d -> new IllegalStateException("lost"));
        List<String> lines = Files.readAllLines(export(source, DeadLetterTarget.all()));
        String line = lines.stream().filter(l -> l.contains(id)).findFirst().orElseThrow();
        assertThat(Base64.getDecoder().decode(Json.MAPPER.readTree(line).get("payload").asText())).isEqualTo(BINARY);
        Path file = write("windows.jsonl", ("\r\n" + String.join("\r\n\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy"));

        assertThat(target.deadLetters().importFrom(file, null, BOB)).isEqualTo(3);

        assertThat(target.deadLetters().show("orders", id).orElseThrow().message().payload()).isEqualTo(BINARY);
        assertThat(target.check().problems()).isEmpty();
    }

    @Test
    void aPayloadThatIsNotBase64FailsTheImportNamingItsLineAndNothingIsImported() throws IOException {
        Engine source = oneAttemptEngine();
        deadLetters(source, "orders", 4, d -> new IllegalStateException("lost"));
        List<String> lines = new ArrayList<>(Files.readAllLines(export(source, DeadLetterTarget.all())));
        ObjectNode third = (ObjectNode) Json.MAPPER.readTree(lines.get(2));
        third.put("payload", "not base64 at all!");
        lines.set(2, Json.MAPPER.writeValueAsString(third));
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy"));

        assertThatThrownBy(() -> target.deadLetters().importFrom(write("bad-payload.jsonl", lines), null, BOB))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("Line 3: the payload is not base64 (");

        assertNothingImported(target);
    }

    @Test
    void twoMessagesOnOneLineFailTheImportNamingTheLineAndNothingIsImported() throws IOException {
        Engine source = oneAttemptEngine();
        deadLetters(source, "orders", 3, d -> new IllegalStateException("lost"));
        List<String> lines = new ArrayList<>(Files.readAllLines(export(source, DeadLetterTarget.all())));
        lines.set(1, lines.get(1) + " " + lines.get(2));
        lines.remove(2);
        Engine target = engine(b -> b.keyPrefix(prefix + "-copy"));

        assertThatThrownBy(() -> target.deadLetters().importFrom(write("joined.jsonl", lines), null, BOB))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessage("Line 2: not valid JSON (more than one value on the line); nothing was imported");

        assertNothingImported(target);
    }

    private void assertNothingImported(Engine target) {
        assertThat(target.queueNames()).isEmpty();
        assertThat(target.deadLetters().count(DeadLetterQuery.builder().queue("orders").build())).isZero();
        assertThat(target.queue("orders").counts().total()).isZero();
        assertThat(target.check().problems()).isEmpty();
    }

    private Path export(Engine engine, DeadLetterTarget target) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        engine.deadLetters().export(target, out, null);
        return write("export.jsonl", out.toByteArray());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }

    /** Every byte value, including sequences that are not UTF-8. */
    private static byte[] binary() {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (255 - i % 256);
        }
        return bytes;
    }
}
