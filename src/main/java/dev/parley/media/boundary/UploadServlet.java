package dev.parley.media.boundary;

import dev.parley.chat.boundary.ChatActors;
import dev.parley.chat.control.Actor;
import dev.parley.identity.control.Caller;
import dev.parley.identity.control.VisitorLimits;
import dev.parley.identity.entity.Visitor;
import dev.parley.media.control.UploadLimits;
import dev.parley.media.control.Uploads;
import dev.parley.media.entity.MediaFile;
import dev.parley.platform.ApiException;
import dev.parley.platform.ErrorResponses;
import dev.parley.platform.Json;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/v1/chat/upload} (multipart, the file in a part named {@code file}), seed 004's upload, for
 * staff and customers (bearer token) and for website visitors of tenants that admit them (their session):
 * {@code 201 {"file_url","file_name","file_type","file_size","thumbnail_url"}}. A body declared larger than
 * the limit is refused before it is read; the container keeps large parts on disk, never in memory
 * ({@code max-request-size} is only the hard ceiling: Parley's own limit is {@code parley.media.max-bytes}).
 */
@WebServlet("/api/v1/chat/upload")
@MultipartConfig(fileSizeThreshold = 1024 * 1024, maxRequestSize = 512L * 1024 * 1024)
public class UploadServlet extends HttpServlet {

    /** Room for the multipart framing around the file. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    @Inject
    Uploads uploads;

    @Inject
    ChatActors actors;

    @Inject
    VisitorCallers visitorCallers;

    @Inject
    VisitorLimits limits;

    @Inject
    UploadLimits uploadLimits;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Actor uploader = uploader(request);
            uploadLimits.take(uploader);
            if (request.getContentLengthLong() < 0) {
                // Without a declared length the container would write the whole body to disk before Parley
                // could refuse it; browsers and HTTP clients declare the length of a form they send.
                throw new ApiException(411, "length_required", "Send the upload with a Content-Length");
            }
            if (request.getContentLengthLong() > uploads.maxBytes() + MULTIPART_OVERHEAD) {
                response.setHeader("Connection", "close"); // the body is not read
                throw new ApiException(413, "payload_too_large", "A file may have at most " + uploads.maxBytes()
                        + " bytes");
            }
            String contentType = request.getContentType();
            if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
                throw new ApiException(415, "unsupported_media_type", "Send the file as multipart/form-data");
            }
            Part part = part(request);
            MediaFile file;
            try (InputStream content = part.getInputStream()) {
                file = uploads.accept(uploader, part.getSubmittedFileName(), content);
            } finally {
                part.delete(); // the container's temporary copy
            }
            String base = MediaServlet.base(request);
            response.setStatus(HttpServletResponse.SC_CREATED);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(Json.write(UploadView.of(file, base)));
        } catch (ApiException refused) {
            ErrorResponses.send(response, refused);
        }
    }

    /** Staff and customers by their token; a website visitor by its session, within its message allowance. */
    private Actor uploader(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        if (caller.isAuthenticated()) {
            return actors.of(caller);
        }
        Visitor visitor = visitorCallers.of(request, caller.tenantId()).orElseThrow(() -> ApiException.unauthorized(
                "Authentication required: send a bearer token, or the X-Tenant-ID and X-Session-ID of a visitor's chat"));
        limits.takeMessage(caller.tenantId(), visitor.getId()); // an upload counts as a message
        return Actor.visitor(visitor.getId());
    }

    private static Part part(HttpServletRequest request) throws IOException {
        try {
            Part part = request.getPart("file");
            if (part == null) {
                throw ApiException.invalidField("file", "required: the file, in a part named file");
            }
            return part;
        } catch (IllegalStateException tooLarge) { // the container's ceiling
            throw new ApiException(413, "payload_too_large", "The request body is too large");
        } catch (ServletException | IOException notMultipart) { // a broken or unterminated multipart body
            throw ApiException.badRequest("validation_failed", "The multipart body could not be read");
        }
    }

    /** {@code {"file_url":"…","file_name":"photo.jpg","file_type":"image/jpeg","file_size":48213,"thumbnail_url":"…"}} */
    public record UploadView(String fileUrl, String fileName, String fileType, long fileSize, String thumbnailUrl) {

        static UploadView of(MediaFile file, String base) {
            return new UploadView(base + MediaServlet.PATH + file.getKey(), file.getFileName(), file.getFileType(),
                    file.getFileSize(), file.getThumbnailKey() == null ? null
                    : base + MediaServlet.PATH + file.getThumbnailKey());
        }
    }
}
