package io.redrive.redis;

import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LuaScriptIT {

    @Test
    void everyScriptCompilesOnTheServer() throws IOException {
        Path folder = Path.of("src", "main", "resources", "io", "redrive", "redis");
        List<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lua") && !n.startsWith("_"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        assertThat(names).contains("enqueue", "lease", "settle", "extend", "promote", "recover", "sweep");
        try (RedisConnection redis = RedisConnection.open(TestRedis.url(), Duration.ofSeconds(5))) {
            for (String name : names) {
                String body = Files.readString(folder.resolve("_lib.lua")) + "\n" + Files.readString(folder.resolve(name + ".lua"));
                String sha = redis.await(redis.commands().scriptLoad(body.getBytes(StandardCharsets.UTF_8)));
                assertThat(sha).as(name).hasSize(40);
            }
        }
    }

    @Test
    void aScriptTheServerHasForgottenIsSentAgain() {
        try (RedisConnection redis = RedisConnection.open(TestRedis.url(), Duration.ofSeconds(5))) {
            LuaScript sweep = LuaScript.load("sweep");
            String index = TestRedis.newPrefix() + ":{q}:dead";
            redis.await(redis.commands().scriptFlush());
            Object deleted = sweep.call(redis, List.of(index), new Args().add(0).add(10).add("x:{q}:").list());
            assertThat(deleted).isEqualTo(List.of(0L));
        }
    }
}
