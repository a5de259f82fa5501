package io.redrive.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.Upkeep;
import io.redrive.redis.RedisConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code /metrics} (Prometheus text format 0.0.4) and {@code /health} for one engine, on the JDK's HTTP
 * server. It reads Redis on a connection of its own, so a slow scrape never holds up the engine's upkeep.
 */
public final class MetricsServer implements AutoCloseable {
    /** How long a scrape or health check waits for Redis before it gives up. */
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

    private final Engine engine;
    private final RedisConnection redis;
    private final Cache cache;
    private final EngineMetrics metrics;
    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "redrive-metrics");
        t.setDaemon(true);
        return t;
    });

    private MetricsServer(Engine engine, int port) throws IOException {
        this.engine = engine;
        EngineOptions options = engine.options();
        this.redis = RedisConnection.open(options.redisUrl(), REDIS_TIMEOUT);
        try {
            this.cache = Cache.on(redis, CacheOptions.builder().redisUrl(options.redisUrl())
                    .keyPrefix(options.keyPrefix()).readOnly(true).build());
            this.metrics = new EngineMetrics(engine, cache);
            this.http = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
        http.createContext("/metrics", this::metrics);
        http.createContext("/health", this::health);
        http.setExecutor(threads);
        http.start();
    }

    /** Starts serving on {@code port} of every interface (0: any free port, see {@link #port()}). */
    public static MetricsServer start(Engine engine, int port) throws IOException {
        return new MetricsServer(engine, port);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/metrics")) {
            send(exchange, 404, "text/plain; charset=utf-8", "Not found: try /metrics or /health\n");
            return;
        }
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape());
    }

    private void health(HttpExchange exchange) throws IOException {
        String problem = problem();
        if (problem == null) {
            send(exchange, 200, "application/json", "{\"status\":\"up\",\"engine\":" + quote(engine.id())
                    + ",\"redis\":" + quote(redis.displayUrl()) + "}\n");
        } else {
            send(exchange, 503, "application/json", "{\"status\":\"down\",\"engine\":" + quote(engine.id())
                    + ",\"reason\":" + quote(problem) + "}\n");
        }
    }

    /** Why the engine is not healthy, in a sentence; null when Redis answers and the upkeep runs. */
    String problem() {
        try {
            redis.await(redis.commands().ping());
        } catch (RuntimeException e) {
            return "Redis at " + redis.displayUrl() + " does not answer: " + RedisConnection.describe(e);
        }
        Upkeep upkeep = engine.upkeep();
        if (!upkeep.isRunning()) {
            return "The upkeep (promote due retries, recover leases, retention) is not running.";
        }
        if (upkeep.isFailing()) {
            return "The upkeep's last tick could not reach Redis.";
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
        cache.close();
        redis.close();
    }
}
