package io.redrive.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ImportPlanTest {
    @Test
    void theSummaryCountsInTheSingularAndSaysWhatWasAlreadyThere() {
        ImportPlan plan = new ImportPlan(Path.of("orders.jsonl"), null);

        assertThat(plan.summary(1, 1)).isEqualTo("Imported 1 dead letter from orders.jsonl.");
        assertThat(plan.summary(3, 5)).isEqualTo("Imported 3 dead letters from orders.jsonl; 2 already there were left alone.");
        assertThat(plan.summary(0, 0)).isEqualTo("Imported 0 dead letters from orders.jsonl.");
    }

    @Test
    void theQuestionNamesTheFileAndWhereItGoes() {
        assertThat(new ImportPlan(Path.of("a.jsonl"), null).whatHappens()).startsWith("Import the dead letters in a.jsonl into the queues named in the file");
        assertThat(new ImportPlan(Path.of("a.jsonl"), "quarantine").whatHappens()).startsWith("Import the dead letters in a.jsonl into queue quarantine");
        assertThat(new ImportPlan(Path.of("a.jsonl"), null).question()).isEqualTo("Import the dead letters in a.jsonl?");
    }

    @Test
    void aFilesMessagesAreItsNonBlankLines(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x.jsonl"), "{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}");

        assertThat(ImportPlan.messagesIn(file)).isEqualTo(3);
    }
}
