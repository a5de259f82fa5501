package io.redrive.demo;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@code redis-server} run from the binary that embedded-redis ships for this platform, bound to loopback on a
 * free port. With {@link #startPersistent()} it writes an append-only file, so a {@link #restart()} keeps the
 * data, as a production server would.
 *
 * <p>Redrive starts the process itself rather than through embedded-redis's {@code RedisServer}, whose JVM
 * shutdown hook would kill the server while the demo's workers are still settling their last messages.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 15_000;

    private final int port;
    private final Path dataDir;
    private final Path log;
    private final List<String> settings;
    private Process process;

    private EmbeddedRedis(int port, Path dataDir, Path log, List<String> settings) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
        this.settings = settings;
    }

    /** A server that keeps its data in memory only. */
    public static EmbeddedRedis start() {
        return start(null, List.of());
    }

    /**
     * A server started with extra settings, for example {@code "--requirepass", "secret"}, or the settings of a
     * Cluster node. It runs in a fresh temporary directory, where a Cluster node keeps its nodes.conf.
     */
    public static EmbeddedRedis startWith(String... settings) {
        try {
            List<String> all = new ArrayList<>(List.of("--dir", Files.createTempDirectory("redrive-redis-").toString()));
            all.addAll(List.of(settings));
            return start(null, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server that logs every write to an append-only file and reloads it after a restart. */
    public static EmbeddedRedis startPersistent() {
        try {
            return start(Files.createTempDirectory("redrive-redis-"), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedRedis start(Path dataDir, List<String> settings) {
        try {
            Path log = Files.createTempFile("redrive-redis-", ".log");
            log.toFile().deleteOnExit();
            EmbeddedRedis redis = new EmbeddedRedis(freePort(), dataDir, log, settings);
            redis.startServer();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded redis-server", e);
        }
    }

    private void startServer() {
        try {
            File binary = ExecutableProvider.newJarResourceProvider().get();
            List<String> command = new ArrayList<>(List.of(binary.getAbsolutePath(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no",
                    "--maxmemory-policy", "noeviction"));
            if (dataDir != null) {
                command.addAll(List.of("--dir", dataDir.toString(), "--appendonly", "yes", "--appendfsync", "always"));
            } else {
                command.addAll(List.of("--appendonly", "no"));
            }
            command.addAll(settings);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded redis-server on port " + port, e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at start: " + Files.readString(log).strip());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not listen on port " + port + " within " + START_TIMEOUT_MS + " ms");
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM, so it flushes its append-only file); clients see the connection drop. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts the server again on the same port (and, when persistent, with the same data). */
    public synchronized void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the embedded redis-server", e);
        }
    }
}
