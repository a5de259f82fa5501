package io.redrive.console;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleArgumentsTest {

    private static ConnectionSettings parse(String... args) {
        return ConsoleArguments.parse(List.of(args)).settings();
    }

    @Test
    void theWorkerIsOffOnProductionAndOnElsewhereUnlessTold() {
        assertThat(parse("--redis", "redis://h:1", "--environment", "production").startsWorker()).isFalse();
        assertThat(parse("--redis", "redis://h:1", "--environment", "staging").startsWorker()).isTrue();
        assertThat(parse("--redis", "redis://h:1").startsWorker()).isTrue();
    }

    @Test
    void workerOffIsHonouredAnywhereAndWorkerOnEvenOnProduction() {
        assertThat(parse("--redis", "redis://h:1", "--environment", "development", "--worker", "off").startsWorker()).isFalse();
        assertThat(parse("--redis", "redis://h:1", "--environment", "production", "--worker", "on").startsWorker()).isTrue();
    }

    @Test
    void aReadOnlyConnectionNeverStartsTheWorker() {
        assertThat(parse("--redis", "redis://h:1", "--read-only", "--worker", "on").startsWorker()).isFalse();
    }

    @Test
    void aWorkerValueOtherThanOnOrOffIsRefusedSayingWhatItTakes() {
        assertThatThrownBy(() -> parse("--redis", "redis://h:1", "--worker", "maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--worker must be on or off; got maybe");
    }
}
