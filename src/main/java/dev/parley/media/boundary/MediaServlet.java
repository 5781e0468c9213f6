package dev.parley.media.boundary;

import dev.parley.identity.control.Caller;
import dev.parley.identity.control.TokenVerifier;
import dev.parley.media.control.MediaTypes;
import dev.parley.media.control.Uploads;
import dev.parley.media.entity.MediaFile;
import dev.parley.platform.ApiException;
import dev.parley.platform.ErrorResponses;
import dev.parley.platform.QueryString;
import dev.parley.realtime.control.SocketAuthentication;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/media/{key}}: an upload's bytes (or its thumbnail's), only to callers of the tenant
 * that uploaded it, with a bearer token or {@code ?token=} (so that {@code <img>} and {@code <audio>} work),
 * and to its website visitors for the files of their own chats (by their session); anyone else gets {@code 404}, whatever the key. Files never change: they carry an {@code ETag} and
 * long-lived private caching, answer {@code Range} requests (seeking in voice notes), and everything but
 * images is served as an attachment.
 */
@WebServlet("/api/v1/media/*")
public class MediaServlet extends HttpServlet {

    static final String PATH = "/api/v1/media/";
    private static final Logger LOG = Logger.getLogger(MediaServlet.class.getName());
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    @Inject
    Uploads uploads;

    @Inject
    SocketAuthentication authentication;

    @Inject
    VisitorCallers visitorCallers;

    /** What a request asks for: an upload, or its thumbnail, of the caller's tenant. */
    private record Served(MediaFile file, UUID key, String type, long size, String etag) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            UUID key = key(request);
            Viewer viewer = viewerOf(request);
            Served served = CurrentTenant.call(viewer.tenant(), () -> find(key)
                            .filter(s -> viewer.visitor() == null || uploads.visibleToVisitor(s.file(), viewer.visitor())))
                    .orElseThrow(() -> ApiException.notFound("File"));
            serve(request, response, served);
        } catch (ApiException refused) {
            ErrorResponses.send(response, refused);
        }
    }

    private Optional<Served> find(UUID key) {
        Optional<Served> file = uploads.find(key).map(f -> new Served(f, key, f.getFileType(), f.getFileSize(),
                "\"" + f.getSha256() + "\""));
        if (file.isPresent()) {
            return file;
        }
        return uploads.findByThumbnail(key).map(f -> new Served(f, key, f.getFileType(), f.getThumbnailSize(),
                "\"" + f.getSha256() + "-thumbnail\""));
    }

    private static UUID key(HttpServletRequest request) {
        String path = request.getPathInfo();
        try {
            return UUID.fromString(path == null ? "" : path.substring(1));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("File");
        }
    }

    /** Who asks: a tenant's staff or customer, or one of its website visitors (who sees only its own chats' files). */
    private record Viewer(UUID tenant, Long visitor) {
    }

    /**
     * The caller: by its bearer token (already checked by the caller filter) or {@code ?token=}; else a
     * visitor by its session. Anyone else learns nothing, not even that the file exists.
     */
    private Viewer viewerOf(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        if (caller.isAuthenticated() && caller.tenantId() != null) {
            return new Viewer(caller.tenantId(), null);
        }
        String token = QueryString.first(request, "token");
        if (token != null) {
            try {
                return new Viewer(authentication.authenticate(token, List.of(), null).tenantId(), null);
            } catch (TokenVerifier.Rejected rejected) {
                throw ApiException.notFound("File");
            }
        }
        return visitorCallers.of(request, caller.tenantId()).map(v -> new Viewer(caller.tenantId(), v.getId()))
                .orElseThrow(() -> ApiException.notFound("File"));
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, Served served) throws IOException {
        if (served.etag().equals(request.getHeader("If-None-Match"))) {
            cacheHeaders(response, served);
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        long size = served.size();
        long[] range = range(request.getHeader("Range"), size);
        if (range != null && range.length == 0) {
            unsatisfiable(response, size);
            return;
        }
        long start = range == null ? 0 : range[0];
        long end = range == null ? size - 1 : range[1];
        InputStream in;
        try {
            in = uploads.open(served.key(), start); // before any header: a missing file is a plain 404
        } catch (NoSuchFileException missing) {
            throw ApiException.notFound("File");
        } catch (IOException storeFailed) {
            LOG.log(Level.WARNING, "Reading an upload failed: {0}", storeFailed.getMessage());
            throw ApiException.unavailable("storage_unavailable", "The file cannot be read right now; try again");
        }
        try (in) {
            cacheHeaders(response, served);
            String name = served.file().getFileName();
            response.setHeader("Content-Disposition", (MediaTypes.isImage(served.type()) ? "inline" : "attachment")
                    + "; filename=\"" + name.replaceAll("[^\\x20-\\x7E]|[\\\\\"]", "_") + "\"; filename*=UTF-8''"
                    + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A"));
            response.setContentType(served.type());
            if (range != null) {
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            long length = end - start + 1;
            response.setContentLengthLong(length);
            var out = response.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private static void cacheHeaders(HttpServletResponse response, Served served) {
        response.setHeader("ETag", served.etag());
        response.setHeader("Cache-Control", "private, max-age=31536000, immutable");
        response.setHeader("Accept-Ranges", "bytes");
    }

    /**
     * The one byte range asked for, as {start, end}; null to send the whole file (no Range header, or one
     * that does not parse or asks for several ranges: ignored, as HTTP allows); empty when it lies outside the file.
     */
    static long[] range(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher matcher = RANGE.matcher(header.strip().toLowerCase(java.util.Locale.ROOT));
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return null;
        }
        try {
            long start;
            long end;
            if (matcher.group(1).isEmpty()) { // the last n bytes
                start = Math.max(0, size - Long.parseLong(matcher.group(2)));
                end = size - 1;
            } else {
                start = Long.parseLong(matcher.group(1));
                end = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(matcher.group(2)));
            }
            if (start > end && !matcher.group(2).isEmpty() && Long.parseLong(matcher.group(2)) < start) {
                return null; // reversed: not a valid range, so ignored
            }
            return start >= size || start > end ? new long[0] : new long[] {start, end};
        } catch (NumberFormatException huge) {
            return null;
        }
    }

    private static void unsatisfiable(HttpServletResponse response, long size) throws IOException {
        response.setHeader("Content-Range", "bytes */" + size);
        ErrorResponses.send(response, new ApiException(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE,
                "range_not_satisfiable", "The range lies outside the file of " + size + " bytes"));
    }

    /** The server's own address as the client used it, for the URLs of uploads. */
    static String base(HttpServletRequest request) {
        return request.getScheme() + "://" + request.getHeader("Host") + request.getContextPath();
    }
}
