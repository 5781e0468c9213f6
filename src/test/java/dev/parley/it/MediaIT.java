package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.media.MediaSamples;
import dev.parley.media.control.S3Store;
import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Uploads over the wire (seed 004's "Upload File"): typed by their bytes, made safe, served only to their tenant. */
@ExtendWith(ArquillianExtension.class)
class MediaIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        JsonObject json() {
            return Json.read(new String(body, StandardCharsets.UTF_8));
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A tiny JSON reader for these answers. */
    static final class Json {
        static JsonObject read(String text) {
            try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(text))) {
                return reader.readObject();
            }
        }
    }

    static Reply upload(String token, String fileName, String declaredType, byte[] content) {
        return uploadWith(token == null ? new String[0] : Api.bearer(token), fileName, declaredType, content);
    }

    /** An upload with these headers (name, value, ...): a bearer token, or a visitor's tenant and session. */
    static Reply uploadWith(String[] headers, String fileName, String declaredType, byte[] content) {
        String boundary = "----parley" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.base() + "/api/v1/chat/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    static Reply get(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPhotoLosesItsGpsPositionAndGetsAThumbnail() throws Exception {
        ChatFixture f = ChatFixture.create();
        byte[] photo = MediaSamples.jpegWithGps();
        assertTrue(MediaSamples.hasExif(photo) && MediaSamples.containsAscii(photo, "ParleyCam"), "the test's photo");
        Reply uploaded = upload(f.customerToken(), "IMG_0042.jpg", "image/jpeg", photo);
        assertEquals(201, uploaded.status(), () -> new String(uploaded.body()));
        JsonObject file = uploaded.json();
        assertEquals("image/jpeg", file.getString("file_type"));
        assertEquals("IMG_0042.jpg", file.getString("file_name"));
        Reply served = get(file.getString("file_url"), "Authorization", "Bearer " + f.staffToken());
        assertEquals(200, served.status());
        assertEquals(file.getInt("file_size"), served.body().length);
        assertFalse(MediaSamples.hasExif(served.body()), "no EXIF in the served copy");
        assertFalse(MediaSamples.containsAscii(served.body(), "ParleyCam"), "no camera data in the served copy");
        Reply thumbnail = get(file.getString("thumbnail_url") + "?token=" + f.staffToken());
        assertEquals(200, thumbnail.status());
        assertFalse(MediaSamples.hasExif(thumbnail.body()));
        assertEquals("inline", served.header("Content-Disposition").split(";")[0]);

        Reply large = upload(f.customerToken(), "big.png", "image/png", MediaSamples.png(800, 600));
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(
                get(large.json().getString("thumbnail_url"), "Authorization", "Bearer " + f.staffToken()).body()));
        assertEquals(320, Math.max(small.getWidth(), small.getHeight()), "the longest side, by default");
        assertEquals(240, small.getHeight());
    }

    @Test
    void theBytesDecideTheTypeNotTheNameOrHeader() {
        ChatFixture f = ChatFixture.create();
        Reply png = upload(f.customerToken(), "photo.jpg", "image/jpeg", MediaSamples.png(16, 16));
        assertEquals(201, png.status());
        assertEquals("image/png", png.json().getString("file_type"));
        assertEquals("photo.png", png.json().getString("file_name"));
        for (byte[] refused : new byte[][] {MediaSamples.html(), MediaSamples.svg(), MediaSamples.bmp()}) {
            Reply answer = upload(f.customerToken(), "innocent.png", "image/png", refused);
            assertEquals(415, answer.status(), () -> new String(answer.body()));
            assertEquals("unsupported_media_type", answer.json().getString("error"));
        }
        Map<String, byte[]> accepted = Map.of("audio/webm", MediaSamples.webmOpus(), "audio/ogg",
                MediaSamples.oggOpus(), "audio/mp4", MediaSamples.m4a(), "audio/mpeg", MediaSamples.mp3(),
                "application/pdf", MediaSamples.pdf(), "text/plain", MediaSamples.text(), "image/gif",
                MediaSamples.animatedGif(), "image/webp", MediaSamples.webp());
        accepted.forEach((type, bytes) -> {
            Reply answer = upload(f.customerToken(), "upload.bin", "application/octet-stream", bytes);
            assertEquals(201, answer.status(), () -> type + ": " + new String(answer.body()));
            String served = answer.json().getString("file_type");
            assertEquals(type.equals("image/gif") ? "image/png" : type, served, type);
        });
        Reply voice = upload(f.customerToken(), "note.ogg", "audio/ogg", MediaSamples.oggOpus());
        Reply download = get(voice.json().getString("file_url"), "Authorization", "Bearer " + f.customerToken());
        assertTrue(download.header("Content-Disposition").startsWith("attachment"));
        assertEquals("nosniff", download.header("X-Content-Type-Options"));
    }

    @Test
    void bombsOversizedEmptyAndTruncatedFilesAreRefused() {
        ChatFixture f = ChatFixture.create();
        Reply bomb = upload(f.customerToken(), "bomb.png", "image/png", MediaSamples.pngBomb());
        assertEquals(413, bomb.status(), () -> new String(bomb.body()));
        assertEquals("image_too_large", bomb.json().getString("error"));
        byte[] tooLarge = new byte[3 * 1024 * 1024]; // the test server allows 2 MiB
        Arrays.fill(tooLarge, (byte) 'a');
        Reply over = upload(f.customerToken(), "big.txt", "text/plain", tooLarge);
        assertEquals(413, over.status());
        Reply empty = upload(f.customerToken(), "empty.txt", "text/plain", MediaSamples.empty());
        assertEquals(400, empty.status());
        Reply truncated = upload(f.customerToken(), "cut.jpg", "image/jpeg", MediaSamples.truncatedJpeg());
        assertEquals(400, truncated.status(), () -> new String(truncated.body()));
        assertEquals(401, upload(null, "a.txt", "text/plain", MediaSamples.text()).status());

        // A body without a declared length would be written to disk whole before it could be refused.
        Reply chunked = send(HttpRequest.newBuilder(URI.create(Api.base() + "/api/v1/chat/upload"))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .header("Authorization", "Bearer " + f.customerToken())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge))).build());
        assertEquals(411, chunked.status());
    }

    @Test
    void onlyTheUploadingTenantGetsTheBytesAndRangesWork() {
        ChatFixture f = ChatFixture.create();
        byte[] voice = MediaSamples.oggOpus();
        String url = upload(f.customerToken(), "note.ogg", "audio/ogg", voice).json().getString("file_url");
        TestTenant other = TestTenant.signUp();
        assertEquals(404, get(url, "Authorization", "Bearer " + other.ownerToken()).status());
        assertEquals(404, get(url + "?token=" + other.ownerToken()).status());
        assertEquals(404, get(url).status(), "anonymous");
        assertEquals(404, get(Api.base() + "/api/v1/media/" + UUID.randomUUID(), "Authorization",
                "Bearer " + f.staffToken()).status());

        Reply part = get(url, "Authorization", "Bearer " + f.staffToken(), "Range", "bytes=4-13");
        assertEquals(206, part.status());
        assertEquals("bytes 4-13/" + voice.length, part.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(voice, 4, 14), part.body());
        Reply whole = get(url, "Authorization", "Bearer " + f.staffToken());
        assertTrue(whole.header("Cache-Control").contains("immutable"));
        assertEquals(304, get(url, "Authorization", "Bearer " + f.staffToken(), "If-None-Match",
                whole.header("ETag")).status());
        assertEquals(416, get(url, "Authorization", "Bearer " + f.staffToken(), "Range",
                "bytes=" + (voice.length + 5) + "-").status());
        Reply ignored = get(url, "Authorization", "Bearer " + f.staffToken(), "Range", "bytes=99999999999999999999-");
        assertEquals(200, ignored.status(), "a range that does not parse is ignored");
        assertArrayEquals(voice, ignored.body());
    }

    @Test
    void aMessageCarriesOnlyThisTenantsUploadsOfAFittingType() {
        ChatFixture f = ChatFixture.create();
        String voice = upload(f.customerToken(), "note.ogg", "audio/ogg", MediaSamples.oggOpus()).json()
                .getString("file_url");
        Api.Reply asImage = Api.post(f.messages(), obj("message_type", "image", "media_url", voice),
                Api.bearer(f.customerToken()));
        assertEquals(400, asImage.status(), asImage::toString);
        assertTrue(asImage.json().getString("message").contains("message_type"));
        Api.Reply asVoice = Api.post(f.messages(), obj("message_type", "voice", "media_url", voice),
                Api.bearer(f.customerToken()));
        assertEquals(201, asVoice.status(), asVoice::toString);
        assertEquals("audio/ogg", asVoice.json().getString("file_type"));

        ChatFixture other = ChatFixture.create();
        Api.Reply foreignUpload = Api.post(other.messages(), obj("message_type", "voice", "media_url", voice),
                Api.bearer(other.customerToken()));
        assertEquals(400, foreignUpload.status(), "another tenant's upload: " + foreignUpload);
        Api.Reply otherHost = Api.post(f.messages(), obj("message_type", "voice", "media_url",
                "https://evil.example" + voice.substring(voice.indexOf("/api/"))), Api.bearer(f.customerToken()));
        assertEquals(201, otherHost.status(), "the key is the tenant's: the host is dropped");
        assertTrue(otherHost.json().getString("media_url").startsWith("/api/v1/media/"));
    }

    @Test
    void anUploadNeverSentIsRemovedAndASentOneStays() throws InterruptedException, IOException {
        ChatFixture f = ChatFixture.create();
        String unsent = upload(f.customerToken(), "draft.txt", "text/plain", MediaSamples.text()).json()
                .getString("file_url");
        String sent = upload(f.customerToken(), "kept.txt", "text/plain", MediaSamples.text()).json()
                .getString("file_url");
        assertEquals(201, Api.post(f.messages(), obj("message_type", "file", "media_url", sent),
                Api.bearer(f.customerToken())).status());
        // The test server removes unsent uploads after 20 s, sweeping every 2 s: poll, at most a minute.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get(unsent, "Authorization", "Bearer " + f.staffToken()).status() != 404) {
            assertTrue(System.nanoTime() < deadline, "the unsent upload was never removed");
            Thread.sleep(1000);
        }
        assertEquals(200, get(sent, "Authorization", "Bearer " + f.staffToken()).status(), "a sent file stays");
        try (S3Store bucket = S3Store.connect(MediaStoreIT.s3(TestEnvironment.S3_BUCKET, "media/", S3Server.SECRET_KEY))) {
            // The sweep forgets the row first, then removes the file: the 404 may come a moment before.
            boolean gone = false;
            while (!gone) {
                try {
                    bucket.open(keyOf(unsent), 0).close();
                    assertTrue(System.nanoTime() < deadline, "the unsent file is gone from the store, not only from the database");
                    Thread.sleep(200);
                } catch (NoSuchFileException removed) {
                    gone = true;
                }
            }
            try (InputStream kept = bucket.open(keyOf(sent), 0)) {
                assertArrayEquals(MediaSamples.text(), kept.readAllBytes(), "the sent one is in the bucket");
            }
        }
    }

    private static String keyOf(String fileUrl) {
        return fileUrl.substring(fileUrl.lastIndexOf('/') + 1);
    }

    /**
     * A client announces 400 MiB and sends 1 MiB of it: the answer is already there, so the server
     * refused from the declared length and never took the body in (into memory or anywhere else).
     */
    @Test
    void anOverLimitUploadIsRefusedBeforeItsBodyIsRead() throws IOException {
        ChatFixture f = ChatFixture.create();
        URI base = URI.create(Api.base());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/chat/upload HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: Bearer " + f.customerToken() + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: " + (400L * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 16; i++) {
                    out.write(chunk);
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server may close before the client has written all it meant to: fine
            }
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413 "), status);
        }
    }

    @Test
    void eachUploaderHasAnHourlyAllowance() {
        ChatFixture f = ChatFixture.create();
        // The test server allows 40 uploads an hour per uploader.
        for (int i = 0; i < 40; i++) {
            Reply accepted = upload(f.customerToken(), "note-" + i + ".txt", "text/plain", MediaSamples.text());
            assertEquals(201, accepted.status(), () -> "upload " + accepted);
        }
        Reply refused = upload(f.customerToken(), "one-more.txt", "text/plain", MediaSamples.text());
        assertEquals(429, refused.status());
        assertEquals("rate_limited", refused.json().getString("error"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 3000 && retryAfter <= 3600, "about an hour: " + retryAfter);
        assertEquals(201, upload(f.staffToken(), "mine.txt", "text/plain", MediaSamples.text()).status(),
                "every uploader has its own allowance");
    }

    @Test
    void seed004sImageFlowUploadSendReceiveFetch() {
        ChatFixture f = ChatFixture.create();
        JsonObject file = upload(f.customerToken(), "hair.png", "image/png", MediaSamples.png(40, 30)).json();
        try (WsClient staff = f.staffSocket(); WsClient customer = f.customerSocket()) {
            f.join(staff);
            f.join(customer);
            customer.send(obj("type", "send_message", "chat_id", f.chatId(), "message_type", "image",
                    "media_url", file.getString("file_url"), "content", "Like this?"));
            JsonObject message = staff.next("message").getJsonObject("message");
            assertEquals("image", message.getString("message_type"));
            assertTrue(file.getString("file_url").endsWith(message.getString("media_url")), "Parley's own path");
            assertEquals("hair.png", message.getString("file_name"));
            assertEquals(file.getInt("file_size"), message.getInt("file_size"));
            assertEquals("Like this?", message.getString("content"), "the caption");
            Reply fetched = get(Api.base() + message.getString("media_url") + "?token=" + f.staffToken());
            assertEquals(200, fetched.status());
            assertEquals("image/png", fetched.header("Content-Type"));
        }
    }
}
