package io.redrive.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Redrive's own parts of a URL, which Lettuce never sees: the CA file and the cluster's seed nodes. */
class RedisUrlsTest {

    @Test
    void aCaFileIsReadDecodedAndLeftOutOfTheUrlLettuceGets() {
        String url = "rediss://u:p@h:6380/0?caFile=%2Ftmp%2Fca.pem&verifyPeer=CA";

        assertThat(RedisUrls.caFile(url)).isEqualTo("/tmp/ca.pem");
        assertThat(RedisUrls.withoutCaFile(url)).isEqualTo("rediss://u:p@h:6380/0?verifyPeer=CA");
        assertThat(RedisUrls.withoutCaFile("rediss://h:6380?caFile=/ca.pem")).isEqualTo("rediss://h:6380");
        assertThat(RedisUrls.caFile("rediss://h:6380/0")).isNull();
    }

    @Test
    void everyClusterSeedCarriesTheUrlsCredentials() {
        assertThat(RedisUrls.clusterSeeds("redis-cluster://u:p@n1:7000, n2:7001"))
                .containsExactly("redis://u:p@n1:7000", "redis://u:p@n2:7001");
        assertThat(RedisUrls.clusterSeeds("redis-cluster://n1:7000")).containsExactly("redis://n1:7000");
    }

    @Test
    void aReasonQuotingThePasswordIsNotShown() {
        String url = "redis://admin:s3cret@h:6379";

        assertThat(RedisUrls.withoutSecret("NOAUTH s3cret rejected", url)).doesNotContain("s3cret");
        assertThat(RedisUrls.withoutSecret("connection refused", url)).isEqualTo("connection refused");
    }
}
