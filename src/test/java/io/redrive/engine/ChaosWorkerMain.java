package io.redrive.engine;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process for {@link ChaosIT}: consumes the given queues until the test kills it with SIGKILL. Each handler
 * run is appended to this process's own file ({@code id attempt outcome}, one write per line) before the handler
 * returns, so before its outcome is acknowledged. The payload says how the message behaves: {@code ok} succeeds,
 * {@code failN} fails its first N attempts, {@code poison} always fails.
 * Arguments: Redis URL, key prefix, run log file, queue names.
 */
public final class ChaosWorkerMain {
    /** Stands for real work, so that several messages are in flight whenever the process dies. */
    static final long WORK_MILLIS = 10;
    static final WorkerOptions OPTIONS = WorkerOptions.builder().concurrency(4).batchSize(10)
            .visibilityTimeout(Duration.ofSeconds(2)).maxIdlePoll(Duration.ofMillis(50)).build();

    private ChaosWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String prefix = args[1];
        FileOutputStream runs = new FileOutputStream(args[2], true);
        List<String> queues = List.of(args).subList(3, args.length);
        for (int attempt = 1; ; attempt++) {
            Engine engine = null;
            try {
                engine = Engine.connect(EngineOptions.builder().redisUrl(url).keyPrefix(prefix)
                        .doneRetention(Duration.ofHours(1)).upkeep(false)
                        .commandTimeout(Duration.ofSeconds(2)).build());
                for (String queue : queues) {
                    engine.worker(queue, delivery -> handle(delivery, runs), OPTIONS);
                }
                break;
            } catch (RuntimeException e) {
                // Redis may be down, or answering LOADING while it reads its append-only file back: what a
                // process supervisor would do, start again a moment later
                if (engine != null) {
                    engine.close();
                }
                if (attempt == 30) {
                    throw e;
                }
                System.out.println("start failed, trying again: " + e);
                Thread.sleep(500);
            }
        }
        System.out.println("worker started");
        new CountDownLatch(1).await();
    }

    private static void handle(Delivery delivery, FileOutputStream runs) throws InterruptedException {
        String kind = delivery.text().substring(0, delivery.text().indexOf(' '));
        boolean fails = kind.equals("poison")
                || kind.startsWith("fail") && delivery.attempt() <= Integer.parseInt(kind.substring(4));
        record(runs, delivery.id() + " " + delivery.attempt() + " " + (fails ? "fail" : "ok") + "\n");
        Thread.sleep(WORK_MILLIS);
        if (fails) {
            throw new IllegalStateException("chaos: attempt " + delivery.attempt() + " of a " + kind + " message");
        }
    }

    /** One write per line: a line is either wholly in the file or not at all when the process is killed. */
    private static void record(FileOutputStream runs, String line) {
        try {
            synchronized (runs) {
                runs.write(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
