package io.redrive.cli;

import io.redrive.ops.BulkOperation.Progress;
import io.redrive.ops.BulkOperation.State;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line speaks plain words in plain ASCII: no colour or cursor codes, whatever stderr is. */
class ProgressLineTest {

    @Test
    void aRunningOperationShowsBarPercentCountsRateAndTimeLeftInPlainWords() {
        Progress p = new Progress(1000, 250, 250, 0, 0, State.RUNNING, Duration.ofSeconds(5), 50,
                Optional.of(Duration.ofSeconds(15)), null);

        assertThat(ProgressLine.render("Replaying", p))
                .isEqualTo("Replaying  [######------------------]  25%  250/1,000  50/s  ETA 15 s");
    }

    @Test
    void aPausedOperationSaysSoInsteadOfATimeLeft() {
        Progress p = new Progress(-1, 40, 40, 0, 0, State.PAUSED, Duration.ofSeconds(2), 20, Optional.empty(), null);

        assertThat(ProgressLine.render("Purging", p)).isEqualTo("Purging  40  20/s  paused");
    }

    @Test
    void theLineRewritesItselfWithACarriageReturnOnlyAndEndsWithANewline() {
        StringWriter out = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(out), "Replaying");

        line.accept(new Progress(10, 5, 5, 0, 0, State.RUNNING, Duration.ofSeconds(1), 5, Optional.empty(), null));
        line.finish(new Progress(10, 10, 10, 0, 0, State.COMPLETED, Duration.ofSeconds(2), 5, Optional.of(Duration.ZERO), null));

        String written = out.toString();
        assertThat(written).startsWith("\rReplaying").endsWith(System.lineSeparator())
                .contains("\rReplaying  [########################] 100%  10/10  5/s  completed in 2 s");
        assertThat(written.chars().filter(c -> c < 0x20 && c != '\r' && c != '\n' || c > 0x7e))
                .as("control or non-ASCII characters").isEmpty();
    }

    @Test
    void nothingIsWrittenWhenThereWasNothingToDo() {
        StringWriter out = new StringWriter();

        new ProgressLine(new PrintWriter(out), "Replaying")
                .finish(new Progress(0, 0, 0, 0, 0, State.COMPLETED, Duration.ZERO, 0, Optional.of(Duration.ZERO), null));

        assertThat(out.toString()).isEmpty();
    }
}
