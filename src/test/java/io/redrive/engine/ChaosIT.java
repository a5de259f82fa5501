package io.redrive.engine;

import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.core.ExecutableProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos: 10,000 messages in two queues (some delayed, some failing their first one or two attempts, a few always
 * failing) are worked off by worker processes, one of which is killed with SIGKILL every 1.5 s and replaced, while Redis
 * itself is killed with SIGKILL twice and restarted from its append-only file. Nothing is lost: every message ends
 * done or, when it always fails, dead, and the only price is a bounded number of duplicate deliveries
 * (at-least-once).
 *
 * <p>The test starts a redis-server of its own so that it can kill it: the binary embedded-redis ships, or the one
 * named by {@code REDRIVE_CHAOS_REDIS_SERVER} (for example Debian's {@code /usr/bin/redis-server}). It runs with
 * {@code appendfsync always}: with {@code everysec} a killed Redis may lose up to one second of acknowledged writes
 * (the README's Durability section says so), which would be Redis forgetting, not Redrive losing.
 */
class ChaosIT {
    private static final int MESSAGES = 10_000;
    private static final List<String> QUEUES = List.of("orders", "emails");
    private static final int WORKERS = 3;
    private static final Duration CHAOS_INTERVAL = Duration.ofMillis(1_500);
    /** Redis is killed when this share of the messages is done, once each. */
    private static final List<Double> REDIS_KILLS_AT = List.of(0.25, 0.6);
    /**
     * A generous ceiling on the leases one worker process holds, per queue: its handler slots (the handler threads
     * and two batches leased ahead, as {@code Worker} counts them) and as many again for outcomes its settlers have
     * not yet written, whose slots are free already.
     */
    private static final int HELD_PER_WORKER = QUEUES.size()
            * 2 * (ChaosWorkerMain.OPTIONS.concurrency() + 2 * ChaosWorkerMain.OPTIONS.batchSize());
    /** So that a message that loses a few leases to kills still ends done, never dead from lease expiries. */
    private static final RetryPolicy POLICY = RetryPolicy.builder().maxAttempts(8)
            .backoff(Backoff.exponential(Duration.ofMillis(100)).withCap(Duration.ofSeconds(1))).build();

    /** The runs, the worker and Redis logs and the append-only file, kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final String prefix = "chaos" + ProcessHandle.current().pid();
    private final Random random = new Random(13);
    private final List<Child> workers = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> chaosErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger workerKills = new AtomicInteger();
    private final AtomicInteger redisKills = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private KilledRedis redis;

    @AfterEach
    void stopEverything() {
        workers.forEach(w -> w.process().destroyForcibly());
        if (redis != null) {
            redis.kill();
        }
    }

    @Test
    void killingWorkersAndRedisLosesNoMessageAndCostsOnlyBoundedDuplicates() throws Exception {
        long startedAt = System.nanoTime();
        System.out.println("chaos test: logs in " + dir + " (kept if the test fails)");
        redis = new KilledRedis(dir.resolve("redis"));
        Engine engine = Engine.connect(EngineOptions.builder().redisUrl(redis.url()).keyPrefix(prefix)
                .clock(Clock.systemUTC()).doneRetention(Duration.ofHours(1)).upkeep(true)
                .maintenanceInterval(Duration.ofMillis(100)).commandTimeout(Duration.ofSeconds(2)).build());
        try {
            Map<String, Set<String>> enqueued = new HashMap<>();
            Set<String> poison = new HashSet<>();
            enqueue(engine, enqueued, poison);
            for (int i = 0; i < WORKERS; i++) {
                workers.add(startWorker());
            }

            ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
            chaos.scheduleWithFixedDelay(() -> chaosTick(engine), CHAOS_INTERVAL.toMillis(), CHAOS_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> QUEUES.stream().map(q -> engine.queue(q).counts())
                                .allMatch(c -> c.ready() + c.inFlight() + c.scheduled() == 0 && c.total() == enqueued.get(c.queue()).size()));
            } finally {
                chaos.shutdown();
                assertThat(chaos.awaitTermination(60, TimeUnit.SECONDS)).as("the chaos thread stopped").isTrue();
            }
            for (Child worker : workers) {
                worker.process().destroyForcibly().waitFor();
            }
            long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

            assertThat(chaosErrors).as("errors of the chaos thread").isEmpty();
            assertThat(unexpected).as("worker processes that died without being killed").isEmpty();
            assertThat(redisKills.get()).as("kills of Redis").isEqualTo(REDIS_KILLS_AT.size());
            assertThat(workerKills.get()).as("kills of workers").isPositive();

            RedisConnection connection = engine.redis();
            KeySchema keys = new KeySchema(prefix);
            for (String queue : QUEUES) {
                KeySchema.QueueKeys k = keys.queue(queue);
                Set<String> done = members(connection, k.done());
                Set<String> dead = members(connection, k.dead());
                Set<String> expectedDead = new HashSet<>(enqueued.get(queue));
                expectedDead.retainAll(poison);
                Set<String> expectedDone = new HashSet<>(enqueued.get(queue));
                expectedDone.removeAll(poison);
                assertThat(dead).as("dead in " + queue + ": exactly the always-failing messages").isEqualTo(expectedDead);
                assertThat(done).as("done in " + queue + ": every other message").isEqualTo(expectedDone);
                assertThat(engine.queue(queue).counts()).as("nothing left over in " + queue)
                        .isEqualTo(new QueueCounts(queue, 0, 0, 0, expectedDead.size(), expectedDone.size()));
                assertThat(connection.await(connection.commands().hgetall(k.missing())))
                        .as("index entries in " + queue + " whose message was missing").isEmpty();
            }
            assertThat(engine.check().problems()).as("consistency check").isEmpty();

            Map<String, int[]> runs = handlerRuns();  // id -> {succeeding runs, failing runs}
            Set<String> all = new HashSet<>();
            enqueued.values().forEach(all::addAll);
            assertThat(runs.keySet()).as("every message reached a handler, and only those").isEqualTo(all);
            long duplicates = 0;
            for (Map.Entry<String, int[]> run : runs.entrySet()) {
                int succeeded = run.getValue()[0];
                if (poison.contains(run.getKey())) {
                    assertThat(succeeded).as("succeeding runs of always-failing " + run.getKey()).isZero();
                } else {
                    assertThat(succeeded).as("succeeding runs of " + run.getKey()).isPositive();
                    duplicates += succeeded - 1;  // its earlier succeeding run was interrupted or its ack lost
                }
            }
            long totalRuns = runs.values().stream().mapToLong(r -> r[0] + r[1]).sum();
            long recovered = QUEUES.stream().flatMap(q -> engine.queue(q).metrics(Instant.now().minusSeconds(600), Instant.now()).stream())
                    .mapToLong(MinuteMetrics::recovered).sum();
            System.out.printf("chaos test: %,d messages (%d dead by design), %,d handler runs, %d worker processes"
                            + " started, %d killed, Redis killed %d times, %d leases taken back, %d duplicate deliveries,"
                            + " %.1f s%n", MESSAGES, poison.size(), totalRuns, started.get(), workerKills.get(),
                    redisKills.get(), recovered, duplicates, wallMillis / 1000.0);
            // a handler run is repeated only when its lease expired and was taken back; a kill of Redis can cost
            // every worker's leases, a kill of a worker its own
            assertThat(duplicates).as("duplicate deliveries, each behind a lease taken back").isLessThanOrEqualTo(recovered);
            assertThat(recovered).as("leases taken back, at most what the kills stranded")
                    .isLessThanOrEqualTo((long) HELD_PER_WORKER * (workerKills.get() + (long) redisKills.get() * WORKERS));
        } finally {
            engine.close();
        }
    }

    /**
     * In two queues: one in ten delayed by up to 3 s, one in twenty failing its first attempt, one in fifty its
     * first two, one in five hundred always.
     */
    private void enqueue(Engine engine, Map<String, Set<String>> enqueued, Set<String> poison) {
        for (String name : QUEUES) {
            engine.queue(name).updatePolicy(POLICY);
            enqueued.put(name, new HashSet<>());
        }
        for (int from = 0; from < MESSAGES; from += 1_000) {
            for (int q = 0; q < QUEUES.size(); q++) {
                List<OutgoingMessage> batch = new ArrayList<>();
                List<Boolean> always = new ArrayList<>();
                for (int n = from + q; n < from + 1_000; n += QUEUES.size()) {
                    String kind = n % 500 == 7 ? "poison" : n % 50 == 1 ? "fail2" : n % 20 == 0 ? "fail1" : "ok";
                    OutgoingMessage message = OutgoingMessage.of(kind + " " + n);
                    if (n % 10 == 3) {
                        message = message.delay(Duration.ofMillis(random.nextInt(3_000)));
                    }
                    batch.add(message);
                    always.add(kind.equals("poison"));
                }
                List<String> ids = engine.queue(QUEUES.get(q)).enqueueAll(batch);
                enqueued.get(QUEUES.get(q)).addAll(ids);
                for (int i = 0; i < ids.size(); i++) {
                    if (always.get(i)) {
                        poison.add(ids.get(i));
                    }
                }
            }
        }
        assertThat(enqueued.values().stream().mapToInt(Set::size).sum()).as("distinct ids enqueued").isEqualTo(MESSAGES);
    }

    /** One step of chaos: Redis when the work has come far enough, otherwise a random worker; then a replacement. */
    private void chaosTick(Engine engine) {
        try {
            for (int i = 0; i < workers.size(); i++) {
                Child worker = workers.get(i);
                if (!worker.process().isAlive()) {
                    unexpected.add("exit " + worker.process().exitValue() + ": " + Files.readString(worker.log()));
                    workers.set(i, startWorker());
                }
            }
            int redisKilled = redisKills.get();
            if (redisKilled < REDIS_KILLS_AT.size() && doneShare(engine) >= REDIS_KILLS_AT.get(redisKilled)) {
                redis.kill();
                redisKills.incrementAndGet();
                redis.start();
                return;
            }
            // only a worker that has handled messages, not one still starting its JVM, so that the kill strands leases
            List<Child> working = new ArrayList<>();
            for (Child worker : workers) {
                if (Files.exists(worker.runs()) && Files.size(worker.runs()) > 0) {
                    working.add(worker);
                }
            }
            if (!working.isEmpty()) {
                Child victim = working.get(random.nextInt(working.size()));
                victim.process().destroyForcibly().waitFor();  // SIGKILL: no shutdown hook, no graceful close
                workerKills.incrementAndGet();
                workers.set(workers.indexOf(victim), startWorker());
            }
        } catch (Throwable e) {
            chaosErrors.add(e);
        }
    }

    private static double doneShare(Engine engine) {
        try {
            return QUEUES.stream().mapToLong(q -> engine.queue(q).counts().done()).sum() / (double) MESSAGES;
        } catch (RuntimeException redisNotAnswering) {
            return 0;
        }
    }

    /** A worker process, the file it records its handler runs in, and its output. */
    private record Child(Process process, Path runs, Path log) { }

    private Child startWorker() throws IOException {
        int n = started.incrementAndGet();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ChaosWorkerMain.class.getName(), redis.url(), prefix, runsFile(n).toString()));
        command.addAll(QUEUES);
        Path log = dir.resolve("worker-" + n + ".log");
        return new Child(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(),
                runsFile(n), log);
    }

    private Path runsFile(int n) {
        return dir.resolve("runs-" + n + ".txt");
    }

    /** Every handler run the worker processes recorded: id -> {succeeding runs, failing runs}. */
    private Map<String, int[]> handlerRuns() throws IOException {
        Map<String, int[]> runs = new HashMap<>();
        for (int n = 1; n <= started.get(); n++) {
            Path file = runsFile(n);
            if (!Files.exists(file)) {
                continue;  // killed before its first run
            }
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(" ");
                assertThat(fields).as("a run record in " + file).hasSize(3);
                runs.computeIfAbsent(fields[0], id -> new int[2])[fields[2].equals("ok") ? 0 : 1]++;
            }
        }
        return runs;
    }

    private static Set<String> members(RedisConnection connection, String zset) {
        Set<String> ids = new HashSet<>();
        connection.await(connection.commands().zrange(zset, 0, -1)).forEach(id -> ids.add(new String(id, StandardCharsets.UTF_8)));
        return ids;
    }

    /** A redis-server with an append-only file, which this test kills with SIGKILL and starts again from that file. */
    private static final class KilledRedis {
        private final Path dataDir;
        private final int port = freePort();
        private Process process;

        KilledRedis(Path dataDir) throws IOException {
            this.dataDir = Files.createDirectories(dataDir);
            start();
        }

        String url() {
            return "redis://127.0.0.1:" + port;
        }

        synchronized void start() throws IOException {
            String configured = System.getenv("REDRIVE_CHAOS_REDIS_SERVER");
            String binary = configured != null && !configured.isBlank() ? configured
                    : ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
            // appendfsync always: every write Redis acknowledged is in the file when it is killed
            process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dataDir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                    "--daemonize", "no", "--maxmemory-policy", "noeviction")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("redis.log").toFile()))
                    .start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(this::listening);
        }

        private boolean listening() {
            assertThat(process.isAlive()).as("redis-server running").isTrue();
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }

        synchronized void kill() {
            if (process != null) {
                try {
                    process.destroyForcibly().waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
