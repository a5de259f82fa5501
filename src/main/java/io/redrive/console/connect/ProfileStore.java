package io.redrive.console.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redrive.console.Environment;
import io.redrive.console.UserStorage;
import io.redrive.console.WorkerStart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The saved connection profiles, as JSON in one file ({@code ~/.redrive/profiles.json} by default). Never holds a
 * password: profiles have none, and a URL typed with one in it is saved without it. Each save replaces the file
 * at once (written beside it, then moved) and keeps the previous one as {@code profiles.json.bak}.
 */
public final class ProfileStore {
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public ProfileStore(Path file) {
        this.file = file;
    }

    /** {@code ~/.redrive/profiles.json}, or in the folder {@link io.redrive.console.UserStorage#home()} names. */
    public static Path defaultFile() {
        return UserStorage.home().resolve("profiles.json");
    }

    public Path file() {
        return file;
    }

    /**
     * The saved profiles in their saved order; none when the file does not exist yet.
     *
     * @throws UncheckedIOException when the file cannot be read or is not a profiles file, saying which
     */
    public List<ConnectionProfile> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(file + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode profiles = root == null ? null : root.get("profiles");
        if (profiles == null || !profiles.isArray()) {
            throw new UncheckedIOException(new IOException(file + " holds no \"profiles\" list"));
        }
        List<ConnectionProfile> out = new ArrayList<>();
        for (JsonNode p : profiles) {
            out.add(read(p));
        }
        return out;
    }

    /** Replaces the saved profiles with these. */
    public void save(List<ConnectionProfile> profiles) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("profiles");
        profiles.forEach(p -> list.add(write(p)));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".profiles-", ".json");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // nothing secret in it, but host names and user names are nobody else's business
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            JSON.writeValue(temp.toFile(), root);
            if (Files.exists(file)) {
                Files.copy(file, file.resolveSibling(file.getFileName() + ".bak"), StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the connections to " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode write(ConnectionProfile p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.id());
        o.put("name", p.name());
        o.put("mode", p.mode().name());
        o.put("url", ConnectionProfile.withoutCredentials(p.url()));
        o.put("host", p.host());
        o.put("port", p.port());
        o.put("database", p.database());
        o.put("username", p.username());
        ObjectNode tls = o.putObject("tls");
        tls.put("enabled", p.tls());
        tls.put("caFile", p.caFile());
        tls.put("verification", p.verification().name());
        ObjectNode sentinel = o.putObject("sentinel");
        sentinel.put("master", p.sentinelMaster());
        ArrayNode sentinels = sentinel.putArray("nodes");
        p.sentinelNodes().forEach(n -> sentinels.add(n.toString()));
        ArrayNode cluster = o.putObject("cluster").putArray("nodes");
        p.clusterNodes().forEach(n -> cluster.add(n.toString()));
        o.put("keyPrefix", p.keyPrefix());
        o.put("environment", p.environment().name());
        o.put("readOnly", p.readOnly());
        o.put("worker", p.worker().name());
        return o;
    }

    private ConnectionProfile read(JsonNode o) {
        try {
            JsonNode tls = o.path("tls");
            JsonNode sentinel = o.path("sentinel");
            return ConnectionProfile.builder()
                    .id(o.path("id").asText(null))
                    .name(o.path("name").asText(""))
                    .mode(ConnectionProfile.Mode.valueOf(o.path("mode").asText("STANDALONE").toUpperCase(Locale.ROOT)))
                    .url(o.path("url").asText(""))
                    .host(o.path("host").asText("localhost"))
                    .port(o.path("port").asInt(ConnectionProfile.DEFAULT_PORT))
                    .database(o.path("database").asInt(0))
                    .username(o.path("username").asText(""))
                    .tls(tls.path("enabled").asBoolean(false))
                    .caFile(tls.path("caFile").asText(""))
                    .verification(ConnectionProfile.Verification.valueOf(tls.path("verification").asText("FULL").toUpperCase(Locale.ROOT)))
                    .sentinelMaster(sentinel.path("master").asText(""))
                    .sentinelNodes(nodes(sentinel.path("nodes"), ConnectionProfile.DEFAULT_SENTINEL_PORT))
                    .clusterNodes(nodes(o.path("cluster").path("nodes"), ConnectionProfile.DEFAULT_PORT))
                    .keyPrefix(o.path("keyPrefix").asText("redrive"))
                    .environment(Environment.valueOf(o.path("environment").asText("OTHER").toUpperCase(Locale.ROOT)))
                    .readOnly(o.path("readOnly").asBoolean(false))
                    .worker(WorkerStart.valueOf(o.path("worker").asText("DEFAULT").toUpperCase(Locale.ROOT)))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("A profile in " + file + " is not valid: " + e.getMessage(), e));
        }
    }

    private static List<HostPort> nodes(JsonNode array, int defaultPort) {
        List<HostPort> nodes = new ArrayList<>();
        for (JsonNode n : array) {
            nodes.add(HostPort.parse(n.asText(), defaultPort));
        }
        return nodes;
    }
}
