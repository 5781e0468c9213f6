package dev.parley.media.control;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes an uploaded image safe to pass on: refused before decoding when its
 * header claims more pixels than allowed (a decompression bomb), decoded and
 * written again without any of its metadata (no GPS position or camera serial
 * leaves the server; a JPEG's Exif orientation is applied to the pixels first), and shrunk to a thumbnail. Only the first frame of an
 * animated GIF is used, so its thumbnail is still.
 */
public final class ImageSanitizer {

    /** Refused: the image's header claims more pixels than allowed. */
    public static final class TooManyPixels extends Exception {
        public TooManyPixels(long width, long height, long max) {
            super("an image of " + width + "x" + height + " pixels; at most " + max + " pixels", null, false, false);
        }
    }

    /** What a sanitised image became: the clean copy's type, and the thumbnail. */
    public record Clean(String type, Path image, Path thumbnail) {
    }

    private ImageSanitizer() {
    }

    /**
     * Writes a metadata-free copy of the JPEG, PNG or GIF at {@code source} and a thumbnail whose longest
     * side is at most {@code thumbnailSide}, in {@code workDir}. A GIF's copy is a PNG of its first frame.
     */
    public static Clean sanitize(Path source, String type, long maxPixels, int thumbnailSide, Path workDir)
            throws IOException, TooManyPixels {
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("no decoder for " + type);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true); // ignoring metadata: it is never read, so never copied
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > maxPixels) {
                    throw new TooManyPixels(width, height, maxPixels);
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        }
        if (type.equals("image/jpeg")) {
            image = ExifOrientation.apply(image, ExifOrientation.of(source));
        }
        String cleanType = type.equals("image/jpeg") ? "image/jpeg" : "image/png";
        Path clean = Files.createTempFile(workDir, "clean-", ".img");
        write(image, cleanType, clean);
        Path thumbnail = Files.createTempFile(workDir, "thumb-", ".img");
        write(shrink(image, thumbnailSide), cleanType, thumbnail);
        return new Clean(cleanType, clean, thumbnail);
    }

    private static BufferedImage shrink(BufferedImage image, int side) {
        int longest = Math.max(image.getWidth(), image.getHeight());
        if (longest <= side) {
            return image;
        }
        double scale = (double) side / longest;
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(width, height,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return small;
    }

    /** Writes pixels only: no metadata object is given to the writer. */
    private static void write(BufferedImage image, String type, Path target) throws IOException {
        BufferedImage pixels = image;
        // JPEG output is plain RGB: no alpha, and CMYK print files (which decode fine) converted, not passed on.
        if (type.equals("image/jpeg") && (image.getColorModel().hasAlpha()
                || image.getColorModel().getColorSpace().getType() != java.awt.color.ColorSpace.TYPE_RGB)) {
            pixels = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = pixels.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByMIMEType(type).next();
        try (OutputStream file = Files.newOutputStream(target);
             ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (type.equals("image/jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
            }
            writer.write(null, new IIOImage(pixels, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
