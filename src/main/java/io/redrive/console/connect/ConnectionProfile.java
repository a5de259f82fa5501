package io.redrive.console.connect;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.Environment;
import io.redrive.console.WorkerStart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A saved connection: where Redis is, how to reach it, and how the console labels and guards it. Holds no
 * password: that lives in a {@link SecretStore} and joins the profile only in {@link #url(String)}.
 *
 * <p>The URL it builds is the one {@link io.redrive.redis.RedisConnection} reads: {@code redis://} or
 * {@code rediss://} (with {@code verifyPeer=FULL|CA|NONE}) for one server, {@code redis-sentinel://} or
 * {@code rediss-sentinel://host:port,host:port/db#master} for Sentinel, and {@code redis-cluster://h:p,h:p} for
 * Cluster seed nodes. Credentials go in the URL's user part, percent-encoded.
 *
 * @param id           stable across renames: the keyring entry of the password is named after it
 * @param url          the URL as typed, used when {@code mode} is {@link Mode#URL}; never holds a password once saved
 * @param database     the logical database of a standalone or Sentinel connection
 * @param username     the ACL user, or empty for the default user
 * @param caFile       a PEM file of the certificate authorities to trust, or empty for the JVM's trust store
 * @param keyPrefix    the engine's key prefix on that Redis
 * @param environment  the colour label shown on the connection's tab
 * @param readOnly     the console sends no write command on this connection
 * @param worker       whether the console's background retry worker starts on connecting
 */
public record ConnectionProfile(String id, String name, Mode mode, String url, String host, int port, int database,
                                String username, boolean tls, String caFile, Verification verification,
                                String sentinelMaster, List<HostPort> sentinelNodes, List<HostPort> clusterNodes,
                                String keyPrefix, Environment environment, boolean readOnly,
                                WorkerStart worker) {

    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final List<String> SCHEMES = List.of("redis://", "rediss://", "redis-sentinel://",
            "rediss-sentinel://", "redis-socket://", "redis-cluster://");

    /** How the profile says where Redis is. */
    public enum Mode {
        STANDALONE("Host and port"), URL("URL"), SENTINEL("Sentinel"), CLUSTER("Cluster");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How much of the server's certificate TLS checks (Lettuce's {@code SslVerifyMode}). */
    public enum Verification {
        FULL("Full: certificate and host name"), CA("Certificate only, not the host name"), NONE("None: trust any certificate");

        private final String label;

        Verification(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ConnectionProfile {
        id = id == null || id.isBlank() ? UUID.randomUUID().toString() : id.strip();
        name = text(name);
        mode = mode == null ? Mode.STANDALONE : mode;
        url = text(url);
        host = text(host);
        username = text(username);
        caFile = text(caFile);
        verification = verification == null ? Verification.FULL : verification;
        sentinelMaster = text(sentinelMaster);
        sentinelNodes = sentinelNodes == null ? List.of() : List.copyOf(sentinelNodes);
        clusterNodes = clusterNodes == null ? List.of() : List.copyOf(clusterNodes);
        keyPrefix = text(keyPrefix);
        environment = environment == null ? Environment.OTHER : environment;
    }

    /** A new profile for a server on this machine's default port. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder mutate() {
        return new Builder(this);
    }

    /** What is wrong with the profile, in words for the form; empty when it can connect. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name.isEmpty()) {
            problems.add("Give the connection a name.");
        }
        switch (mode) {
            case STANDALONE -> {
                if (host.isEmpty()) {
                    problems.add("Enter the host name or address of the Redis server.");
                }
                if (port < 1 || port > 65_535) {
                    problems.add("The port must be between 1 and 65535.");
                }
            }
            case URL -> {
                String lower = url.toLowerCase(Locale.ROOT);
                if (url.isEmpty()) {
                    problems.add("Enter a Redis URL, such as redis://localhost:6379/0.");
                } else if (SCHEMES.stream().noneMatch(lower::startsWith)) {
                    problems.add("A Redis URL starts with redis://, rediss://, redis-sentinel://, rediss-sentinel:// or redis-cluster://.");
                }
            }
            case SENTINEL -> {
                if (sentinelMaster.isEmpty()) {
                    problems.add("Enter the master name the Sentinels watch (such as mymaster).");
                }
                if (sentinelNodes.isEmpty()) {
                    problems.add("Enter at least one Sentinel as host:port.");
                }
            }
            case CLUSTER -> {
                if (clusterNodes.isEmpty()) {
                    problems.add("Enter at least one Cluster node as host:port.");
                }
                if (tls) {
                    problems.add("TLS to a Cluster is not supported yet: Redrive's redis-cluster:// connection is plain TCP.");
                }
            }
        }
        // a typed URL's caFile would otherwise be refused only at connect; the form's own TLS switch is visible already
        if (mode == Mode.URL && url.matches("(?is).*[?&]caFile=.*") && !url.toLowerCase(Locale.ROOT).startsWith("rediss")) {
            problems.add("A CA file needs TLS: start the URL with rediss:// instead of redis://.");
        }
        if (mode != Mode.CLUSTER && mode != Mode.URL && database < 0) {
            problems.add("The database number cannot be negative.");
        }
        if (keyPrefix.isEmpty()) {
            problems.add("Enter the key prefix Redrive uses on this Redis (redrive by default).");
        }
        return problems;
    }

    /**
     * The URL to connect with, the password in it when there is one.
     *
     * @param password the password from the keyring or the operator; null or empty for none
     */
    public String url(String password) {
        return build(credentials(username, password));
    }

    /** The URL without any password: safe to show and to log. */
    public String displayUrl() {
        return build(username.isEmpty() ? "" : encode(username) + "@");
    }

    /** What a console tab opens for this profile. */
    public ConnectionSettings settings(String password) {
        return new ConnectionSettings(name, url(password), keyPrefix, environment, readOnly, worker);
    }

    private String build(String userInfo) {
        return switch (mode) {
            case URL -> withUserInfo(url, userInfo);
            case STANDALONE -> (tls ? "rediss://" : "redis://") + userInfo + new HostPort(host.isEmpty() ? "localhost" : host,
                    port < 1 || port > 65_535 ? DEFAULT_PORT : port) + "/" + database + tlsQuery();
            case SENTINEL -> (tls ? "rediss-sentinel://" : "redis-sentinel://") + userInfo + HostPort.format(sentinelNodes)
                    .replace(" ", "") + "/" + database + tlsQuery() + "#" + sentinelMaster;
            case CLUSTER -> "redis-cluster://" + userInfo + HostPort.format(clusterNodes).replace(" ", "");
        };
    }

    private String tlsQuery() {
        if (!tls) {
            return "";
        }
        // caFile is Redrive's own parameter; Lettuce ignores parameters it does not know
        return "?verifyPeer=" + verification.name() + (caFile.isEmpty() ? "" : "&caFile=" + encode(caFile));
    }

    private static String credentials(String username, String password) {
        if (password == null || password.isEmpty()) {
            return "";
        }
        return (username.isEmpty() ? "" : encode(username)) + ":" + encode(password) + "@";
    }

    // URL helpers: a typed URL may carry credentials, which must leave it before it is saved

    /** The password in a URL's user part, decoded; empty when it has none. */
    public static Optional<String> passwordIn(String url) {
        return userInfo(url).filter(info -> info.indexOf(':') >= 0)
                .map(info -> decode(info.substring(info.indexOf(':') + 1))).filter(p -> !p.isEmpty());
    }

    /** The user name in a URL's user part, decoded; empty when it names none. */
    public static Optional<String> usernameIn(String url) {
        return userInfo(url).filter(info -> info.indexOf(':') > 0).map(info -> decode(info.substring(0, info.indexOf(':'))));
    }

    /** The URL with its user part (user name and password) taken out. */
    public static String withoutCredentials(String url) {
        return withUserInfo(url, "");
    }

    private static Optional<String> userInfo(String url) {
        int at = userInfoEnd(url);
        return at < 0 ? Optional.empty() : Optional.of(url.substring(url.indexOf("://") + 3, at));
    }

    private static String withUserInfo(String url, String userInfo) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int at = userInfoEnd(url);
        String rest = at < 0 ? url.substring(scheme + 3) : url.substring(at + 1);
        return url.substring(0, scheme + 3) + userInfo + rest;
    }

    /** Where the user part ends (its '@'), or -1; the last '@' before the fragment, as a password may hold one. */
    private static int userInfoEnd(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return -1;
        }
        int fragment = url.indexOf('#', scheme);
        String head = fragment < 0 ? url : url.substring(0, fragment);
        int at = head.lastIndexOf('@');
        return at > scheme ? at : -1;
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Undoes {@link #encode}; a '+' stays a '+', as Lettuce reads it. */
    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    /** Builds and changes profiles; starts from a server on localhost:6379 with prefix {@code redrive}. */
    public static final class Builder {
        private String id;
        private String name = "local";
        private Mode mode = Mode.STANDALONE;
        private String url = "";
        private String host = "localhost";
        private int port = DEFAULT_PORT;
        private int database;
        private String username = "";
        private boolean tls;
        private String caFile = "";
        private Verification verification = Verification.FULL;
        private String sentinelMaster = "";
        private List<HostPort> sentinelNodes = List.of();
        private List<HostPort> clusterNodes = List.of();
        private String keyPrefix = "redrive";
        private Environment environment = Environment.DEVELOPMENT;
        private boolean readOnly;
        private WorkerStart worker = WorkerStart.DEFAULT;

        private Builder() {
        }

        private Builder(ConnectionProfile p) {
            id = p.id; name = p.name; mode = p.mode; url = p.url; host = p.host; port = p.port; database = p.database;
            username = p.username; tls = p.tls; caFile = p.caFile; verification = p.verification;
            sentinelMaster = p.sentinelMaster; sentinelNodes = p.sentinelNodes; clusterNodes = p.clusterNodes;
            keyPrefix = p.keyPrefix; environment = p.environment; readOnly = p.readOnly; worker = p.worker;
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder name(String name) { this.name = name; return this; }
        public Builder mode(Mode mode) { this.mode = mode; return this; }
        public Builder url(String url) { this.url = url; return this; }
        /** A profile that connects with this URL as typed. */
        public Builder connectingTo(String url) { this.url = url; this.mode = Mode.URL; return this; }
        /** A standalone server. */
        public Builder server(String host, int port) { this.host = host; this.port = port; this.mode = Mode.STANDALONE; return this; }
        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder database(int database) { this.database = database; return this; }
        public Builder username(String username) { this.username = username; return this; }
        public Builder tls(boolean tls) { this.tls = tls; return this; }
        public Builder caFile(String caFile) { this.caFile = caFile; return this; }
        public Builder verification(Verification verification) { this.verification = verification; return this; }
        /** A Sentinel-managed master. */
        public Builder sentinel(String master, List<HostPort> nodes) {
            this.sentinelMaster = master; this.sentinelNodes = nodes; this.mode = Mode.SENTINEL; return this;
        }
        public Builder sentinelMaster(String master) { this.sentinelMaster = master; return this; }
        public Builder sentinelNodes(List<HostPort> nodes) { this.sentinelNodes = nodes; return this; }
        /** A Cluster, by some of its nodes. */
        public Builder cluster(List<HostPort> nodes) { this.clusterNodes = nodes; this.mode = Mode.CLUSTER; return this; }
        public Builder clusterNodes(List<HostPort> nodes) { this.clusterNodes = nodes; return this; }
        public Builder keyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; return this; }
        public Builder environment(Environment environment) { this.environment = Objects.requireNonNull(environment); return this; }
        public Builder readOnly(boolean readOnly) { this.readOnly = readOnly; return this; }
        public Builder worker(WorkerStart worker) { this.worker = Objects.requireNonNull(worker); return this; }

        public ConnectionProfile build() {
            return new ConnectionProfile(id, name, mode, url, host, port, database, username, tls, caFile, verification,
                    sentinelMaster, sentinelNodes, clusterNodes, keyPrefix, environment, readOnly, worker);
        }
    }
}
