package io.redrive.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** URLs Lettuce would misread, caught before it reads them; well-formed ones pass untouched. */
class RedisUrlMistakesTest {
    @Test
    void aPortThatIsNotANumberIsNamedInEveryKindOfUrl() {
        assertThat(RedisUrls.mistakeIn("redis://localhost:abc/0")).isEqualTo("port 'abc' is not a number");
        assertThat(RedisUrls.mistakeIn("redis-sentinel://s1:26379,s2:x1/0#mymaster")).isEqualTo("port 'x1' is not a number");
        assertThat(RedisUrls.mistakeIn("redis-cluster://n1:7000,n2:")).isEqualTo("port '' is not a number");
    }

    @Test
    void aRawAtInTheCredentialsIsRefusedWithoutQuotingThem() {
        String mistake = RedisUrls.mistakeIn("redis://:pa@ss@localhost:6379");

        assertThat(mistake).isEqualTo("the password or user name contains a raw '@': percent-encode it as %40");
        assertThat(RedisConnection.redact("redis://:pa@ss@localhost:6379")).doesNotContain("pa", "ss@");
    }

    @Test
    void aCaFileNeedsTls() {
        assertThat(RedisUrls.mistakeIn("redis://h:6379?caFile=/ca.pem")).startsWith("a CA file needs rediss://");
        assertThat(RedisUrls.mistakeIn("rediss://h:6379?caFile=/ca.pem")).isNull();
        assertThat(RedisUrls.mistakeIn("rediss-sentinel://h:26379/0?verifyPeer=CA&caFile=%2Fca.pem#m")).isNull();
    }

    @Test
    void wellFormedUrlsHaveNoMistake() {
        assertThat(RedisUrls.mistakeIn("redis://localhost:6379/0")).isNull();
        assertThat(RedisUrls.mistakeIn("redis://localhost")).isNull();
        assertThat(RedisUrls.mistakeIn("redis://user:p%40ss@[::1]:6379/2")).isNull();
        assertThat(RedisUrls.mistakeIn("redis://[::1]/0")).isNull();
        assertThat(RedisUrls.mistakeIn("redis-sentinel://s1:26379,s2:26380/0#mymaster")).isNull();
    }

    @Test
    void theHostsOfAUrlLeaveOutCredentialsDatabaseAndParameters() {
        assertThat(RedisUrls.hostsIn("redis://u:p@h1:6380/3?timeout=5s")).isEqualTo("h1:6380");
        assertThat(RedisUrls.hostsIn("redis-sentinel://s1:26379,s2:26380/0#mymaster")).isEqualTo("s1:26379,s2:26380");
    }
}
