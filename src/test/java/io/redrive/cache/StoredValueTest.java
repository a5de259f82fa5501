package io.redrive.cache;

import io.redrive.cache.StoredValue.CorruptValueException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredValueTest {
    private static final int THRESHOLD = 1024;

    @Test
    void aSmallValueIsStoredPlainBehindTheMarkerAndReadBack() {
        byte[] encoded = "{\"id\":\"42\",\"title\":\"Quarterly report\"}".getBytes(StandardCharsets.UTF_8);

        byte[] stored = StoredValue.wrap(encoded, THRESHOLD);

        assertThat(stored).startsWith('R', 0).hasSize(encoded.length + 2);
        assertThat(StoredValue.isCompressed(stored)).isFalse();
        assertThat(StoredValue.unwrap(stored)).isEqualTo(encoded);
    }

    @Test
    void aValueOverTheThresholdIsStoredCompressedAndSmallerAndReadBackWhole() {
        byte[] encoded = compressible(100_000);

        byte[] stored = StoredValue.wrap(encoded, THRESHOLD);

        assertThat(stored).startsWith('R', 1);
        assertThat(StoredValue.isCompressed(stored)).isTrue();
        assertThat(stored.length).isLessThan(encoded.length / 10);
        assertThat(StoredValue.unwrap(stored)).isEqualTo(encoded);
    }

    @Test
    void aValueExactlyAtTheThresholdIsNotCompressed() {
        byte[] encoded = compressible(THRESHOLD);

        assertThat(StoredValue.wrap(encoded, THRESHOLD)).startsWith('R', 0);
        assertThat(StoredValue.wrap(encoded, THRESHOLD - 1)).startsWith('R', 1);
    }

    @Test
    void aValueThatDoesNotShrinkIsStoredPlainEvenOverTheThreshold() {
        byte[] noise = new byte[10_000];
        new Random(7).nextBytes(noise);

        byte[] stored = StoredValue.wrap(noise, THRESHOLD);

        assertThat(stored).startsWith('R', 0);
        assertThat(StoredValue.unwrap(stored)).isEqualTo(noise);
    }

    @Test
    void anEmptyValueRoundTrips() {
        assertThat(StoredValue.unwrap(StoredValue.wrap(new byte[0], THRESHOLD))).isEmpty();
    }

    @Test
    void bytesWithoutTheMarkerAreCorrupt() {
        assertThatThrownBy(() -> StoredValue.unwrap("{\"id\":\"42\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("marker");
        assertThatThrownBy(() -> StoredValue.unwrap(new byte[0])).isInstanceOf(CorruptValueException.class);
        assertThatThrownBy(() -> StoredValue.unwrap(new byte[]{'R'})).isInstanceOf(CorruptValueException.class);
    }

    @Test
    void anUnknownFormatByteIsCorrupt() {
        assertThatThrownBy(() -> StoredValue.unwrap(new byte[]{'R', 9, 1, 2, 3}))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("unknown format 9");
    }

    @Test
    void truncatedCompressedDataIsCorrupt() {
        byte[] stored = StoredValue.wrap(compressible(100_000), THRESHOLD);

        assertThatThrownBy(() -> StoredValue.unwrap(Arrays.copyOf(stored, stored.length / 2)))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("cut short");
        assertThatThrownBy(() -> StoredValue.unwrap(new byte[]{'R', 1}))
                .isInstanceOf(CorruptValueException.class);
    }

    @Test
    void damagedCompressedDataIsCorrupt() {
        byte[] stored = StoredValue.wrap(compressible(100_000), THRESHOLD);
        byte[] damaged = stored.clone();
        for (int i = 2; i < damaged.length; i += 7) {
            damaged[i] ^= 0x5A;
        }

        assertThatThrownBy(() -> StoredValue.unwrap(damaged)).isInstanceOf(CorruptValueException.class);
    }

    /** Text that repeats, as JSON does: it deflates to a small fraction of its size. */
    static byte[] compressible(int size) {
        String sentence = "{\"chunk\":\"the retry engine moved the message to the dead-letter queue\"},";
        StringBuilder text = new StringBuilder(size + sentence.length());
        for (int i = 0; text.length() < size; i++) {
            text.append(sentence, 0, sentence.length() - 2).append(i % 10).append("},");
        }
        text.setLength(size);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
