package io.redrive.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script from {@code src/main/resources/io/redrive/redis/}, with the shared helpers of {@code _lib.lua}
 * in front. Runs with EVALSHA and falls back to EVAL when the server has not seen it (after a restart or a
 * SCRIPT FLUSH), which also caches it again.
 */
public final class LuaScript {
    private static final String LIBRARY = resource("_lib");

    private final String name;
    private final byte[] shaBytes;
    private final byte[] bodyBytes;

    private LuaScript(String name, String body) {
        this.name = name;
        this.shaBytes = sha1(body).getBytes(StandardCharsets.US_ASCII);
        this.bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    }

    /** Loads {@code name.lua} from this package's resources. */
    public static LuaScript load(String name) {
        return new LuaScript(name, LIBRARY + "\n" + resource(name));
    }

    public String name() {
        return name;
    }

    /** Runs the script; the result is Lua's reply: Long, byte[], List or null. */
    public CompletableFuture<Object> run(RedisConnection redis, List<String> keys, List<byte[]> args) {
        CompletionStage<List<Object>> first = redis.commands().dispatch(CommandType.EVALSHA,
                new NestedMultiOutput<>(RedisConnection.CODEC), arguments(shaBytes, keys, args));
        return first.toCompletableFuture().handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.<Object>completedFuture(result);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT")) {
                return redis.commands().dispatch(CommandType.EVAL, new NestedMultiOutput<>(RedisConnection.CODEC),
                        arguments(bodyBytes, keys, args)).toCompletableFuture().<Object>thenApply(reply -> reply);
            }
            return CompletableFuture.<Object>failedFuture(cause);
        }).thenCompose(f -> f).handle((result, error) -> {
            if (error == null) {
                return result;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            RuntimeException damaged = damaged(cause);
            if (damaged != null) {
                throw damaged;
            }
            throw error instanceof RuntimeException runtime ? runtime : new CompletionException(error);
        });
    }

    /**
     * EVAL's arguments. The keys are encoded here, in the caller's thread, rather than on Lettuce's single I/O
     * thread, which profiling showed busy with exactly that; only the first goes in as a key, so that a Cluster
     * connection still routes the call by its slot.
     */
    private static CommandArgs<String, byte[]> arguments(byte[] script, List<String> keys, List<byte[]> args) {
        CommandArgs<String, byte[]> command = new CommandArgs<>(RedisConnection.CODEC).add(script).add(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            if (i == 0) {
                command.addKey(keys.get(0));
            } else {
                command.add(keys.get(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        for (byte[] arg : args) {
            command.add(arg);
        }
        return command;
    }

    /** A script's error about a key of the wrong type, in a sentence; null for any other failure. */
    private RuntimeException damaged(Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        int at = text.indexOf("DAMAGEDKEY ");
        if (at >= 0) {
            String[] parts = text.substring(at + "DAMAGEDKEY ".length()).split(" ", 3);
            if (parts.length == 3) {
                return DamagedKeyException.checked(parts[0], parts[1], parts[2], cause);
            }
        }
        if (text.contains("WRONGTYPE")) {
            return DamagedKeyException.unchecked(name, cause);
        }
        return null;
    }

    /** Runs the script and waits for its reply. */
    public Object call(RedisConnection redis, List<String> keys, List<byte[]> args) {
        return redis.await(run(redis, keys, args));
    }

    private static String resource(String name) {
        String path = name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script missing from the classpath: io/redrive/redis/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
