package io.redrive.cli;

import io.redrive.ops.BulkOperation;
import io.redrive.ops.BulkOperation.ChunkResult;
import io.redrive.ops.BulkOperation.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** p and Enter pause and resume a foreground bulk operation between its chunks, as the console's Pause button does. */
class PauseKeysTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void pThenEnterPausesAfterTheChunkInProgressAndPAgainResumesToTheEnd() throws IOException, InterruptedException {
        CountDownLatch firstChunkStarted = new CountDownLatch(1);
        CountDownLatch firstChunkMayEnd = new CountDownLatch(1);
        AtomicInteger chunks = new AtomicInteger();
        BulkOperation operation = BulkOperation.builder("replay dead letters in orders",
                () -> chunks.get() < 3 ? List.of("a", "b") : List.of(),
                ids -> {
                    if (chunks.incrementAndGet() == 1) {
                        firstChunkStarted.countDown();
                        firstChunkMayEnd.await();
                    }
                    return ChunkResult.allSucceeded(ids.size());
                }).total(6).start(executor);
        PipedWriter keyboard = new PipedWriter();
        StringWriter said = new StringWriter();

        try (PauseKeys keys = PauseKeys.listen(operation, new PipedReader(keyboard), new PrintWriter(said, true))) {
            // p while the first chunk runs (on a busy machine the operation may not have started it yet)
            assertThat(firstChunkStarted.await(30, TimeUnit.SECONDS)).isTrue();
            keyboard.write("p\n");
            keyboard.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> said.toString().contains("Pausing"));
            firstChunkMayEnd.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> operation.progress().processed() == 2);
            assertThat(operation.progress().state()).isEqualTo(State.PAUSED);
            assertThat(chunks.get()).as("no chunk after the one in progress").isEqualTo(1);

            keyboard.write("p\n");
            keyboard.flush();
            BulkOperation.Progress last = operation.await();
            assertThat(last.state()).isEqualTo(State.COMPLETED);
            assertThat(last.succeeded()).isEqualTo(6);
        }
        assertThat(said.toString()).isEqualTo(PauseKeys.HINT + "\n\nPausing after the chunk in progress. Type p and "
                + "Enter to resume.\n\nResumed.\n");
    }

    @Test
    void onlyALineThatIsPTogglesOtherLinesAreIgnored() throws IOException, InterruptedException {
        CountDownLatch mayEnd = new CountDownLatch(1);
        BulkOperation operation = BulkOperation.builder("purge dead letters in orders", new OneChunk(),
                ids -> {
                    mayEnd.await();
                    return ChunkResult.allSucceeded(ids.size());
                }).total(1).start(executor);
        PipedWriter keyboard = new PipedWriter();
        StringWriter said = new StringWriter();

        try (PauseKeys keys = PauseKeys.listen(operation, new PipedReader(keyboard), new PrintWriter(said, true))) {
            keyboard.write("pause please\n\nq\n P \n");
            keyboard.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> said.toString().contains("Pausing"));
            keyboard.write("resume\np\n");
            keyboard.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> said.toString().contains("Resumed"));
            mayEnd.countDown();
            assertThat(operation.await().state()).isEqualTo(State.COMPLETED);
        }
        assertThat(said.toString()).isEqualTo(PauseKeys.HINT + "\n\nPausing after the chunk in progress. Type p and "
                + "Enter to resume.\n\nResumed.\n");
    }

    /** One chunk of one id, then no more. */
    private static final class OneChunk implements BulkOperation.ChunkSource {
        private boolean given;

        @Override
        public List<String> next() {
            if (given) {
                return List.of();
            }
            given = true;
            return List.of("a");
        }
    }
}
