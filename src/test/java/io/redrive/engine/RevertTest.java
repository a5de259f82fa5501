package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevertTest {
    private final MessageVersion original = new MessageVersion(0, new byte[0], Map.of(), "original",
            Instant.parse("2026-05-04T14:05:32Z"), "");
    private final Revert revert = new Revert("orders", "m-1", original, 1);

    @Test
    void theQuestionNamesTheVersionBroughtBackAndTheOneKept() {
        assertThat(revert.question()).isEqualTo("Revert to version 0?");
        assertThat(revert.action()).isEqualTo("Revert to version 0");
        assertThat(revert.whatHappens(ZoneOffset.UTC)).isEqualTo("Message m-1 in queue orders gets the payload and headers of "
                + "version 0 (original, 2026-05-04 14:05:32) as its new version 2.");
        assertThat(revert.reversibility()).isEqualTo("Version 1 stays in its history, so this can be undone the same way.");
    }

    @Test
    void theSummarySaysWhichVersionIsCurrentNow() {
        assertThat(revert.summary(2)).isEqualTo("Reverted message m-1 to version 0: now version 2.");
        assertThat(revert.reason()).isEqualTo("revert to version 0");
    }
}
