package io.redrive.cli;

import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Export is a backup for every message the engine accepts: the largest payloads (64 MiB of bytes, 20 MB of JSON) go
 * out and back in byte for byte through the command line run in a JVM whose heap is capped at 256 MiB, and
 * {@code dlq show} prints only the start of them with a sentence saying how to get the rest.
 */
class LargePayloadArchiveIT {
    private static final int MAX_BINARY = 64 * 1024 * 1024;
    private static final String HEAP_LIMIT = "-Xmx256m";

    private static final String prefix = TestRedis.newPrefix();
    private static Engine engine;
    private static byte[] binary;
    private static byte[] json;
    private static String binaryId;
    private static String jsonId;

    @TempDir
    static Path dir;

    @BeforeAll
    static void deadLettersOfTheLargestSize() {
        engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .upkeep(false).commandTimeout(Duration.ofSeconds(30)).build());
        binary = new byte[MAX_BINARY];
        new Random(13).nextBytes(binary);
        json = jsonOfAbout(20_000_000);
        Queue blobs = engine.queue("blobs");
        List<String> ids = blobs.enqueueAll(List.of(OutgoingMessage.of(binary), OutgoingMessage.json(new String(json, StandardCharsets.UTF_8))));
        binaryId = ids.get(0);
        jsonId = ids.get(1);
        Worker worker = engine.worker("blobs", d -> {
            throw new NonRetryableException("too large to handle");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(10)).build());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> blobs.counts().dead() == 2);
        } finally {
            worker.close();
        }
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** One JSON document of many small records, about {@code bytes} long. */
    private static byte[] jsonOfAbout(int bytes) {
        StringBuilder text = new StringBuilder(bytes + 100).append("{\"rows\":[");
        for (int i = 0; text.length() < bytes; i++) {
            text.append(i == 0 ? "" : ",").append("{\"row\":").append(i).append(",\"name\":\"customer ").append(i)
                    .append("\",\"note\":\"caf\u00e9 \u2713\"}");
        }
        return text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLargestPayloadsSurviveExportAndImportIntoAnotherQueueByteForByteWithABoundedHeap() throws Exception {
        Path file = dir.resolve("blobs.jsonl");

        Child export = child("dlq", "export", "--queue", "blobs", "--output", file.toString());
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(export.output()).contains("Exported 2 dead letters to " + file);

        Child imported = child("dlq", "import", file.toString(), "--into", "restored");
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output()).contains("Imported 2 dead letters from " + file);
        System.out.printf("peak heap under %s: export %d MiB, import %d MiB%n", HEAP_LIMIT,
                export.peakHeap() >> 20, imported.peakHeap() >> 20);
        // the sum of every heap pool's peak, garbage included: under three copies of the largest payload
        assertThat(imported.peakHeap()).as("the import's peak heap").isPositive().isLessThan(3L * MAX_BINARY);

        DeadLetterDetail binaryCopy = engine.deadLetters().show("restored", binaryId).orElseThrow();
        DeadLetterDetail jsonCopy = engine.deadLetters().show("restored", jsonId).orElseThrow();
        assertThat(sha256(binaryCopy.message().payload())).isEqualTo(sha256(binary));
        assertThat(sha256(jsonCopy.message().payload())).isEqualTo(sha256(json));
        assertThat(binaryCopy.errors()).extracting(e -> e.message()).containsExactly("too large to handle");
    }

    @Test
    void showingAHugeBinaryPayloadPrintsItsFirst64KiBAndSaysHowToGetTheRest() {
        CommandLineRun show = CommandLineRun.of("dlq", "show", "blobs", binaryId, "--redis", TestRedis.url(), "--prefix", prefix);

        assertThat(show.exitCode()).isZero();
        List<String> dump = payloadLines(show.out());
        assertThat(dump).hasSize(64 * 1024 / 16 + 2);
        assertThat(dump.get(dump.size() - 3)).startsWith("  0000fff0 ");
        assertThat(dump.subList(dump.size() - 2, dump.size())).containsExactly(
                "  This is the first 64 KiB of 64 MiB: 67,043,328 more bytes are not shown.",
                "  For all of it: redrive dlq show blobs " + binaryId + " --payload-file FILE (the payload as stored, in a file), or --json.");
    }

    @Test
    void showingAHugeJsonPayloadPrintsAtMost64KiBOfItsText() {
        CommandLineRun show = CommandLineRun.of("dlq", "show", "blobs", jsonId, "--redis", TestRedis.url(), "--prefix", prefix);

        assertThat(show.exitCode()).isZero();
        List<String> payload = payloadLines(show.out());
        String text = String.join("\n", payload.subList(0, payload.size() - 2)).strip();
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64 * 1024);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith(text);
        assertThat(payload.get(payload.size() - 2)).startsWith("  This is the first 64 KiB of 20 MiB: ").endsWith(" more bytes are not shown.");
        assertThat(payload.get(payload.size() - 1)).contains("--payload-file FILE");
    }

    @Test
    void thePayloadFileOptionWritesTheWholePayloadAsStored() throws Exception {
        Path out = dir.resolve("payload.bin");

        CommandLineRun show = CommandLineRun.of("dlq", "show", "blobs", binaryId, "--payload-file", out.toString(), "--redis", TestRedis.url(), "--prefix", prefix);

        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).isEqualTo("Wrote the payload of " + binaryId + " (67,108,864 bytes) to " + out + ".\n");
        assertThat(sha256(Files.readAllBytes(out))).isEqualTo(sha256(binary));
    }

    /** The lines between the payload's heading and the attempts. */
    private static List<String> payloadLines(String out) {
        List<String> lines = out.lines().toList();
        int from = 0;
        while (!lines.get(from).startsWith("Payload (")) {
            from++;
        }
        int to = lines.indexOf("Attempts");
        return new ArrayList<>(lines.subList(from + 1, to - 1));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private record Child(int exitCode, String output, long peakHeap) { }

    /** The command line in a JVM of its own with a heap of 256 MiB, against this test's Redis and prefix. */
    private static Child child(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP_LIMIT, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), HeapMeasuredMain.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--redis", TestRedis.url(), "--prefix", prefix));
        Path log = Files.createTempFile(dir, "child-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        String output = Files.readString(log);
        long peak = output.lines().filter(l -> l.startsWith(HeapMeasuredMain.PEAK))
                .mapToLong(l -> Long.parseLong(l.substring(HeapMeasuredMain.PEAK.length()))).findFirst().orElse(-1);
        return new Child(process.exitValue(), output, peak);
    }

}
