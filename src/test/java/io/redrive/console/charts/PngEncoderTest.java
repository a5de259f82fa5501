package io.redrive.console.charts;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PNG encoder's files decode (with an independent decoder) to exactly the pixels given. */
class PngEncoderTest {

    @Test
    void anEncodedImageDecodesToTheSamePixelsAndSize() throws Exception {
        int width = 37;
        int height = 23;
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int alpha = (x * 7 + y * 3) % 256;
                argb[y * width + x] = alpha << 24 | (x * 6) << 16 | (y * 11) << 8 | ((x ^ y) * 5 & 0xff);
            }
        }

        byte[] png = PngEncoder.encode(width, height, argb);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                assertThat(decoded.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(argb[y * width + x]);
            }
        }
    }

    @Test
    void aFlatImageCompressesWell() {
        int[] white = new int[800 * 600];
        java.util.Arrays.fill(white, 0xffffffff);
        assertThat(PngEncoder.encode(800, 600, white).length).isLessThan(10_000);
    }

    @Test
    void tooFewPixelsAreRefused() {
        assertThatThrownBy(() -> PngEncoder.encode(10, 10, new int[99])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PngEncoder.encode(0, 10, new int[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
