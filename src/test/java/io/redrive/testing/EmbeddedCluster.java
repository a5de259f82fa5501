package io.redrive.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redrive.demo.EmbeddedRedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/** A three-master Redis Cluster of embedded redis-server processes, slots split evenly, no replicas. */
public final class EmbeddedCluster implements AutoCloseable {
    private static final int SLOTS = 16_384;
    private final List<EmbeddedRedis> nodes = new ArrayList<>();

    public EmbeddedCluster() {
        for (int i = 0; i < 3; i++) {
            nodes.add(EmbeddedRedis.startWith("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000"));
        }
        RedisClient client = RedisClient.create();
        try {
            List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
            for (EmbeddedRedis node : nodes) {
                connections.add(client.connect(io.lettuce.core.RedisURI.create(node.url())));
            }
            for (int i = 0; i < nodes.size(); i++) {
                int from = i * SLOTS / nodes.size();
                int to = (i + 1) * SLOTS / nodes.size();
                connections.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
            }
            RedisCommands<String, String> first = connections.get(0).sync();
            for (EmbeddedRedis node : nodes.subList(1, nodes.size())) {
                first.clusterMeet("127.0.0.1", node.port());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> connections.stream()
                    .allMatch(c -> c.sync().clusterInfo().contains("cluster_state:ok")
                            && c.sync().clusterNodes().lines().count() == nodes.size()));
            connections.forEach(StatefulRedisConnection::close);
        } finally {
            client.shutdown();
        }
    }

    /** Redrive's URL for this cluster: every node as a seed. */
    public String url() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        nodes.forEach(EmbeddedRedis::close);
    }
}
