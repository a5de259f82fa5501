package io.redrive.engine;

import io.redrive.redis.Lookups;
import io.redrive.redis.Replies;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditLog;
import io.redrive.ops.Ticker;
import io.redrive.redis.ReadOnlyException;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry engine: at-least-once delivery of messages through Redis, with retries, dead letters and a full
 * history of every message.
 *
 * <p>The life of a message. A producer {@linkplain Queue#enqueue enqueues} it: it is <em>ready</em>, or
 * <em>scheduled</em> when it has a delay. A {@link Worker} leases a batch of ready messages: they are
 * <em>in flight</em> until their visibility timeout, which the worker extends while its handler runs. When
 * the handler returns the worker acknowledges the message: <em>done</em> (deleted, or kept for the done
 * retention). When it throws, the error is recorded and the message is <em>scheduled</em> for a retry after
 * an exponential backoff, or <em>dead</em> when it is out of attempts or the error is non-retryable. The
 * {@link Upkeep}, which runs in every engine, promotes due scheduled messages back to ready, takes
 * back expired leases (a crashed worker's messages are delivered again, the lost attempt counted), and deletes
 * dead letters older than the retention. Every one of these moves is one Lua script, so a message is always in
 * exactly one state, and any number of engines can share a Redis without doing the same work twice.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final EngineOptions options;
    private final RedisConnection redis;
    private final KeySchema keys;
    private final PolicyStore policies;
    private final String id;
    private final String host;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final Upkeep background;
    private final Heartbeats heartbeats;
    private final AuditLog audit;
    private final DeadLetters deadLetters;
    private final Operations operations;
    private final Retries retries;
    private final Optional<String> evictionRisk;

    private Engine(EngineOptions options, RedisConnection redis, Optional<String> evictionRisk) {
        this.options = options;
        this.evictionRisk = evictionRisk;
        this.redis = redis;
        this.keys = new KeySchema(options.keyPrefix());
        this.policies = new PolicyStore(redis, keys, options.defaultPolicy());
        this.host = hostName();
        this.id = host + ":" + ProcessHandle.current().pid() + ":" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        this.background = new Upkeep(this);
        this.heartbeats = new Heartbeats(this);
        this.audit = AuditLog.on(redis, keys, options.clock(), options.readOnly());
        this.operations = new Operations(this);
        this.deadLetters = new DeadLetters(this, Ticker.system());
        this.retries = new Retries(this);
    }

    /**
     * Connects to Redis and, unless the options say otherwise, starts its upkeep.
     *
     * @throws RedisUnavailableException when Redis cannot be reached, saying why in plain words
     * @throws EvictingRedisException    when Redis may evict Redrive's keys and the options do not allow that
     */
    public static Engine connect(EngineOptions options) {
        RedisConnection redis = RedisConnection.open(options.redisUrl(), options.commandTimeout());
        Optional<String> risk;
        try {
            risk = EvictionGuard.check(redis, options);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        Engine engine = new Engine(options, redis, risk);
        if (options.upkeep() && !options.readOnly()) {
            engine.background.start();
            engine.heartbeats.start();
        }
        log.info("Engine {} connected to {}", engine.id, redis.displayUrl());
        return engine;
    }

    /**
     * The queue of that name, declared (registered in Redis) if it was not yet. A read-only engine registers
     * nothing: reading an undeclared queue finds it empty, and writing to it is refused.
     */
    public Queue queue(String name) {
        KeySchema.requireValidQueueName(name);
        if (!options.readOnly() && declared.add(name)) {
            try {
                redis.await(redis.commands().sadd(keys.queueRegistry(), Replies.bytes(name)));
                registry = null;  // the next caller sees this queue
            } catch (RuntimeException e) {
                declared.remove(name);
                throw e;
            }
        }
        return queues.computeIfAbsent(name, n -> new Queue(this, n));
    }

    /**
     * A queue that some producer or worker has declared already.
     *
     * @throws UnknownQueueException naming the known queues when there is none of that name
     */
    public Queue existingQueue(String name) {
        KeySchema.requireValidQueueName(name);
        List<String> known = queueNames();
        if (!known.contains(name)) {
            known = readQueueNames();  // declared elsewhere since the last reading, perhaps
        }
        if (!known.contains(name)) {
            throw new UnknownQueueException(name, known);
        }
        declared.add(name);  // registered already: no write, so a read-only console sends none
        return queues.computeIfAbsent(name, n -> new Queue(this, n));
    }

    /**
     * The names of every declared queue, sorted. The registry is read at most once per {@link #QUEUE_NAMES_FRESH}
     * for all callers of this engine together (its upkeep and every console screen poll it), so that an
     * idle engine on an empty prefix does not cost Redis a keyspace miss per caller and tick.
     */
    public List<String> queueNames() {
        RegistryReading held = registry;
        if (held != null && System.nanoTime() - held.readAtNanos() < QUEUE_NAMES_FRESH.toNanos()) {
            return held.names();
        }
        return readQueueNames();
    }

    private List<String> readQueueNames() {
        long started = System.nanoTime();
        Set<byte[]> members = redis.await(redis.commands().smembers(keys.queueRegistry()));
        redis.countLookup(!members.isEmpty());
        List<String> names = new ArrayList<>();
        for (byte[] member : members) {
            names.add(Replies.text(member));
        }
        names.sort(null);
        List<String> read = List.copyOf(names);
        registry = new RegistryReading(read, started);
        return read;
    }

    /** How long a reading of the queue registry serves every caller. */
    static final Duration QUEUE_NAMES_FRESH = Duration.ofSeconds(1);

    private record RegistryReading(List<String> names, long readAtNanos) { }

    private volatile RegistryReading registry;

    /**
     * The key lookups this engine made while polling (the queue registry, queue policies), for a hit rate that
     * leaves them out: Redis counts every lookup of a missing key as a keyspace miss.
     */
    public Lookups ownLookups() {
        return redis.lookups();
    }

    /** Starts a worker with default options. */
    public Worker worker(String queue, MessageHandler handler) {
        return worker(queue, handler, WorkerOptions.defaults());
    }

    /** Starts a worker that consumes {@code queue} with {@code handler}; closing the engine stops it. */
    public Worker worker(String queue, MessageHandler handler, WorkerOptions workerOptions) {
        requireWritable();
        Worker worker = new Worker(this, queue(queue), handler, workerOptions);
        workers.add(worker);
        worker.start();
        heartbeats.start();
        return worker;
    }

    /**
     * Handles, in the calling thread, every message of {@code queue} that is ready now, and settles each outcome
     * as a worker would (same scripts, same retries and dead letters, {@code workerOptions}' batch size, lease time
     * and non-retryable errors); returns how many messages were handled. Retries it schedules wait for the upkeep.
     * For scripts, tests and replaying history with a stepped clock, where a worker's threads only add hand-offs.
     */
    public int drain(String queue, MessageHandler handler, WorkerOptions workerOptions) {
        requireWritable();
        return Handoffs.drain(this, queue(queue), handler, workerOptions);
    }

    /**
     * The engines on this Redis and key prefix that run an upkeep or a worker and wrote their heartbeat within the
     * last three heartbeat intervals (15 s), this one included when it beats; sorted by id. An engine that closes
     * cleanly leaves at once. One HGETALL.
     */
    public List<LiveEngine> liveEngines() {
        return heartbeats.live();
    }

    /**
     * How a queue is doing over the last {@code window} (whole minutes, the current one included): see
     * {@link QueueHealth}. About a dozen pipelined commands plus one per minute and one per hour of the window.
     */
    public QueueHealth health(String queue, Duration window) {
        return new HealthReader(this).health(existingQueue(queue), window);
    }

    /** The upkeep of this engine (promote, recover, retention). */
    public Upkeep upkeep() {
        return background;
    }

    /** The audit log of operator actions, shared by every engine and console on this Redis and key prefix. */
    public AuditLog audit() {
        return audit;
    }

    /** Find, inspect, replay, edit, purge, restore, export and import dead letters. */
    /** Recent bulk operations and what became of the messages replays put back. */
    public Operations operations() {
        return operations;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Retry-scheduled messages: list them, retry them now, or kill them (dead-letter at once). */
    public Retries retries() {
        return retries;
    }

    /**
     * Verifies that every message of every queue is in exactly one state and that no index, timeline or error
     * history points at a missing message. Each message is examined atomically, so it may run beside live traffic.
     */
    public CheckReport check() {
        return new ConsistencyCheck(this).run();
    }

    /**
     * Fixes what {@link #check()} found: puts stranded messages back into the index their state says, removes index
     * entries whose message no longer exists, adds dead letters to missing secondary indexes, recomputes failure-group
     * counts and resets lost-message counts. Each fix re-checks that it is still needed; keys of the wrong type are
     * never touched. Records one {@code repair} audit entry for {@code actor}.
     */
    public RepairResult repair(CheckReport report, Actor actor) {
        requireWritable();
        return new ConsistencyRepair(this).run(report, actor);
    }

    public EngineOptions options() {
        return options;
    }

    /** This engine's id: host, process id and a random suffix. */
    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    /** The Redis URL with any password masked. */
    public String redisUrl() {
        return redis.displayUrl();
    }

    /** How long a PING to Redis takes now; throws {@link RedisUnavailableException} when Redis does not answer. */
    public Duration ping() {
        long start = System.nanoTime();
        redis.await(redis.commands().ping());
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The server's version, mode, role, memory, clients and uptime (from INFO), and a fresh round-trip time. */
    public ServerInfo serverInfo() {
        Duration roundTrip = ping();
        return ServerInfo.parse(redis.await(redis.commands().info()), roundTrip);
    }

    /**
     * The sentence saying this Redis evicts keys when full, when it does and the engine runs anyway because
     * {@link EngineOptions#allowEvictingRedis()} is set; empty on a safe server.
     */
    public Optional<String> evictionRisk() {
        return evictionRisk;
    }

    /** Whether the connection to Redis is up right now. */
    public boolean isConnected() {
        return redis.isOpen();
    }

    /**
     * Refuses a write on a read-only engine, before anything is sent: the one place the read-only guarantee lives.
     *
     * @throws ReadOnlyException when this engine was opened {@linkplain EngineOptions#readOnly() read-only}
     */
    void requireWritable() {
        if (options.readOnly()) {
            throw new ReadOnlyException();
        }
    }

    RedisConnection redis() {
        return redis;
    }

    KeySchema keys() {
        return keys;
    }

    PolicyStore policies() {
        return policies;
    }

    long metricsTtlSeconds() {
        return options.metricsRetention().toSeconds();
    }

    List<String> workerQueues() {
        return workers.stream().map(Worker::queue).distinct().toList();
    }

    void forget(Worker worker) {
        workers.remove(worker);
    }

    /** Stops this engine's workers gracefully, then the upkeep, then closes the connection. */
    @Override
    public void close() {
        for (Worker worker : List.copyOf(workers)) {
            worker.close();
        }
        background.close();
        heartbeats.close();
        redis.close();
        log.info("Engine {} closed", id);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
