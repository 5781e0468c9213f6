package dev.parley.media.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decides what a file is from its first bytes, never from the name or the
 * header a client gave it: a PNG named {@code .jpg} is a PNG, an HTML page
 * named {@code .png} is HTML (and refused). What is allowed is configured;
 * this only tells.
 */
public final class MediaTypes {

    /** How many leading bytes the sniffing reads. */
    public static final int SNIFF_BYTES = 512;

    public static final String OCTET_STREAM = "application/octet-stream";

    private MediaTypes() {
    }

    /** The media type of a file starting with {@code head} (up to {@link #SNIFF_BYTES} bytes). */
    public static String sniff(byte[] head) {
        if (starts(head, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return "image/gif";
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return "image/webp";
        }
        if (starts(head, 0x1A, 0x45, 0xDF, 0xA3)) { // EBML: Matroska or WebM
            String text = latin1(head);
            if (!text.contains("webm")) {
                return "video/x-matroska";
            }
            return text.contains("V_VP") || text.contains("V_AV1") ? "video/webm" : "audio/webm";
        }
        if (ascii(head, 0, "OggS")) {
            return "audio/ogg";
        }
        if (ascii(head, 4, "ftyp")) {
            String brand = head.length >= 12 ? new String(head, 8, 4, StandardCharsets.ISO_8859_1) : "";
            return brand.startsWith("M4A") || brand.startsWith("M4B") || brand.equals("F4A ") ? "audio/mp4"
                    : "video/mp4";
        }
        if (isMpegAudio(head)) {
            return "audio/mpeg";
        }
        if (ascii(head, 0, "%PDF-")) {
            return "application/pdf";
        }
        return textual(head);
    }

    /**
     * MP3 (or MP2): a well-formed ID3v2 tag, then (when it ends within the head) an MPEG audio frame
     * header; or such a header right away. The header's reserved values are refused, so that AAC
     * streams (ADTS, the same sync bits) and text behind a fake tag are not taken for MP3.
     */
    private static boolean isMpegAudio(byte[] head) {
        int frame = 0;
        if (ascii(head, 0, "ID3")) {
            if (head.length < 10 || head[3] < 2 || head[3] > 4) {
                return false;
            }
            int size = 0;
            for (int i = 6; i < 10; i++) { // "syncsafe": seven bits a byte
                if ((head[i] & 0x80) != 0) {
                    return false;
                }
                size = (size << 7) | head[i];
            }
            frame = 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0); // a footer repeats the header
            if (frame + 4 > head.length) {
                return true; // a long tag (cover art): its well-formed header is all that can be seen
            }
        }
        return isMpegFrameHeader(head, frame);
    }

    private static boolean isMpegFrameHeader(byte[] head, int at) {
        if (at + 4 > head.length || (head[at] & 0xFF) != 0xFF || (head[at + 1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (head[at + 1] >> 3) & 3;
        int layer = (head[at + 1] >> 1) & 3;
        int bitrate = (head[at + 2] >> 4) & 0xF;
        int sampleRate = (head[at + 2] >> 2) & 3;
        return version != 1 && layer != 0 && bitrate != 0xF && sampleRate != 3;
    }

    /** Text, or markup a browser would run: HTML and SVG are told apart from plain text. */
    private static String textual(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return OCTET_STREAM;
            }
        }
        if (!isUtf8(head)) {
            return OCTET_STREAM;
        }
        String text = new String(head, StandardCharsets.UTF_8).stripLeading().toLowerCase(Locale.ROOT);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).stripLeading();
        }
        if (text.contains("<svg")) {
            return "image/svg+xml";
        }
        if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.contains("<script")
                || text.contains("<body") || text.contains("<head") || text.contains("<iframe")) {
            return "text/html";
        }
        return head.length == 0 ? OCTET_STREAM : "text/plain";
    }

    /** Valid UTF-8, allowing a character cut at the end of the sniffed bytes. */
    private static boolean isUtf8(byte[] head) {
        int end = head.length;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = head[end - back] & 0xFF;
            if ((b & 0xC0) == 0xC0) { // a lead byte: the character may continue past the sniffed bytes
                end -= back;
                break;
            }
            if ((b & 0x80) == 0) {
                break;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    public static boolean isImage(String type) {
        return type.startsWith("image/") && !type.equals("image/svg+xml");
    }

    /** A name a download gets for a type, where the client gave none. */
    public static String extension(String type) {
        return switch (type) {
            case "image/jpeg" -> "jpg";
            case "image/png" -> "png";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            case "audio/webm" -> "webm";
            case "audio/ogg" -> "ogg";
            case "audio/mp4" -> "m4a";
            case "audio/mpeg" -> "mp3";
            case "application/pdf" -> "pdf";
            case "text/plain" -> "txt";
            default -> "bin";
        };
    }

    private static boolean starts(byte[] head, int... bytes) {
        if (head.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xFF) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int at, String text) {
        if (head.length < at + text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (head[at + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String latin1(byte[] head) {
        return new String(head, StandardCharsets.ISO_8859_1);
    }
}
