package dev.parley.media.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * WebP is passed on as uploaded (the platform has no WebP decoder, so no
 * thumbnail is made), minus its metadata: the {@code EXIF} and {@code XMP }
 * chunks are dropped and the extended header's flags for them cleared. The
 * canvas size is checked like a decoded image's would be.
 */
public final class WebpMetadata {

    private WebpMetadata() {
    }

    /** The pixel count the file declares (VP8X canvas, VP8 or VP8L frame), or -1 when it declares none. */
    public static long pixels(byte[] webp) {
        ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= webp.length) {
            String fourcc = new String(webp, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int size = in.getInt(at + 4);
            int data = at + 8;
            if (size < 0 || data + size > webp.length) {
                return -1;
            }
            if (fourcc.equals("VP8X") && size >= 10) {
                return (long) (u24(webp, data + 4) + 1) * (u24(webp, data + 7) + 1);
            }
            if (fourcc.equals("VP8 ") && size >= 10) {
                return (long) (in.getShort(data + 6) & 0x3FFF) * (in.getShort(data + 8) & 0x3FFF);
            }
            if (fourcc.equals("VP8L") && size >= 5) {
                int bits = in.getInt(data + 1);
                return (long) ((bits & 0x3FFF) + 1) * (((bits >>> 14) & 0x3FFF) + 1);
            }
            at = data + size + (size & 1);
        }
        return -1;
    }

    /** The file without its EXIF and XMP chunks; null when it is not a well-formed RIFF WebP. */
    public static byte[] strip(byte[] webp) {
        ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream(webp.length);
        int at = 12;
        while (at + 8 <= webp.length) {
            String fourcc = new String(webp, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int size = in.getInt(at + 4);
            int end = at + 8 + size + (size & 1);
            if (size < 0 || end > webp.length + (size & 1)) {
                return null;
            }
            if (!fourcc.equals("EXIF") && !fourcc.equals("XMP ")) {
                byte[] chunk = java.util.Arrays.copyOfRange(webp, at, Math.min(end, webp.length));
                if (fourcc.equals("VP8X") && size >= 1) {
                    chunk[8] &= (byte) ~0x0C; // the EXIF (0x08) and XMP (0x04) flags
                }
                chunks.writeBytes(chunk);
            }
            at = end;
        }
        byte[] body = chunks.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(webp, 0, 4).putInt(4 + body.length).put(webp, 8, 4).put(body);
        return out.array();
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }
}
