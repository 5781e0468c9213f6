package dev.parley.media.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * WebP is passed on as uploaded (the platform has no WebP decoder, so no
 * thumbnail is made), with its image chunks only: EXIF, XMP, ICC profiles and
 * unknown chunks are dropped and the extended header's flags for them cleared.
 * The canvas size is checked like a decoded image's would be.
 */
public final class WebpMetadata {

    private WebpMetadata() {
    }

    /** The pixel count the file declares (VP8X canvas, VP8 or VP8L frame), or -1 when it declares none. */
    public static long pixels(byte[] webp) {
        ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        long at = 12;
        while (at + 8 <= webp.length) {
            String fourcc = new String(webp, (int) at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = in.getInt((int) at + 4) & 0xFFFFFFFFL;
            int data = (int) at + 8;
            if (data + size > webp.length) {
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

    /** The chunks an image needs; everything else (EXIF, XMP, ICC profiles, unknown chunks) is metadata. */
    private static final java.util.Set<String> IMAGE_CHUNKS = java.util.Set.of("VP8X", "VP8 ", "VP8L", "ALPH", "ANIM",
            "ANMF");

    /**
     * The file with only its image chunks, up to the size its RIFF header declares; null when it is not
     * a well-formed RIFF WebP.
     */
    public static byte[] strip(byte[] webp) {
        if (webp.length < 12) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        long riffEnd = Math.min(webp.length, 8L + (in.getInt(4) & 0xFFFFFFFFL));
        ByteArrayOutputStream chunks = new ByteArrayOutputStream(webp.length);
        long at = 12;
        while (at + 8 <= riffEnd) {
            String fourcc = new String(webp, (int) at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = in.getInt((int) at + 4) & 0xFFFFFFFFL;
            long end = at + 8 + size + (size & 1);
            if (at + 8 + size > riffEnd) {
                return null;
            }
            if (IMAGE_CHUNKS.contains(fourcc)) {
                byte[] chunk = java.util.Arrays.copyOfRange(webp, (int) at, (int) Math.min(end, riffEnd));
                if (fourcc.equals("VP8X") && size >= 1) {
                    chunk[8] &= (byte) ~0x2C; // the ICC (0x20), EXIF (0x08) and XMP (0x04) flags
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
