package io.redrive.console.charts;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart export's PNG files decode to exactly the pixels of the image, alpha included. */
class ChartExportPngTest {

    @Test
    void anExportedImageDecodesToTheSamePixelsAndSize() throws Exception {
        int width = 37;
        int height = 23;
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int alpha = (x * 7 + y * 3) % 256;
                argb[y * width + x] = alpha << 24 | (x * 6) << 16 | (y * 11) << 8 | ((x ^ y) * 5 & 0xff);
            }
        }

        WritableImage image = image(width, height, argb);

        byte[] png = ChartExport.png(image);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // the image's own pixels: JavaFX keeps them premultiplied, which rounds the faintest ones
                assertThat(decoded.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(image.getPixelReader().getArgb(x, y));
            }
        }
    }

    @Test
    void aFlatImageCompressesWell() {
        int[] white = new int[800 * 600];
        Arrays.fill(white, 0xffffffff);
        assertThat(ChartExport.png(image(800, 600, white)).length).isLessThan(10_000);
    }

    private static WritableImage image(int width, int height, int[] argb) {
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return image;
    }
}
