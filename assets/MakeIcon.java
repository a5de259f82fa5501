import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws Redrive's application icon and writes every format the installers need, with the JDK alone (no fonts, no
 * ImageMagick), so the same icon comes out on any machine:
 *
 * <pre>java assets/MakeIcon.java            (from the project root; writes beside this file)</pre>
 *
 * icon.png (512) and icon-256.png for the Linux package, the window and the README; icon.ico (16 to 256) for
 * Windows; icon.icns (16 to 1024, Retina sizes included) for macOS.
 *
 * The design, on a 1024 grid: a rounded square in deep red, a white circular "retry" arrow turning clockwise
 * around a white R drawn from strokes (not a font glyph). Every size is drawn from the vectors rather than scaled
 * down from the largest, and the smallest sizes use heavier strokes so the shapes survive 16 pixels.
 */
public final class MakeIcon {
    private static final Color TOP = new Color(0xD1, 0x2E, 0x43);
    private static final Color BOTTOM = new Color(0x86, 0x15, 0x28);
    private static final Color RIM = new Color(255, 255, 255, 40);
    private static final Color INK = Color.WHITE;

    private MakeIcon() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Path.of("assets");
        Files.createDirectories(dir);
        ImageIO.write(draw(512), "png", dir.resolve("icon.png").toFile());
        ImageIO.write(draw(256), "png", dir.resolve("icon-256.png").toFile());
        Files.write(dir.resolve("icon.ico"), ico(List.of(16, 20, 24, 32, 40, 48, 64, 256)));
        Files.write(dir.resolve("icon.icns"), icns());
        System.out.println("icon.png, icon-256.png, icon.ico and icon.icns written to " + dir);
    }

    /** The icon at {@code size} pixels square, with a transparent surround. */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(size / 1024.0, size / 1024.0);
        // below 48 px a 1024-grid stroke of 60 is under 3 px: thicken the lines so they stay legible
        double weight = size <= 20 ? 1.55 : size <= 32 ? 1.35 : size <= 48 ? 1.15 : 1.0;

        // the tile: a small margin, so the shadowless square does not touch the edges of docks and task bars
        double inset = size <= 32 ? 16 : 56;
        RoundRectangle2D tile = new RoundRectangle2D.Double(inset, inset, 1024 - 2 * inset, 1024 - 2 * inset, 230, 230);
        g.setPaint(new GradientPaint(0, (float) inset, TOP, 0, (float) (1024 - inset), BOTTOM));
        g.fill(tile);
        if (size >= 64) {
            g.setPaint(RIM);
            g.setStroke(new BasicStroke(8f));
            g.draw(new RoundRectangle2D.Double(inset + 4, inset + 4, 1024 - 2 * inset - 8, 1024 - 2 * inset - 8, 222, 222));
        }

        g.setColor(INK);
        drawRetryArrow(g, weight);
        drawLetterR(g, weight);
        g.dispose();
        return image;
    }

    /** A ring open at the upper right, its arrowhead turning clockwise into the gap: "try again". */
    private static void drawRetryArrow(Graphics2D g, double weight) {
        double cx = 512;
        double cy = 512;
        double r = 318;
        // Java2D arcs measure degrees counter-clockwise from three o'clock; a negative extent runs clockwise.
        // The tail starts at 50 degrees, the line runs clockwise round to 114 (just left of twelve o'clock),
        // and the head carries it on towards the tail, leaving a gap at the upper right.
        double tail = 50;
        double extent = -296;
        g.setStroke(new BasicStroke((float) (58 * weight), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Arc2D.Double(cx - r, cy - r, 2 * r, 2 * r, tail, extent, Arc2D.OPEN));

        // the head's base sits on the ring where the line ends and its tip on the ring further clockwise, so
        // the straight triangle follows the curve instead of flying off along the tangent
        double half = 88 * Math.max(1.0, weight * 0.9);
        double length = 128 * Math.max(1.0, weight * 0.9);
        double end = Math.toRadians(tail + extent);
        double tip = end - length / r;
        double baseX = cx + r * Math.cos(end);
        double baseY = cy - r * Math.sin(end);
        double tipX = cx + r * Math.cos(tip);
        double tipY = cy - r * Math.sin(tip);
        Path2D head = new Path2D.Double();
        head.moveTo(Math.hypot(tipX - baseX, tipY - baseY), 0);
        head.lineTo(-6, -half);
        head.lineTo(-6, half);
        head.closePath();
        AffineTransform place = new AffineTransform();
        place.translate(baseX, baseY);
        place.rotate(Math.atan2(tipY - baseY, tipX - baseX));
        g.fill(place.createTransformedShape(head));
    }

    /** An R of three strokes (stem, bowl, leg) with the arrow's weight, centred in the ring. */
    private static void drawLetterR(Graphics2D g, double weight) {
        float stroke = (float) (66 * weight);
        double left = 412;
        double top = 342;
        double bottom = 682;
        double bowlBottom = 528;
        double bowlRadius = (bowlBottom - top) / 2;
        double bowlRight = 602;
        g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D r = new Path2D.Double();
        r.moveTo(left, bottom);
        r.lineTo(left, top);
        r.lineTo(bowlRight - bowlRadius, top);
        r.append(new Arc2D.Double(bowlRight - 2 * bowlRadius, top, 2 * bowlRadius, 2 * bowlRadius, 90, -180, Arc2D.OPEN), true);
        r.lineTo(left, bowlBottom);
        r.moveTo(bowlRight - bowlRadius - 10, bowlBottom);
        r.lineTo(bowlRight + 18, bottom);
        g.draw(r);
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A Windows icon: a directory of entries, little-endian. Sizes under 256 are 32-bit DIBs (every Windows
     * version and resource editor reads them); 256 is PNG, as Windows Vista and later expect.
     */
    static byte[] ico(List<Integer> sizes) {
        List<byte[]> images = sizes.stream().map(s -> s >= 256 ? png(draw(s)) : dib(draw(s))).toList();
        int offset = 6 + 16 * sizes.size();
        ByteBuffer out = ByteBuffer.allocate(offset + images.stream().mapToInt(b -> b.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) 0).putShort((short) 1).putShort((short) sizes.size());
        for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i);
            out.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            out.put((byte) 0).put((byte) 0);
            out.putShort((short) 1).putShort((short) 32);
            out.putInt(images.get(i).length).putInt(offset);
            offset += images.get(i).length;
        }
        images.forEach(out::put);
        return out.array();
    }

    /** BITMAPINFOHEADER, BGRA rows bottom-up, then the 1-bit transparency mask (height counts both). */
    private static byte[] dib(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int maskRow = ((w + 31) / 32) * 4;
        ByteBuffer out = ByteBuffer.allocate(40 + w * h * 4 + maskRow * h).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(40).putInt(w).putInt(2 * h).putShort((short) 1).putShort((short) 32).putInt(0)
                .putInt(w * h * 4 + maskRow * h).putInt(0).putInt(0).putInt(0).putInt(0);
        for (int y = h - 1; y >= 0; y--) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                out.put((byte) argb).put((byte) (argb >> 8)).put((byte) (argb >> 16)).put((byte) (argb >>> 24));
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            byte[] row = new byte[maskRow];
            for (int x = 0; x < w; x++) {
                if ((image.getRGB(x, y) >>> 24) == 0) {
                    row[x / 8] |= (byte) (0x80 >> (x % 8));
                }
            }
            out.put(row);
        }
        return out.array();
    }

    /**
     * A macOS icon family: "icns", the total length, then one (type, length, PNG) element per size, big-endian.
     * The types are Apple's PNG-capable ones, Retina (@2x) variants included.
     */
    static byte[] icns() throws IOException {
        Map<String, Integer> types = new LinkedHashMap<>();
        types.put("icp4", 16);
        types.put("icp5", 32);
        types.put("ic11", 32);    // 16@2x
        types.put("icp6", 64);
        types.put("ic12", 64);    // 32@2x
        types.put("ic07", 128);
        types.put("ic08", 256);
        types.put("ic13", 256);   // 128@2x
        types.put("ic09", 512);
        types.put("ic14", 512);   // 256@2x
        types.put("ic10", 1024);  // 512@2x
        Map<Integer, byte[]> drawn = new LinkedHashMap<>();
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(elements);
        for (Map.Entry<String, Integer> type : types.entrySet()) {
            byte[] image = drawn.computeIfAbsent(type.getValue(), s -> png(draw(s)));
            out.writeBytes(type.getKey());
            out.writeInt(8 + image.length);
            out.write(image);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(file);
        header.writeBytes("icns");
        header.writeInt(8 + elements.size());
        header.write(elements.toByteArray());
        return file.toByteArray();
    }
}
