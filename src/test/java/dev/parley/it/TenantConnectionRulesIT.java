package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 000's URL (/ws?tenant_id=) never shows "Connected" to nothing; suspension ends a tenant's connections. */
@ExtendWith(ArquillianExtension.class)
class TenantConnectionRulesIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theDashboardUrlClosesWithAReasonWhenItCannotWork() {
        ChatFixture f = ChatFixture.create();
        ChatFixture other = ChatFixture.create();
        String[][] cases = {
                {"/ws?tenant_id=" + UUID.randomUUID(), "unknown tenant"},
                {"/ws?tenant_id=" + f.tenant().id(), "authentication required"},
                {"/ws?tenant_id=" + other.tenant().id() + "&token=" + f.staffToken(), "tenant mismatch"},
                {"/ws?tenant_id=" + UUID.randomUUID() + "&token=" + f.staffToken(), "unknown tenant"},
        };
        for (String[] c : cases) {
            try (WsClient socket = WsClient.connect(c[0])) {
                WsClient.Close close = socket.awaitClose(WAIT);
                assertEquals(1008, close.code(), c[0]);
                assertEquals(c[1], close.reason(), c[0]);
            }
        }
        try (WsClient ok = WsClient.connect("/ws?tenant_id=" + f.tenant().id() + "&token=" + f.staffToken())) {
            assertEquals("connected", ok.next().getString("type"));
        }
    }

    @Test
    void suspendingATenantClosesItsConnectionsAndRefusesItUntilResumed() {
        ChatFixture f = ChatFixture.create();
        ChatFixture bystander = ChatFixture.create();
        String[] operator = {"X-Platform-Key", TestEnvironment.OPERATOR_KEY};
        try (WsClient staff = f.staffSocket(); WsClient customer = f.customerSocket(); WsClient other = bystander.staffSocket()) {
            JsonObject listed = Api.get("/api/v1/platform/tenants", operator).array().getValuesAs(JsonObject.class)
                    .stream().filter(t -> t.getString("id").equals(f.tenant().id())).findFirst().orElseThrow();
            assertEquals(2, listed.getInt("connections"));

            Api.Reply suspended = Api.post("/api/v1/platform/tenants/" + f.tenant().id() + "/suspend", null, operator);
            assertEquals(200, suspended.status(), suspended::toString);
            assertEquals("suspended", suspended.json().getString("status"));
            assertEquals(2, suspended.json().getInt("closed_connections"));
            for (WsClient socket : new WsClient[] {staff, customer}) {
                WsClient.Close close = socket.awaitClose(WAIT);
                assertEquals(1008, close.code());
                assertEquals("tenant suspended", close.reason());
            }
            try (WsClient again = WsClient.connect("/ws?token=" + f.staffToken())) {
                assertEquals("tenant suspended", again.awaitClose(WAIT).reason());
            }
            Api.Reply api = Api.get("/api/v1/chat/chats", bearer(f.staffToken()));
            assertEquals(403, api.status());
            assertEquals("tenant_suspended", api.error());
            assertEquals(401, Api.post("/api/v1/auth/login", obj("email", f.tenant().ownerEmail(),
                    "password", TestTenant.PASSWORD)).status(), "no new logins");
            other.send(obj("type", "ping"));
            other.next("pong"); // other tenants are untouched: the connection still answers

            assertEquals("active", Api.post("/api/v1/platform/tenants/" + f.tenant().id() + "/resume", null, operator)
                    .json().getString("status"));
            assertEquals(200, Api.get("/api/v1/chat/chats", bearer(f.staffToken())).status());
        }
    }

    @Test
    void onlyThePlatformOperatorManagesTenants() {
        TestTenant tenant = TestTenant.signUp();
        assertEquals(403, Api.get("/api/v1/platform/tenants", tenant.owner()).status(), "a tenant owner is not the operator");
        assertEquals(401, Api.get("/api/v1/platform/tenants", "X-Platform-Key", "guess").status());
        assertEquals(401, Api.get("/api/v1/platform/tenants").status());
        assertEquals(404, Api.post("/api/v1/platform/tenants/" + UUID.randomUUID() + "/suspend", null,
                "X-Platform-Key", TestEnvironment.OPERATOR_KEY).status());
    }
}
