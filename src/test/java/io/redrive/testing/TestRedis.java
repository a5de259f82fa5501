package io.redrive.testing;

import io.redrive.demo.EmbeddedRedis;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis the integration tests use: the server at {@code REDIS_URL} when that is set (CI runs the suite once
 * against Debian's redis-server 7 this way), otherwise one embedded redis-server on a free port shared by the
 * whole test JVM. Tests isolate themselves with a key prefix of their own instead of flushing the server.
 */
public final class TestRedis {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static String url;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url == null) {
            String configured = System.getenv("REDIS_URL");
            if (configured != null && !configured.isBlank()) {
                url = configured.trim();
            } else {
                EmbeddedRedis server = EmbeddedRedis.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                url = server.url();
            }
        }
        return url;
    }

    /** A key prefix no other test in any run uses. */
    public static String newPrefix() {
        return "t" + ProcessHandle.current().pid() + "-" + PREFIXES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }
}
