package io.redrive.demo;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code redis-server} started from the binary that embedded-redis ships, bound to loopback on a free port.
 * With {@link #startPersistent()} it writes an append-only file, so a {@link #restart()} keeps the data, as a
 * production server would.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private final int port;
    private final Path dataDir;
    private RedisServer server;

    private EmbeddedRedis(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    /** A server that keeps its data in memory only. */
    public static EmbeddedRedis start() {
        return start(freePort(), null);
    }

    /** A server that logs every write to an append-only file and reloads it after a restart. */
    public static EmbeddedRedis startPersistent() {
        try {
            return start(freePort(), Files.createTempDirectory("redrive-redis-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedRedis start(int port, Path dataDir) {
        EmbeddedRedis redis = new EmbeddedRedis(port, dataDir);
        redis.startServer();
        return redis;
    }

    private void startServer() {
        try {
            var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("maxmemory-policy noeviction");
            if (dataDir != null) {
                builder.setting("dir " + dataDir.toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync always");
            } else {
                builder.setting("appendonly no");
            }
            server = builder.build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded redis-server on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return server != null && server.isActive();
    }

    /** Stops the server process; clients see the connection drop. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
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
