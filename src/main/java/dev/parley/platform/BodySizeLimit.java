package dev.parley.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses API request bodies over {@code parley.http.max-body-bytes} with 413:
 * at once when the declared length is too large, and while reading when a
 * body without a length runs over. Bulk sync pushes, which are read as a
 * stream, have their own, larger limit ({@code parley.sync.max-body-bytes}), and uploads theirs
 * ({@code parley.media.max-bytes}, checked by the upload itself).
 */
public class BodySizeLimit extends HttpFilter {

    private long defaultMaxBytes;
    private long syncMaxBytes;

    @Override
    public void init() {
        var config = ConfigProvider.getConfig();
        defaultMaxBytes = config.getOptionalValue("parley.http.max-body-bytes", Long.class).orElse(1_048_576L);
        syncMaxBytes = config.getOptionalValue("parley.sync.max-body-bytes", Long.class).orElse(104_857_600L);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/api/v1/chat/upload")) {
            chain.doFilter(request, response); // uploads have their own limit (parley.media.max-bytes)
            return;
        }
        long maxBytes = path.startsWith("/api/sync/") || path.startsWith("/api/v1/sync/") ? syncMaxBytes : defaultMaxBytes;
        if (request.getContentLengthLong() > maxBytes) {
            // The body is not read: close the connection rather than leave it unread on a kept-alive socket.
            response.setHeader("Connection", "close");
            ErrorResponses.send(response, new ApiException(413, "payload_too_large",
                    "The request body is larger than " + maxBytes + " bytes"));
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream limited;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (limited == null) {
                    limited = new Limited(super.getInputStream(), maxBytes);
                }
                return limited;
            }
        }, response);
    }

    /** Thrown while reading a body that runs over the limit; answered as 413. */
    public static final class TooLarge extends IOException {
        TooLarge(long maxBytes) {
            super("The request body is larger than " + maxBytes + " bytes");
        }
    }

    private static final class Limited extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        Limited(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > maxBytes) {
                throw new TooLarge(maxBytes);
            }
        }

        @Override public boolean isFinished() { return in.isFinished(); }
        @Override public boolean isReady() { return in.isReady(); }
        @Override public void setReadListener(ReadListener listener) { in.setReadListener(listener); }
    }
}
