package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A tenant that lets website visitors in, with its knowledge base, and
 * visitors using it the way seed 002's widget does: the tenant's slug in
 * {@code X-Tenant-ID}, a session id of their own, no token. Each visitor
 * comes from an address of its own ({@code X-Forwarded-For}, believed from
 * loopback in the test server), so per-address limits couple no two tests.
 */
public record VisitorFixture(TestTenant tenant) {

    /** The knowledge base article most tests ask about. */
    public static final String HOURS_TITLE = "Opening hours";
    public static final String HOURS_BODY = "Our studio is open Monday to Friday from 9:00 to 18:00 and on Saturdays "
            + "from 10:00 to 14:00. On public holidays the studio stays closed.";

    public static VisitorFixture create() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply opened = Api.patch("/api/v1/tenants/" + tenant.slug(),
                obj("settings", obj("anonymous_access", true)), tenant.owner());
        assertEquals(200, opened.status(), opened::toString);
        VisitorFixture fixture = new VisitorFixture(tenant);
        fixture.article(HOURS_TITLE, HOURS_BODY, "https://example.test/hours");
        fixture.article("Parking", "Customers park for free in the courtyard behind the building; the entrance "
                + "is on Mill Street.", null);
        return fixture;
    }

    /** Adds an article to the knowledge base; answers its id. */
    public long article(String title, String body, String url) {
        Api.Reply created = Api.post("/api/v1/knowledge", obj("title", title, "body", body, "url", url),
                tenant.owner());
        assertEquals(201, created.status(), created::toString);
        return created.json().getJsonNumber("id").longValue();
    }

    /** Changes the tenant's assistant settings, e.g. {@code "mode", "remote", "instructions", "scenario:slow"}. */
    public void assistant(Object... settings) {
        Api.Reply changed = Api.patch("/api/v1/tenants/" + tenant.slug(),
                obj("settings", obj("assistant", obj(settings))), tenant.owner());
        assertEquals(200, changed.status(), changed::toString);
    }

    public Visitor visitor() {
        return new Visitor(this, UUID.randomUUID().toString(), randomAddress());
    }

    static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    /** One visitor: a widget session and the address it comes from. */
    public record Visitor(VisitorFixture fixture, String sessionId, String address) {

        public String[] headers(String... more) {
            String[] headers = new String[4 + more.length];
            headers[0] = "X-Tenant-ID";
            headers[1] = fixture.tenant().slug();
            headers[2] = "X-Forwarded-For";
            headers[3] = address;
            System.arraycopy(more, 0, headers, 4, more.length);
            return headers;
        }

        /** Opens a chat as the widget does; answers the chat. */
        public JsonObject openChat() {
            Api.Reply created = Api.post("/api/v1/chat/", obj("session_id", sessionId, "visitor_id", "v-" + sessionId,
                    "title", "Website Chat", "context", obj("page_url", "https://example.test/pricing",
                            "user_agent", "Mozilla/5.0 (Test)", "referrer", "")), headers());
            assertEquals(201, created.status(), created::toString);
            return created.json();
        }

        /** Posts a message as the widget does; answers the HTTP answer (the assistant's reply on 201). */
        public Api.Reply say(String chatId, String content) {
            return Api.post("/api/v1/chat/" + chatId + "/messages", obj("content", content, "role", "user",
                    "metadata", Json.createObjectBuilder().add("page_url", "https://example.test/").build()),
                    headers());
        }

        /** The widget's socket ({@code /api/v1/ws}), connected and authenticated. */
        public WsClient socket(String query) {
            WsClient socket = WsClient.connect("/api/v1/ws?tenant_id=" + fixture.tenant().slug() + "&session_id="
                    + sessionId + (query.isEmpty() ? "" : "&" + query));
            assertEquals("connected", socket.next().getString("type"));
            return socket;
        }
    }
}
