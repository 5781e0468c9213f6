package dev.parley.it.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The browser tests' website: the guides' components as src/test/widget bundles them (target/widget), served
 * from another origin than Parley's, which Parley's CORS list names (see TestEnvironment).
 */
final class WebsiteServer implements AutoCloseable {

    private static final Path ROOT = Path.of("target/widget");
    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png");

    private final HttpServer server;
    private final Map<String, String> pages = new java.util.concurrent.ConcurrentHashMap<>();

    private WebsiteServer(HttpServer server) {
        this.server = server;
    }

    /** Serves target/widget on the port TestEnvironment picked, once the build has put {@code files} there. */
    static WebsiteServer start(String... files) throws IOException {
        for (String file : files) {
            if (!Files.isRegularFile(ROOT.resolve(file))) {
                throw new IllegalStateException(ROOT.toAbsolutePath() + "/" + file + " is missing: the "
                        + "pre-integration-test phase builds it (npm ci and npm run build in src/test/widget)");
            }
        }
        String port = System.getProperty("parley.it.widget-port");
        if (port == null) {
            throw new IllegalStateException("parley.it.widget-port is not set: TestEnvironment picks it with Parley's port");
        }
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(port)), 0);
        WebsiteServer website = new WebsiteServer(server);
        server.createContext("/", website::serve);
        server.start();
        return website;
    }

    /** Serves {@code html} at {@code /name}, a page a test writes itself. */
    void page(String name, String html) {
        pages.put("/" + name, html);
    }

    /** The website's URL of {@code pathAndQuery}, such as {@code index.html?api=...}. */
    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + pathAndQuery;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String page = pages.get(exchange.getRequestURI().getPath());
        if (page == null) {
            serveFile(exchange);
            return;
        }
        try (exchange) {
            byte[] html = page.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPES.get("html"));
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
        }
    }

    private static void serveFile(HttpExchange exchange) throws IOException {
        try {
            Path root = ROOT.toAbsolutePath().normalize();
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
            if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type",
                    CONTENT_TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream"));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(file, body);
            }
        } finally {
            exchange.close();
        }
    }
}
