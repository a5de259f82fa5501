package io.redrive.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class FingerprintsTest {
    private static final String TRACE = """
            java.lang.IllegalStateException: boom
            \tat com.example.Billing.charge(Billing.java:42)
            \tat com.example.Billing.run(Billing.java:17)
            \tat com.example.Worker.handle(Worker.java:99)
            \tat java.base/java.lang.Thread.run(Thread.java:840)
            """;

    static Stream<Arguments> variableParts() {
        return Stream.of(
                arguments("timeout after 3012 ms talking to 10.0.0.7", "timeout after <n> ms talking to <n>"),
                arguments("charged 1,250.75 EUR in 3 parts", "charged <n> EUR in <n> parts"),
                arguments("user 123e4567-e89b-12d3-a456-426614174000 missing", "user <uuid> missing"),
                arguments("USER 123E4567-E89B-12D3-A456-426614174000 MISSING", "USER <uuid> MISSING"),
                arguments("commit 9f86d081884c7d65 rejected", "commit <hex> rejected"),
                arguments("pointer 0xDEADBEEF is null", "pointer <hex> is null"),
                arguments("pointer 0x7f00 is null", "pointer <hex> is null"),
                arguments("digest abcdef0123456789 differs", "digest <hex> differs"),
                arguments("digest ffff0000 differs", "digest <hex> differs"),
                arguments("message 01JD3ZQ8X7N4B6M2K9P5R1T0VW failed", "message <id> failed"),
                arguments("key 'alpha-7' exists", "key <text> exists"),
                arguments("\"no such column\" in 'orders'", "<text> in <text>"),
                arguments("order   42 \t failed\n", "order <n> failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variableParts")
    void normaliseMasksTheVariableParts(String message, String expected) {
        assertThat(Fingerprints.normalise(message)).isEqualTo(expected);
    }

    @Test
    void normaliseLeavesOrdinaryWordsAlone() {
        assertThat(Fingerprints.normalise("bad face of a deaf cafe")).isEqualTo("bad face of a deaf cafe");
        assertThat(Fingerprints.normalise("Connection refused")).isEqualTo("Connection refused");
    }

    @Test
    void normaliseOfNoMessageIsEmpty() {
        assertThat(Fingerprints.normalise(null)).isEmpty();
    }

    @Test
    void messagesThatDifferOnlyInVariablePartsShareAFingerprint() {
        String a = Fingerprints.of("orders", "java.lang.IllegalStateException",
                "order 17 (" + MessageIds.next(Clock.systemUTC()) + ") failed after 3012 ms: 'EUR'", TRACE);
        String b = Fingerprints.of("orders", "java.lang.IllegalStateException",
                "order 9004 (" + MessageIds.next(Clock.systemUTC()) + ") failed after 12 ms: 'USD'", TRACE);

        assertThat(a).isEqualTo(b).matches("[0-9a-f]{12}");
    }

    @Test
    void theQueueTheClassTheMessageAndTheThrowSiteEachTellFailuresApart() {
        String base = Fingerprints.of("orders", "java.lang.IllegalStateException", "boom", TRACE);

        assertThat(Fingerprints.of("invoices", "java.lang.IllegalStateException", "boom", TRACE)).isNotEqualTo(base);
        assertThat(Fingerprints.of("orders", "java.lang.IllegalArgumentException", "boom", TRACE)).isNotEqualTo(base);
        assertThat(Fingerprints.of("orders", "java.lang.IllegalStateException", "bang", TRACE)).isNotEqualTo(base);
        assertThat(Fingerprints.of("orders", "java.lang.IllegalStateException", "boom",
                TRACE.replace("Billing.java:42", "Billing.java:58"))).isNotEqualTo(base);
    }

    @Test
    void onlyTheTopThreeFramesTakePart() {
        String base = Fingerprints.of("orders", "java.lang.IllegalStateException", "boom", TRACE);

        assertThat(Fingerprints.of("orders", "java.lang.IllegalStateException", "boom",
                TRACE.replace("Thread.java:840", "Thread.java:1583"))).isEqualTo(base);
    }

    @Test
    void theFingerprintOfAThrowableMatchesTheOneOfItsStoredErrorRecord() {
        IllegalStateException error = new IllegalStateException("order 17 failed", new RuntimeException("cause 3"));

        String fromThrowable = Fingerprints.of("orders", error);
        String fromRecord = Fingerprints.of("orders", error.getClass().getName(), error.getMessage(), ErrorRecords.stackTrace(error));

        assertThat(fromRecord).isEqualTo(fromThrowable);
    }

    private static String npeTrace(String javaBase, int requireNonNullLine, String applicationFrame) {
        return "java.lang.NullPointerException: customer\n"
                + "\tat " + javaBase + "/java.util.Objects.requireNonNull(Objects.java:" + requireNonNullLine + ")\n"
                + "\tat " + applicationFrame + "\n"
                + "\tat com.example.Worker.handle(Worker.java:99)\n";
    }

    @Test
    void theSameFailureOnAnotherJavaRuntimeFormsTheSameGroup() {
        String onJava17 = Fingerprints.of("orders", "java.lang.NullPointerException", "customer",
                npeTrace("java.base@17.0.12", 209, "com.example.Billing.charge(Billing.java:42)"));
        String onJava21 = Fingerprints.of("orders", "java.lang.NullPointerException", "customer",
                npeTrace("java.base@21.0.2", 233, "com.example.Billing.charge(Billing.java:42)"));
        String withoutVersion = Fingerprints.of("orders", "java.lang.NullPointerException", "customer",
                npeTrace("java.base", 208, "com.example.Billing.charge(Billing.java:42)"));

        assertThat(onJava21).isEqualTo(onJava17).isEqualTo(withoutVersion);
    }

    @Test
    void aDifferentApplicationFrameBelowARuntimeFrameFormsAnotherGroup() {
        String charge = Fingerprints.of("orders", "java.lang.NullPointerException", "customer",
                npeTrace("java.base@17.0.12", 209, "com.example.Billing.charge(Billing.java:42)"));
        String refund = Fingerprints.of("orders", "java.lang.NullPointerException", "customer",
                npeTrace("java.base@17.0.12", 209, "com.example.Billing.refund(Billing.java:42)"));
        String otherLine = Fingerprints.of("orders", "java.lang.NullPointerException", "customer",
                npeTrace("java.base@17.0.12", 209, "com.example.Billing.charge(Billing.java:57)"));

        assertThat(refund).isNotEqualTo(charge);
        assertThat(otherLine).isNotEqualTo(charge);
    }

    @Test
    void libraryFramesLoseTheirLineNumbersAndModulePrefixesButApplicationFramesKeepThem() {
        assertThat(Fingerprints.frame("java.base@17.0.12/java.lang.Thread.run(Thread.java:840)"))
                .isEqualTo("java.lang.Thread.run(Thread.java)");
        assertThat(Fingerprints.frame("app//java.lang.Thread.run(Thread.java:840)")).isEqualTo("java.lang.Thread.run(Thread.java)");
        assertThat(Fingerprints.frame("io.lettuce.core.RedisPublisher.onNext(RedisPublisher.java:512)"))
                .isEqualTo("io.lettuce.core.RedisPublisher.onNext(RedisPublisher.java)");
        assertThat(Fingerprints.frame("com.acme.lib@2.4.1/com.acme.lib.Parser.parse(Parser.java:77)"))
                .isEqualTo("com.acme.lib.Parser.parse(Parser.java)");
        assertThat(Fingerprints.frame("java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)"))
                .isEqualTo("jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)");
        assertThat(Fingerprints.frame("com.example.Billing.charge(Billing.java:42)")).isEqualTo("com.example.Billing.charge(Billing.java:42)");
    }

    @Test
    void aFailureThrownByApplicationCodeKeepsTheFingerprintItHadBeforeFramesWereNormalised() {
        // the digest of the old rule (frames taken verbatim) for TRACE, so existing groups of such failures keep growing
        assertThat(Fingerprints.of("orders", "java.lang.IllegalStateException", "boom", TRACE)).isEqualTo(legacy("orders",
                "java.lang.IllegalStateException", "boom", "com.example.Billing.charge(Billing.java:42)",
                "com.example.Billing.run(Billing.java:17)", "com.example.Worker.handle(Worker.java:99)"));
    }

    private static String legacy(String queue, String type, String message, String... frames) {
        StringBuilder basis = new StringBuilder().append(queue).append('\n').append(type).append('\n').append(message).append('\n');
        for (String f : frames) {
            basis.append(f).append('\n');
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(basis.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
