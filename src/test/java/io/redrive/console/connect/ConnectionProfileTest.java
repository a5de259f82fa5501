package io.redrive.console.connect;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.redrive.console.ConnectionSettings;
import io.redrive.console.Environment;
import io.redrive.console.connect.ConnectionProfile.Verification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionProfileTest {

    @Test
    void aServerWithoutCredentialsIsAPlainRedisUrlWithItsDatabase() {
        ConnectionProfile p = ConnectionProfile.builder().server("cache.internal", 6380).database(2).build();

        assertThat(p.url(null)).isEqualTo("redis://cache.internal:6380/2");
        assertThat(p.url("")).isEqualTo("redis://cache.internal:6380/2");
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void credentialsArePercentEncodedSoLettuceReadsThemBackExactly() {
        ConnectionProfile p = ConnectionProfile.builder().server("cache.internal", 6379).username("ops@team")
                .database(3).build();

        String url = p.url("p@ss:w/rd %+é");

        assertThat(url).isEqualTo("redis://ops%40team:p%40ss%3Aw%2Frd%20%25%2B%C3%A9@cache.internal:6379/3");
        RedisURI parsed = RedisURI.create(url);
        RedisCredentials credentials = parsed.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isEqualTo("ops@team");
        assertThat(new String(credentials.getPassword())).isEqualTo("p@ss:w/rd %+é");
        assertThat(parsed.getHost()).isEqualTo("cache.internal");
        assertThat(parsed.getDatabase()).isEqualTo(3);
    }

    @Test
    void aPasswordWithoutAUsernameAuthenticatesTheDefaultUser() {
        ConnectionProfile p = ConnectionProfile.builder().server("localhost", 6379).build();

        assertThat(p.url("secret")).isEqualTo("redis://:secret@localhost:6379/0");
    }

    @Test
    void tlsUsesRedissWithTheVerificationModeOfTheProfile() {
        ConnectionProfile.Builder b = ConnectionProfile.builder().server("redis.example.com", 6380).tls(true);

        String full = b.verification(Verification.FULL).build().url(null);
        String ca = b.verification(Verification.CA).caFile("/etc/redis/ca.pem").build().url(null);
        String none = b.verification(Verification.NONE).caFile("").build().url("pw");

        assertThat(full).isEqualTo("rediss://redis.example.com:6380/0?verifyPeer=FULL");
        assertThat(ca).isEqualTo("rediss://redis.example.com:6380/0?verifyPeer=CA&caFile=%2Fetc%2Fredis%2Fca.pem");
        assertThat(none).isEqualTo("rediss://:pw@redis.example.com:6380/0?verifyPeer=NONE");
        assertThat(RedisURI.create(full).getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
        assertThat(RedisURI.create(ca).getVerifyMode()).isEqualTo(SslVerifyMode.CA);
        assertThat(RedisURI.create(none).getVerifyMode()).isEqualTo(SslVerifyMode.NONE);
        assertThat(RedisURI.create(none).isSsl()).isTrue();
    }

    @Test
    void sentinelListsItsNodesTheDatabaseAndTheMasterName() {
        ConnectionProfile p = ConnectionProfile.builder()
                .sentinel("mymaster", HostPort.parseList("s1:26379, s2:26380 s3", ConnectionProfile.DEFAULT_SENTINEL_PORT))
                .database(1).build();

        String url = p.url("pw");

        assertThat(url).isEqualTo("redis-sentinel://:pw@s1:26379,s2:26380,s3:26379/1#mymaster");
        RedisURI parsed = RedisURI.create(url);
        assertThat(parsed.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(parsed.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1", "s2", "s3");
        assertThat(parsed.getDatabase()).isEqualTo(1);
    }

    @Test
    void sentinelOverTlsUsesTheSecureSentinelScheme() {
        ConnectionProfile p = ConnectionProfile.builder().sentinel("main", List.of(new HostPort("s1", 26379)))
                .tls(true).verification(Verification.CA).build();

        assertThat(p.url(null)).isEqualTo("rediss-sentinel://s1:26379/0?verifyPeer=CA#main");
        assertThat(RedisURI.create(p.url(null)).getSentinelMasterId()).isEqualTo("main");
    }

    @Test
    void clusterUsesRedrivesSchemeWithEverySeedNode() {
        ConnectionProfile p = ConnectionProfile.builder()
                .cluster(List.of(new HostPort("n1", 7000), new HostPort("n2", 7001))).username("app").build();

        assertThat(p.url("pw")).isEqualTo("redis-cluster://app:pw@n1:7000,n2:7001");
        assertThat(p.url(null)).isEqualTo("redis-cluster://n1:7000,n2:7001");
    }

    @Test
    void aTypedUrlWithACaFileButNoTlsIsRefusedRatherThanConnectingInTheClear() {
        ConnectionProfile p = ConnectionProfile.builder().mode(ConnectionProfile.Mode.URL)
                .url("redis://cache.internal:6380/0?caFile=%2Fetc%2Fca.pem").build();

        assertThat(p.problems()).containsExactly("A CA file needs TLS: start the URL with rediss:// instead of redis://.");
        assertThat(p.mutate().url("rediss://cache.internal:6380/0?caFile=%2Fetc%2Fca.pem").build().problems()).isEmpty();
    }

    @Test
    void clusterOverTlsIsRefusedInWordsRatherThanConnectingInTheClear() {
        ConnectionProfile p = ConnectionProfile.builder().cluster(List.of(new HostPort("n1", 7000))).tls(true).build();

        assertThat(p.problems()).anyMatch(s -> s.contains("TLS to a Cluster is not supported"));
    }

    @Test
    void aTypedUrlIsUsedAsItIsWithTheProfilesCredentialsPutIn() {
        ConnectionProfile p = ConnectionProfile.builder().connectingTo("rediss://redis.example.com:6380/4?verifyPeer=CA")
                .username("ops").build();

        assertThat(p.url(null)).isEqualTo("rediss://redis.example.com:6380/4?verifyPeer=CA");
        assertThat(p.url("pw")).isEqualTo("rediss://ops:pw@redis.example.com:6380/4?verifyPeer=CA");
    }

    @Test
    void credentialsTypedIntoAUrlCanBeTakenOut() {
        String url = "redis://ops:s3cr%40t@localhost:6379/0";

        assertThat(ConnectionProfile.passwordIn(url)).contains("s3cr@t");
        assertThat(ConnectionProfile.usernameIn(url)).contains("ops");
        assertThat(ConnectionProfile.withoutCredentials(url)).isEqualTo("redis://localhost:6379/0");
        assertThat(ConnectionProfile.passwordIn("redis://:pw@h:1")).contains("pw");
        assertThat(ConnectionProfile.usernameIn("redis://:pw@h:1")).isEmpty();
        assertThat(ConnectionProfile.passwordIn("redis://h:1/0")).isEmpty();
        assertThat(ConnectionProfile.withoutCredentials("redis-sentinel://pw@s1:26379/0#m")).isEqualTo("redis-sentinel://s1:26379/0#m");
    }

    @Test
    void theDisplayUrlNeverHoldsThePassword() {
        ConnectionProfile p = ConnectionProfile.builder().server("h", 6379).username("ops").build();

        assertThat(p.displayUrl()).isEqualTo("redis://ops@h:6379/0").doesNotContain("pw");
    }

    @Test
    void anIpv6HostIsBracketed() {
        assertThat(ConnectionProfile.builder().server("::1", 6379).build().url(null)).isEqualTo("redis://[::1]:6379/0");
        assertThat(HostPort.parse("[::1]:7000", 6379)).isEqualTo(new HostPort("::1", 7000));
    }

    @Test
    void theTargetCarriesNamePrefixEnvironmentAndReadOnly() {
        ConnectionProfile p = ConnectionProfile.builder().name("orders prod").server("db1", 6379).keyPrefix("orders")
                .environment(Environment.PRODUCTION).readOnly(true).build();

        ConnectionSettings settings = p.settings("pw");

        assertThat(settings).isEqualTo(new ConnectionSettings("orders prod", "redis://:pw@db1:6379/0", "orders",
                Environment.PRODUCTION, true));
    }

    @Test
    void problemsSayWhatIsMissingForEachKind() {
        assertThat(ConnectionProfile.builder().name("").server("", 0).build().problems())
                .contains("Give the connection a name.", "Enter the host name or address of the Redis server.",
                        "The port must be between 1 and 65535.");
        assertThat(ConnectionProfile.builder().connectingTo("http://x").build().problems())
                .anyMatch(s -> s.startsWith("A Redis URL starts with"));
        assertThat(ConnectionProfile.builder().sentinel("", List.of()).build().problems())
                .contains("Enter the master name the Sentinels watch (such as mymaster).", "Enter at least one Sentinel as host:port.");
        assertThat(ConnectionProfile.builder().cluster(List.of()).build().problems())
                .contains("Enter at least one Cluster node as host:port.");
        assertThat(ConnectionProfile.builder().keyPrefix(" ").build().problems())
                .contains("Enter the key prefix Redrive uses on this Redis (redrive by default).");
    }
}
