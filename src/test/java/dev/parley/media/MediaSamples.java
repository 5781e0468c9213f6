package dev.parley.media;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Small but real media files built in code, so Parley's upload sniffer and image sanitiser are
 * tested against genuine encoder output rather than binary fixtures nobody can review.
 */
public final class MediaSamples {

    private MediaSamples() {
    }

    /** A 64x48 JPEG carrying an Exif block with camera make, body serial and a GPS position. */
    public static byte[] jpegWithGps() {
        // Like a camera file: Exif APP1 straight after SOI and no JFIF APP0, which ImageIO
        // rejects anywhere but first (it would break metadata reads in the sanitiser).
        return withExif(encode(picture(64, 48), "jpeg"), exifTiff());
    }

    /**
     * A 64x32 JPEG (left dark, right red; top dark, bottom green) whose Exif orientation says how
     * to turn it: 6 is a phone held upright, stored a quarter turn anticlockwise.
     */
    public static byte[] jpegWithOrientation(int orientation) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put(ascii("MM")).putShort((short) 42).putInt(8);
        writeIfd(b, tag(0x0112, 3, new byte[] {0, (byte) orientation}));
        return withExif(encode(picture(64, 32), "jpeg"), Arrays.copyOf(b.array(), b.position()));
    }

    /** A 32x16 CMYK JPEG, as print tools write it (an Adobe segment naming the four channels). */
    public static byte[] cmykJpeg() {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                raster.setPixel(x, y, new int[] {x * 8, y * 16, 40, 0});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = out.toByteArray();
        byte[] adobe = concat(new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14}, ascii("Adobe"),
                new byte[] {0, 100, 0, 0, 0, 0, 0}); // version 100, transform 0: CMYK as stored
        return concat(Arrays.copyOf(jpeg, 2), adobe, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** The JPEG with this TIFF block as its Exif segment, straight after SOI like a camera file. */
    private static byte[] withExif(byte[] jpeg, byte[] tiff) {
        ByteBuffer app1 = ByteBuffer.allocate(4 + 6 + tiff.length);
        app1.putShort((short) 0xFFE1).putShort((short) (2 + 6 + tiff.length));
        app1.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff);
        int rest = (jpeg[3] & 0xFF) == 0xE0 ? 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF)) : 2;
        return concat(Arrays.copyOf(jpeg, 2), app1.array(), Arrays.copyOfRange(jpeg, rest, jpeg.length));
    }

    /** True if the JPEG has an APP1 segment starting with "Exif\0\0" before its scan data. */
    public static boolean hasExif(byte[] jpeg) {
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                return false; // metadata only precedes start-of-scan
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xE1 && length >= 8 && i + 10 <= jpeg.length
                    && new String(jpeg, i + 4, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                return true;
            }
            i += 2 + length;
        }
        return false;
    }

    /** True if the bytes of the ASCII text occur anywhere in the data, e.g. a leaked camera make. */
    public static boolean containsAscii(byte[] data, String text) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(text); // one char per byte
    }

    /** A w x h PNG written by ImageIO. */
    public static byte[] png(int w, int h) {
        return encode(picture(w, h), "png");
    }

    /** A single-frame 32x32 GIF written by ImageIO. */
    public static byte[] gif() {
        return encode(picture(32, 32), "gif");
    }

    /** A looping two-frame 1x1 GIF89a (NETSCAPE2.0 loop extension, 100 ms per frame), built by hand. */
    public static byte[] animatedGif() {
        byte[] gif = concat(ascii("GIF89a"), new byte[] {1, 0, 1, 0, (byte) 0x80, 0, 0, // 1x1, 2-colour table
            0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x21, (byte) 0xFF, 11}, ascii("NETSCAPE2.0"),
            new byte[] {3, 1, 0, 0, 0}); // loop forever: what makes viewers (and Parley) treat it as animation
        for (int colour = 0; colour < 2; colour++) {
            // Graphic control (10 cs delay), image descriptor, then LZW codes clear, colour, end-of-information
            gif = concat(gif, new byte[] {0x21, (byte) 0xF9, 4, 0, 10, 0, 0, 0,
                0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, (byte) (0x44 | colour << 3), 1, 0});
        }
        return concat(gif, new byte[] {0x3B});
    }

    /** A 1x1 lossless WebP: a published minimal VP8L bitstream in a correctly sized RIFF container. */
    public static byte[] webp() {
        byte[] vp8l = {0x2F, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, (byte) 0x88, (byte) 0x88,
            (byte) 0xFE, 0x07};
        int padded = vp8l.length + (vp8l.length & 1); // RIFF chunks are padded to even length
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(4 + 8 + padded).put(ascii("WEBP"));
        b.put(ascii("VP8L")).putInt(vp8l.length).put(vp8l);
        return b.array();
    }

    /** A 16x16 BMP: a real image whose type Parley does not accept. */
    public static byte[] bmp() {
        return encode(picture(16, 16), "bmp");
    }

    /** A ~100-byte PNG whose IHDR declares 60000 x 60000 pixels: decoding it would exhaust memory. */
    public static byte[] pngBomb() {
        // 8-bit greyscale, not interlaced: a valid header, so only a pixel-count limit stops it
        byte[] ihdr = ByteBuffer.allocate(13).putInt(60000).putInt(60000).put(new byte[] {8, 0, 0, 0, 0}).array();
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                pngChunk("IHDR", ihdr), pngChunk("IDAT", zlib(new byte[16])), pngChunk("IEND", new byte[0]));
    }

    /** The first 20 bytes of a JPEG: right magic, no image. */
    public static byte[] truncatedJpeg() {
        return Arrays.copyOf(encode(picture(64, 48), "jpeg"), 20);
    }

    /** A WebM with one Opus audio track and one silent block, as a browser voice recorder makes. */
    public static byte[] webmOpus() {
        byte[] header = ebml(0x1A45DFA3, ebmlUint(0x4286, 1), ebmlUint(0x42F7, 1), ebmlUint(0x42F2, 4),
                ebmlUint(0x42F3, 8), ebml(0x4282, ascii("webm")), ebmlUint(0x4287, 4), ebmlUint(0x4285, 2));
        byte[] info = ebml(0x1549A966, ebmlUint(0x2AD7B1, 1_000_000), ebml(0x4D80, ascii("Parley")),
                ebml(0x5741, ascii("Parley")));
        byte[] audio = ebml(0xE1, ebml(0xB5, ByteBuffer.allocate(8).putDouble(48000.0).array()),
                ebmlUint(0x9F, 1));
        byte[] track = ebml(0xAE, ebmlUint(0xD7, 1), ebmlUint(0x73C5, 1), ebmlUint(0x83, 2),
                ebml(0x86, ascii("A_OPUS")), ebml(0x63A2, opusHead()), audio);
        // SimpleBlock: track 1, relative time 0, keyframe flag, then a silent 20 ms Opus packet
        byte[] cluster = ebml(0x1F43B675, ebmlUint(0xE7, 0),
                ebml(0xA3, new byte[] {(byte) 0x81, 0, 0, (byte) 0x80, (byte) 0xF8, (byte) 0xFF, (byte) 0xFE}));
        return concat(header, ebml(0x18538067, info, ebml(0x1654AE6B, track), cluster));
    }

    /** An Ogg Opus stream: OpusHead, OpusTags and one silent audio page, with valid page CRCs. */
    public static byte[] oggOpus() {
        byte[] tags = ByteBuffer.allocate(8 + 4 + 6 + 4).order(ByteOrder.LITTLE_ENDIAN)
                .put(ascii("OpusTags")).putInt(6).put(ascii("Parley")).putInt(0).array();
        return concat(oggPage(0x02, 0, 0, opusHead()), oggPage(0x00, 0, 1, tags),
                oggPage(0x04, 960, 2, new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE}));
    }

    /** An MPEG-4 audio file: 'ftyp' with major brand "M4A ", a 'moov' with 'mvhd', and an 'mdat'. */
    public static byte[] m4a() {
        byte[] ftyp = box("ftyp", ascii("M4A "), new byte[4], ascii("M4A "), ascii("mp42"), ascii("isom"));
        ByteBuffer mvhd = ByteBuffer.allocate(100);
        mvhd.putInt(0).putInt(0).putInt(0).putInt(44100).putInt(44100); // 1 s at 44.1 kHz
        mvhd.putInt(0x00010000).putShort((short) 0x0100).put(new byte[10]); // rate 1.0, volume 1.0
        mvhd.putInt(0x00010000).putInt(0).putInt(0).putInt(0).putInt(0x00010000).putInt(0)
                .putInt(0).putInt(0).putInt(0x40000000); // identity matrix
        mvhd.put(new byte[24]).putInt(2); // pre_defined, next_track_ID
        return concat(ftyp, box("moov", box("mvhd", mvhd.array())), box("mdat", new byte[16]));
    }

    /** An MP3: ID3v2.4 tag with a title, then two silent 128 kbps 44.1 kHz MPEG-1 Layer III frames. */
    public static byte[] mp3() {
        byte[] title = concat(new byte[] {3}, ascii("Parley")); // 3 = UTF-8
        byte[] frame = concat(ascii("TIT2"), new byte[] {0, 0, 0, (byte) title.length, 0, 0}, title);
        byte[] id3 = concat(ascii("ID3"), new byte[] {4, 0, 0, 0, 0, 0, (byte) frame.length}, frame);
        byte[] mpeg = new byte[417]; // 144 * 128000 / 44100, no padding
        System.arraycopy(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}, 0, mpeg, 0, 4);
        return concat(id3, mpeg, mpeg);
    }

    /** A one-page PDF 1.4 with a correct cross-reference table and %%EOF. */
    public static byte[] pdf() {
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>"};
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        StringBuilder xref = new StringBuilder("xref\n0 4\n0000000000 65535 f \n");
        for (int i = 0; i < objects.length; i++) {
            xref.append(String.format(Locale.ROOT, "%010d 00000 n \n", pdf.length())); // ASCII, so chars == bytes
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int start = pdf.length();
        pdf.append(xref).append("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n").append(start).append("\n%%EOF\n");
        return ascii(pdf.toString());
    }

    /** Plain UTF-8 text with accented letters (multi-byte sequences). */
    public static byte[] text() {
        return "Gr\u00fc\u00dfe aus Parley, caf\u00e9 \u00e0 deux.\n".getBytes(StandardCharsets.UTF_8);
    }

    /** A small HTML document, which must never be served back as an image or as text/html. */
    public static byte[] html() {
        return ascii("<!DOCTYPE html><html><head><title>x</title></head>"
                + "<body><script>alert(1)</script></body></html>\n");
    }

    /** An SVG with an XML declaration: an image type that can carry script. */
    public static byte[] svg() {
        return ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"10\" height=\"10\"><script>alert(1)</script><rect width=\"10\" height=\"10\"/></svg>\n");
    }

    /** A zero-length upload. */
    public static byte[] empty() {
        return new byte[0];
    }

    private static BufferedImage picture(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, new Color(x * 255 / w, y * 255 / h, 128).getRGB());
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Big-endian TIFF: IFD0 (Make, Exif and GPS pointers), an Exif IFD (serial) and a GPS IFD. */
    private static byte[] exifTiff() {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.put(ascii("MM")).putShort((short) 42).putInt(8);
        writeIfd(b, tag(0x010F, 2, ascii("ParleyCam\0")), tag(0x8769, 4, u32(0)), tag(0x8825, 4, u32(0)));
        int exifAt = writeIfd(b, tag(0xA431, 2, ascii("PX-004217\0")));
        int gpsAt = writeIfd(b, tag(0x0000, 1, new byte[] {2, 3, 0, 0}), // GPS version 2.3
                tag(0x0001, 2, ascii("N\0")), tag(0x0002, 5, rationals(48, 51, 30)),
                tag(0x0003, 2, ascii("E\0")), tag(0x0004, 5, rationals(2, 21, 0)));
        b.putInt(8 + 2 + 12 + 8, exifAt).putInt(8 + 2 + 24 + 8, gpsAt); // fill IFD0's two pointer values
        return Arrays.copyOf(b.array(), b.position());
    }

    /** Entry encoding: 2 bytes tag, 2 bytes type, then the raw big-endian value. */
    private static byte[] tag(int tag, int type, byte[] value) {
        return concat(new byte[] {(byte) (tag >> 8), (byte) tag, 0, (byte) type}, value);
    }

    /** Values over four bytes are stored after the IFD and referenced by offset, as TIFF requires. */
    private static int writeIfd(ByteBuffer b, byte[]... entries) {
        int start = b.position();
        int dataAt = start + 2 + 12 * entries.length + 4;
        ByteBuffer data = ByteBuffer.allocate(256);
        b.putShort((short) entries.length);
        for (byte[] e : entries) {
            int type = e[3];
            int length = e.length - 4;
            b.put(e, 0, 4).putInt(length / (type == 5 ? 8 : type == 4 ? 4 : type == 3 ? 2 : 1));
            if (length <= 4) {
                b.put(Arrays.copyOf(Arrays.copyOfRange(e, 4, e.length), 4));
            } else {
                b.putInt(dataAt + data.position());
                data.put(e, 4, length);
                data.position(data.position() + (length & 1)); // values start on word boundaries
            }
        }
        b.putInt(0).put(data.array(), 0, data.position());
        return start;
    }

    private static byte[] rationals(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (int v : values) {
            b.putInt(v).putInt(1);
        }
        return b.array();
    }

    private static byte[] pngChunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        return concat(u32(data.length), ascii(type), data, u32((int) crc.getValue()));
    }

    private static byte[] zlib(byte[] raw) {
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        byte[] buffer = new byte[64];
        int n = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }

    /** OpusHead: version 1, mono, 312 samples pre-skip, 48 kHz input, no gain, mapping family 0. */
    private static byte[] opusHead() {
        return ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN).put(ascii("OpusHead")).put((byte) 1)
                .put((byte) 1).putShort((short) 312).putInt(48000).putShort((short) 0).put((byte) 0).array();
    }

    /** One Ogg page holding one packet (under 255 bytes, so a single lacing value). */
    private static byte[] oggPage(int headerType, long granule, int sequence, byte[] packet) {
        ByteBuffer b = ByteBuffer.allocate(27 + 1 + packet.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("OggS")).put((byte) 0).put((byte) headerType).putLong(granule).putInt(0x5041524C)
                .putInt(sequence).putInt(0).put((byte) 1).put((byte) packet.length).put(packet);
        byte[] page = b.array();
        int crc = 0; // Ogg's CRC-32: polynomial 0x04C11DB7, unreflected, zero init, over the page
        for (byte x : page) {
            crc ^= (x & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = crc < 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        b.putInt(22, crc);
        return page;
    }

    /** An EBML element with the shortest size field, as real muxers write (sniffers rely on it). */
    private static byte[] ebml(int id, byte[]... children) {
        byte[] body = concat(children);
        byte[] size = body.length < 0x7F ? new byte[] {(byte) (0x80 | body.length)}
                : new byte[] {(byte) (0x40 | body.length >> 8), (byte) body.length};
        return concat(shortest(id), size, body);
    }

    private static byte[] ebmlUint(int id, int value) {
        return ebml(id, shortest(value));
    }

    /** Big-endian without leading zero bytes: how EBML writes both element IDs and integers. */
    private static byte[] shortest(int value) {
        return Arrays.copyOfRange(u32(value), Math.min(3, Integer.numberOfLeadingZeros(value) / 8), 4);
    }

    private static byte[] box(String type, byte[]... payload) {
        byte[] body = concat(payload);
        return concat(u32(8 + body.length), ascii(type), body);
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
