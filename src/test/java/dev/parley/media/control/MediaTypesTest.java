package dev.parley.media.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.media.MediaSamples;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

    private static String sniff(byte[] file) {
        return MediaTypes.sniff(Arrays.copyOf(file, Math.min(file.length, MediaTypes.SNIFF_BYTES)));
    }

    @Test
    void eachAcceptedTypeIsToldByItsBytes() {
        assertEquals("image/jpeg", sniff(MediaSamples.jpegWithGps()));
        assertEquals("image/png", sniff(MediaSamples.png(8, 8)));
        assertEquals("image/gif", sniff(MediaSamples.animatedGif()));
        assertEquals("image/webp", sniff(MediaSamples.webp()));
        assertEquals("audio/webm", sniff(MediaSamples.webmOpus()));
        assertEquals("audio/ogg", sniff(MediaSamples.oggOpus()));
        assertEquals("audio/mp4", sniff(MediaSamples.m4a()));
        assertEquals("audio/mpeg", sniff(MediaSamples.mp3()));
        assertEquals("application/pdf", sniff(MediaSamples.pdf()));
        assertEquals("text/plain", sniff(MediaSamples.text()));
    }

    @Test
    void markupAndUnknownBytesAreToldApart() {
        assertEquals("text/html", sniff(MediaSamples.html()));
        assertEquals("image/svg+xml", sniff(MediaSamples.svg()));
        assertEquals(MediaTypes.OCTET_STREAM, sniff(MediaSamples.bmp()), "not a type Parley knows");
        assertEquals(MediaTypes.OCTET_STREAM, sniff(MediaSamples.empty()));
        assertEquals(MediaTypes.OCTET_STREAM, sniff(new byte[] {0, 1, 2, 3}));
    }

    @Test
    void onlyRealMpegAudioIsMp3() {
        byte[] adts = {(byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80, 0x02, 0x1F, (byte) 0xFC}; // AAC, not MP3
        assertEquals(MediaTypes.OCTET_STREAM, sniff(adts));
        byte[] badTagSize = {'I', 'D', '3', 4, 0, 0, 0, 0, (byte) 0x80, 0};
        assertEquals(MediaTypes.OCTET_STREAM, sniff(badTagSize));
        byte[] tagThenHtml = new byte[40];
        System.arraycopy(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0}, 0, tagThenHtml, 0, 10);
        System.arraycopy("<html><script>".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, tagThenHtml, 10, 14);
        assertEquals(MediaTypes.OCTET_STREAM, sniff(tagThenHtml), "an empty tag, then no audio frame");
        byte[] bareFrame = Arrays.copyOfRange(MediaSamples.mp3(), MediaSamples.mp3().length - 417, MediaSamples.mp3().length);
        assertEquals("audio/mpeg", sniff(bareFrame), "frames without a tag");
    }

    @Test
    void fileNamesTakeTheExtensionOfWhatTheFileIs() {
        assertEquals("holiday.png", Uploads.fileName("holiday.jpg", "image/png"));
        assertEquals("file.txt", Uploads.fileName("../../etc/.", "text/plain"));
        assertEquals("evil.pdf", Uploads.fileName("C:\\temp\\e\"vil<>.pdf", "application/pdf"));
    }
}
