package io.redrive.console;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redrive.console.overview.QueueRow;
import io.redrive.engine.OutgoingMessage;
import io.redrive.redis.KeySchema;
import io.redrive.testing.TestRedis;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A queue with damaged data is named on its own overview row; the other queues' figures and the worker carry on. */
class DamagedQueueOverviewIT extends ConsoleTestSupport {

    @Override
    protected void beforeWindow() {
        var engine = producer();
        engine.queue("alpha").enqueue(OutgoingMessage.of("one"));
        var beta = engine.queue("beta");
        for (int i = 0; i < 3; i++) {
            beta.enqueue(OutgoingMessage.of("b" + i));
        }
        RedisClient client = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().hset(new KeySchema(prefix).queue("alpha").policy(), "maxAttempts", "abc");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theDamagedQueuesRowSaysWhatIsWrongAndTheOtherQueuesFiguresStillShow() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            TableView<QueueRow> table = table();
            assertThat(row(table, "alpha").problemProperty().get())
                    .isEqualTo("Its stored policy is not valid: field maxAttempts is 'abc'");
            assertThat(row(table, "beta").readyProperty().get()).isEqualTo(3);
            assertThat(row(table, "beta").problemProperty().get()).isEmpty();
        });
        assertThat(lookup("#workerStatus").queryAs(Label.class).getText()).startsWith("Background retry worker: running")
                .doesNotContain("failed");
    }

    @SuppressWarnings("unchecked")
    private TableView<QueueRow> table() {
        return lookup("#queueTable").queryAs(TableView.class);
    }

    private static QueueRow row(TableView<QueueRow> table, String name) {
        return table.getItems().stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
    }
}
