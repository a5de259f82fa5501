package io.redrive.engine;

import io.redrive.redis.RedisConnection;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process for the crash test: consumes a queue, counting each delivery in a Redis hash before it is
 * acknowledged, until the test kills it with SIGKILL. Arguments: Redis URL, key prefix, queue.
 */
public final class CrashWorkerMain {
    private CrashWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        String prefix = args[1];
        String queue = args[2];
        RedisConnection counter = RedisConnection.open(url, Duration.ofSeconds(5));
        Engine engine = Engine.connect(EngineOptions.builder().redisUrl(url).keyPrefix(prefix)
                .doneRetention(Duration.ofHours(1)).upkeep(false).build());
        engine.worker(queue, delivery -> {
            counter.await(counter.commands().hincrby(CrashRecoveryIT.processedKey(prefix), delivery.id(), 1));
            // stands for real work, so that several messages are in flight when the process dies
            Thread.sleep(5);
        }, WorkerOptions.builder().concurrency(8).batchSize(20).visibilityTimeout(Duration.ofSeconds(1)).build());
        System.out.println("worker started");
        new CountDownLatch(1).await();
    }
}
