package dev.parley.media.control;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JPEG's Exif orientation (tag 0x0112 of IFD0), and the turn that applies it. Phones store photos
 * as the sensor saw them and name the turn in this tag; the sanitised copy keeps no metadata, so the
 * turn is applied to the pixels instead, or portrait photos would show on their side.
 */
final class ExifOrientation {

    /** Exif segments are at most 64 KiB; the markers before them are few and small. */
    private static final int MAX_SEGMENT = 65_535;

    private ExifOrientation() {
    }

    /** 1 (as stored) to 8; 1 when the file names none or names it wrongly. */
    static int of(Path jpeg) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(jpeg)))) {
            if (in.readUnsignedShort() != 0xFFD8) {
                return 1;
            }
            while (true) {
                int marker = in.readUnsignedShort();
                if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9) {
                    return 1; // the scan data starts (or the file is odd): no Exif before it
                }
                int length = in.readUnsignedShort() - 2;
                if (length < 0) {
                    return 1;
                }
                if (marker == 0xFFE1 && length > 14) {
                    byte[] segment = new byte[Math.min(length, MAX_SEGMENT)];
                    in.readFully(segment);
                    if (new String(segment, 0, 6, java.nio.charset.StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                        return inTiff(ByteBuffer.wrap(segment, 6, segment.length - 6).slice());
                    }
                } else {
                    skip(in, length);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return 1; // damaged metadata: the decoder decides whether the picture itself is usable
        }
    }

    private static int inTiff(ByteBuffer tiff) {
        if (tiff.remaining() < 8) {
            return 1;
        }
        short order = tiff.getShort(0);
        tiff.order(order == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = tiff.getInt(4);
        if (ifd < 8 || ifd + 2 > tiff.limit()) {
            return 1;
        }
        int entries = tiff.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int at = ifd + 2 + 12 * i;
            if (at + 12 > tiff.limit()) {
                return 1;
            }
            if ((tiff.getShort(at) & 0xFFFF) == 0x0112 && (tiff.getShort(at + 2) & 0xFFFF) == 3) { // SHORT
                int value = tiff.getShort(at + 8) & 0xFFFF;
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static void skip(InputStream in, long count) throws IOException {
        while (count > 0) {
            long skipped = in.skip(count);
            if (skipped <= 0) {
                throw new EOFException();
            }
            count -= skipped;
        }
    }

    /** The image as it should be seen: turned and mirrored as the orientation says. */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        // Each case maps a stored pixel (x, y) to where it is seen: AffineTransform(m00, m10, m01, m11, m02, m12).
        AffineTransform turn = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored left to right
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored top to bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // a quarter turn clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // transversed
            default -> new AffineTransform(0, -1, 1, 0, 0, w);  // 8: a quarter turn anticlockwise
        };
        boolean sideways = orientation >= 5;
        BufferedImage turned = new BufferedImage(sideways ? h : w, sideways ? w : h,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = turned.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(image, turn, null);
        } finally {
            g.dispose();
        }
        return turned;
    }
}
