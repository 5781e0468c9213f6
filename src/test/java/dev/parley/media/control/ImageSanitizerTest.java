package dev.parley.media.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.media.MediaSamples;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageSanitizerTest {

    @TempDir
    Path work;

    /** A corner's colour in the samples: dark, red (right), green (bottom) or yellow (both). */
    private static String corner(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        boolean red = ((rgb >> 16) & 0xFF) > 128;
        boolean green = ((rgb >> 8) & 0xFF) > 128;
        return red ? (green ? "yellow" : "red") : (green ? "green" : "dark");
    }

    private ImageSanitizer.Clean sanitize(byte[] jpeg) throws Exception {
        Path source = Files.write(work.resolve("upload"), jpeg);
        return ImageSanitizer.sanitize(source, "image/jpeg", 1_000_000, 16, work);
    }

    /** The stored picture is 64x32: dark top left, red top right, green bottom left, yellow bottom right. */
    @ParameterizedTest
    @CsvSource({
            "1, 64, 32, dark, red",
            "2, 64, 32, red, dark",
            "3, 64, 32, yellow, green",
            "4, 64, 32, green, yellow",
            "5, 32, 64, dark, green",
            "6, 32, 64, green, dark",
            "7, 32, 64, yellow, red",
            "8, 32, 64, red, yellow"})
    void theExifOrientationIsAppliedToThePixels(int orientation, int width, int height, String topLeft,
                                                String topRight) throws Exception {
        ImageSanitizer.Clean clean = sanitize(MediaSamples.jpegWithOrientation(orientation));
        BufferedImage seen = ImageIO.read(clean.image().toFile());
        assertEquals(width + "x" + height, seen.getWidth() + "x" + seen.getHeight());
        assertEquals(topLeft, corner(seen, 1, 1), "top left");
        assertEquals(topRight, corner(seen, seen.getWidth() - 2, 1), "top right");
        BufferedImage thumbnail = ImageIO.read(clean.thumbnail().toFile());
        assertEquals(width > height, thumbnail.getWidth() > thumbnail.getHeight(), "the thumbnail is turned too");
        assertEquals(16, Math.max(thumbnail.getWidth(), thumbnail.getHeight()));
    }

    @Test
    void aCmykJpegBecomesAnRgbJpeg() throws Exception {
        ImageSanitizer.Clean clean = sanitize(MediaSamples.cmykJpeg());
        assertEquals("image/jpeg", clean.type());
        BufferedImage seen = ImageIO.read(clean.image().toFile());
        assertEquals(32, seen.getWidth());
        assertEquals(3, seen.getColorModel().getNumComponents(), "three channels: RGB");
    }

    @Test
    void damagedOrAbsentExifLeavesThePictureAsStored() throws IOException {
        byte[] jpeg = MediaSamples.jpegWithOrientation(6);
        jpeg[30] = (byte) 0xFF; // the orientation value itself: 65535 names no orientation
        jpeg[31] = (byte) 0xFF;
        assertEquals(1, ExifOrientation.of(Files.write(work.resolve("odd"), jpeg)));
        assertEquals(1, ExifOrientation.of(Files.write(work.resolve("png"), MediaSamples.png(4, 4))));
        assertEquals(6, ExifOrientation.of(Files.write(work.resolve("six"), MediaSamples.jpegWithOrientation(6))));
    }
}
