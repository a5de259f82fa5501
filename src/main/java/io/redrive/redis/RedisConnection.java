package io.redrive.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One Lettuce connection to a standalone server, a Sentinel-managed master or a Cluster, behind the command
 * interface the three share. Keys are UTF-8 strings and values raw bytes, so payloads pass through untouched.
 *
 * <p>URLs: {@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS,
 * {@code redis-sentinel://host:port[,host:port]/db#master} for Sentinel, and
 * {@code redis-cluster://host:port[,host:port]} (Redrive's own scheme) for Cluster seed nodes.
 *
 * <p>The connection reconnects by itself; commands issued while it is down wait for it up to the command
 * timeout and then fail with {@link RedisUnavailableException}. Reading the URL itself is {@link RedisUrls}.
 */
public final class RedisConnection implements AutoCloseable {
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final String displayUrl;
    private final Duration timeout;
    private final AutoCloseable client;
    private final ClientResources resources;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    /** Why the last reconnect attempt failed (refused, unknown host...), until the connection is back; else null. */
    private volatile Throwable reconnectFailure;
    private final LongAdder lookupHits = new LongAdder();
    private final LongAdder lookupMisses = new LongAdder();

    private RedisConnection(String displayUrl, Duration timeout, AutoCloseable client, ClientResources resources,
                            StatefulConnection<String, byte[]> connection,
                            RedisClusterAsyncCommands<String, byte[]> commands) {
        this.displayUrl = displayUrl;
        this.timeout = timeout;
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = commands;
        // a command waiting for a reconnect only ever says "timed out": the reconnect attempts know the real cause
        resources.eventBus().get().subscribe(event -> {
            if (event instanceof ReconnectFailedEvent failed) {
                reconnectFailure = failed.getCause();
            } else if (event instanceof ConnectionActivatedEvent) {
                reconnectFailure = null;
            }
        });
    }

    /** Connects, or fails at once with a plain-words reason (refused, wrong password, timeout, bad URL). */
    public static RedisConnection open(String url, Duration timeout) {
        Objects.requireNonNull(url, "url");
        String shown = RedisUrls.redact(url);
        String mistake = RedisUrls.mistakeIn(url);
        if (mistake != null) {
            throw new IllegalArgumentException("Not a valid Redis URL: " + shown + " (" + mistake + ")");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return connect(url, shown, timeout);
            } catch (RedisUnavailableException e) {
                // a refused AUTH/HELLO closes the channel; on a busy machine Lettuce sometimes reports that close
                // instead of the server's WRONGPASS, so the same attempt again gives the real reason
                if (attempt == HANDSHAKE_ATTEMPTS || !lostHandshakeRace(e)) {
                    throw e;
                }
            }
        }
    }

    private static final int HANDSHAKE_ATTEMPTS = 4;

    static boolean lostHandshakeRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (text.contains("Connection closed prematurely") || text.contains("RedisHandshakeHandler not registered")) {
                return true;
            }
        }
        return false;
    }

    private static RedisConnection connect(String url, String shown, Duration timeout) {
        // reconnect quickly (50 ms doubling to 2 s) so a restarted server is back in use within seconds
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        try {
            if (url.startsWith(RedisUrls.CLUSTER_SCHEME)) {
                return openCluster(url, shown, timeout, resources);
            }
            // caFile=<path> is Redrive's own parameter: trust that CA for TLS instead of the JVM's trust store
            String caFile = RedisUrls.caFile(url);
            RedisURI uri = RedisURI.create(caFile == null ? url : RedisUrls.withoutCaFile(url));
            uri.setTimeout(timeout);
            RedisClient client = RedisClient.create(resources, uri);
            ClientOptions.Builder clientOptions = ClientOptions.builder();
            if (caFile != null) {
                clientOptions.sslOptions(SslOptions.builder().trustManager(new File(caFile)).build());
            }
            client.setOptions(clientOptions
                    .autoReconnect(true)
                    .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .build());
            try {
                StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
                return new RedisConnection(shown, timeout, client, resources, connection, connection.async());
            } catch (RuntimeException e) {
                client.shutdown();
                throw e;
            }
        } catch (IllegalArgumentException e) {
            resources.shutdown();
            throw new IllegalArgumentException("Not a valid Redis URL: " + shown + " (" + RedisUrls.withoutSecret(e.getMessage(), url) + ")", e);
        } catch (RedisException e) {
            resources.shutdown();
            if (notRedis(e)) {
                throw new RedisUnavailableException("The server at " + RedisUrls.hostsIn(url) + " does not speak the Redis protocol"
                        + (answeredHttp(e) ? " (it answered like an HTTP server?)" : "") + ".", e);
            }
            throw new RedisUnavailableException("Cannot connect to Redis at " + shown + ": " + RedisUrls.withoutSecret(describe(e), url), e);
        }
    }

    /** Lettuce's decoder met a first byte that opens no RESP reply: something else listens on that port. */
    private static boolean notRedis(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Invalid first byte")) {
                return true;
            }
        }
        return false;
    }

    /** 72 is 'H', the first byte of "HTTP/1.1 400 Bad Request". */
    private static boolean answeredHttp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Invalid first byte: 72")) {
                return true;
            }
        }
        return false;
    }

    private static RedisConnection openCluster(String url, String shown, Duration timeout, ClientResources resources) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String seedUrl : RedisUrls.clusterSeeds(url)) {
            RedisURI seed = RedisURI.create(seedUrl);
            seed.setTimeout(timeout);
            seeds.add(seed);
        }
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            StatefulRedisClusterConnection<String, byte[]> connection = client.connect(CODEC);
            return new RedisConnection(shown, timeout, client, resources, connection, connection.async());
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** The commands shared by standalone and cluster connections; safe to use from many threads. */
    public RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands;
    }

    /**
     * Listens to a pub/sub channel on a connection of its own (which reconnects and resubscribes by itself) until
     * the returned handle is closed. The listener runs on Lettuce's I/O thread: keep it short.
     */
    public AutoCloseable subscribe(String channel, Consumer<byte[]> listener) {
        RedisPubSubAdapter<String, byte[]> adapter = new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, byte[] message) {
                if (channel.equals(from)) {
                    listener.accept(message);
                }
            }
        };
        StatefulRedisPubSubConnection<String, byte[]> pubSub = client instanceof RedisClusterClient cluster
                ? cluster.connectPubSub(CODEC) : ((RedisClient) client).connectPubSub(CODEC);
        pubSub.addListener(adapter);
        try {
            await(pubSub.async().subscribe(channel));
        } catch (RuntimeException e) {
            pubSub.close();
            throw e;
        }
        return pubSub::close;
    }

    /**
     * Notes one key lookup of a periodic read and whether it found the key (an empty hash or set, or a nil, means
     * the key is absent: Redis counted a keyspace miss), so a hit rate can be shown without this process's polling.
     */
    public void countLookup(boolean found) {
        (found ? lookupHits : lookupMisses).increment();
    }

    /** The lookups noted with {@link #countLookup} since this connection opened. */
    public Lookups lookups() {
        return new Lookups(lookupHits.sum(), lookupMisses.sum());
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    /** The host:port (or list of them) this connection was opened on, without scheme or credentials. */
    public String hosts() {
        return RedisUrls.hostsIn(displayUrl);
    }

    /** The URL with any password masked, fit for logs and error messages. */
    public String displayUrl() {
        return displayUrl;
    }

    /** Waits for a command's result, turning Lettuce's failures into this package's plain-words exceptions. */
    public <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("Interrupted while waiting for Redis at " + displayUrl, e);
        } catch (TimeoutException e) {
            Throwable reconnecting = reconnectFailure;
            if (reconnecting != null) {
                throw reconnecting(reconnecting, e);
            }
            throw new RedisUnavailableException("Redis at " + displayUrl + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Throwable reconnecting = reconnectFailure;
            if (cause instanceof RedisCommandTimeoutException && reconnecting != null) {
                throw reconnecting(reconnecting, cause);
            }
            if (cause instanceof RedisConnectionException || cause instanceof RedisCommandTimeoutException) {
                throw new RedisUnavailableException("Redis at " + displayUrl + " is unavailable: " + describe(cause), cause);
            }
            if (cause instanceof RedisLoadingException) {
                // a restarted server answers INFO while it reads its data back, but refuses everything else until then
                throw new RedisUnavailableException("Redis at " + displayUrl
                        + " is still loading its data after a restart; it answers again once it has read it all", cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RedisUnavailableException("Redis at " + displayUrl + " failed: " + describe(cause), cause);
        }
    }

    /** A command timed out while the connection was down: the reconnect's failure is the cause worth telling. */
    private RedisUnavailableException reconnecting(Throwable reconnectFailure, Throwable timeout) {
        RedisUnavailableException e = new RedisUnavailableException("Redis at " + displayUrl + " is unavailable: "
                + describe(reconnectFailure), reconnectFailure);
        e.addSuppressed(timeout);
        return e;
    }

    @Override
    public void close() {
        connection.close();
        try {
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not shut the Redis client down", e);
        } finally {
            // the resources are this connection's own (see open), so a client's shutdown leaves them running
            resources.shutdown();
        }
    }

    /** What a refused command means for an operator connected as a read-only Redis user (see the README's ACLs). */
    public static final String NO_WRITE_ACCESS = RedisErrors.NO_WRITE_ACCESS;

    /** Whether Redis refused a command because the connected user lacks the permission (an ACL NOPERM error). */
    public static boolean isPermissionDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("NOPERM")) {
                return true;
            }
        }
        return false;
    }

    /** Turns Lettuce's nested exceptions into one clause a person can act on; see {@link RedisErrors}. */
    public static String describe(Throwable e) {
        return RedisErrors.describe(e);
    }

    /** The URL with any password masked, fit for logs and error messages. */
    public static String redact(String url) {
        return RedisUrls.redact(url);
    }
}
