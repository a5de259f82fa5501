package io.redrive.cli;

import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Small mistakes an operator makes on the command line, each answered with one exact sentence and exit code 1. */
class CommandLineMistakesIT {
    private final String prefix = TestRedis.newPrefix();

    @TempDir
    Path dir;

    private Engine engine(String keyPrefix) {
        return Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(keyPrefix)
                .upkeep(false).commandTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    void aPortThatIsNotANumberIsNamed() {
        CommandLineRun list = CommandLineRun.of("dlq", "list", "--redis", "redis://localhost:abc", "--prefix", prefix);

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).isEqualTo("redrive dlq list: Not a valid Redis URL: redis://localhost:abc "
                + "(port 'abc' is not a number)\n");
    }

    @Test
    void aServerThatAnswersHttpIsSaidNotToSpeakRedis() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> answerHttp(http));
            server.setDaemon(true);
            server.start();
            String hostPort = "127.0.0.1:" + http.getLocalPort();

            CommandLineRun list = CommandLineRun.of("dlq", "list", "--redis", "redis://" + hostPort, "--prefix", prefix);

            assertThat(list.exitCode()).isEqualTo(1);
            assertThat(list.out()).isEmpty();
            assertThat(list.err()).isEqualTo("redrive dlq list: The server at " + hostPort
                    + " does not speak the Redis protocol (it answered like an HTTP server?).\n");
        }
    }

    /** What a web server says to bytes it does not understand, to every connection until the socket closes. */
    private static void answerHttp(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept(); InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                in.read(new byte[1024]);
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Test
    void aRawAtInThePasswordIsRefusedWithoutEchoingAnyOfIt() {
        CommandLineRun list = CommandLineRun.of("dlq", "list", "--redis", "redis://alice:s3cr@tPW@localhost:6379", "--prefix", prefix);

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).isEqualTo("redrive dlq list: Not a valid Redis URL: redis://alice:***@localhost:6379 "
                + "(the password or user name contains a raw '@': percent-encode it as %40)\n");
        assertThat(list.err()).doesNotContain("s3cr", "tPW");
    }

    @Test
    void aCaFileOnAPlainRedisUrlIsRefused() {
        CommandLineRun list = CommandLineRun.of("dlq", "list", "--redis", "redis://localhost:6379/0?caFile=/etc/ssl/ca.pem", "--prefix", prefix);

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).isEqualTo("redrive dlq list: Not a valid Redis URL: redis://localhost:6379/0?caFile=/etc/ssl/ca.pem "
                + "(a CA file needs rediss://; redis:// would connect without TLS)\n");
    }

    @Test
    void anImportLineThatIsNotUtf8IsNamedByItsNumberAndNothingIsImported() throws Exception {
        Path file = dir.resolve("export.jsonl");
        try (Engine source = engine(TestRedis.newPrefix())) {
            Queue q = source.queue("documents");
            q.enqueue(OutgoingMessage.json("{\"doc\":1}"));
            Worker worker = source.worker("documents", d -> {
                throw new NonRetryableException("cannot parse");
            }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5)).build());
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> q.counts().dead() == 1);
            } finally {
                worker.close();
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                source.deadLetters().export(io.redrive.engine.DeadLetterTarget.all(), out, n -> { });
            }
        }
        // far past the reader's buffer, so the number cannot come from where the decoder happened to be
        List<String> blank = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            blank.add("");
        }
        long before = Files.readAllLines(file).size();
        Files.write(file, blank, StandardOpenOption.APPEND);
        Files.write(file, new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', '}', '\n'}, StandardOpenOption.APPEND);

        CommandLineRun importing = CommandLineRun.of("dlq", "import", file.toString(), "--redis", TestRedis.url(), "--prefix", prefix);

        assertThat(importing.exitCode()).isEqualTo(1);
        assertThat(importing.out()).isEmpty();
        assertThat(importing.err()).isEqualTo("redrive dlq import: Line " + (before + 20_001)
                + ": the text is not valid UTF-8; nothing was imported\n");
        try (Engine target = engine(prefix)) {
            assertThat(target.queueNames()).isEmpty();
        }
    }

    @Test
    void aFailureOutsideTheDlqCommandsIsPrefixedWithTheFullCommandName() {
        CommandLineRun ttl = CommandLineRun.of("cache", "ttl", "documents", "0", "--redis", TestRedis.url(), "--prefix", prefix);

        assertThat(ttl.exitCode()).isEqualTo(1);
        assertThat(ttl.out()).isEmpty();
        assertThat(ttl.err()).isEqualTo("redrive cache ttl: A TTL must be between 1 s and 30 days, got 0 s.\n");
    }
}
