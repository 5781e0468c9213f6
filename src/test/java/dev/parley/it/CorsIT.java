package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Browser pages on other origins (the seeds' dashboards run on localhost:3000) see real answers, errors included. */
@ExtendWith(ArquillianExtension.class)
class CorsIT {

    static final String ORIGIN = "http://localhost:3000";
    static final String SEED_HEADERS = "Authorization, Content-Type, X-Tenant-ID, X-Tenant, Tenant-ID, tenant";

    @Test
    void preflightIsAnsweredForEveryMethodAndTheSeedsHeaders() {
        for (String method : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
            Api.Reply reply = Api.send("OPTIONS", "/api/v1/users", null, "Origin", ORIGIN,
                    "Access-Control-Request-Method", method, "Access-Control-Request-Headers", SEED_HEADERS);
            assertEquals(204, reply.status(), method + " " + reply);
            assertEquals(ORIGIN, reply.header("Access-Control-Allow-Origin"));
            assertTrue(reply.header("Access-Control-Allow-Methods").contains(method));
            assertEquals(SEED_HEADERS, reply.header("Access-Control-Allow-Headers"));
        }
    }

    @Test
    void otherOriginsAreNotGranted() {
        Api.Reply preflight = Api.send("OPTIONS", "/api/v1/users", null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "GET");
        assertEquals(403, preflight.status(), preflight::toString);
        assertEquals("cors_rejected", preflight.error());
        assertNull(preflight.header("Access-Control-Allow-Origin"));

        Api.Reply simple = Api.get("/health", "Origin", "https://evil.example");
        assertNull(simple.header("Access-Control-Allow-Origin"));

        Api.Reply unknownHeader = Api.send("OPTIONS", "/api/v1/users", null, "Origin", ORIGIN,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "X-Secret-Sauce");
        assertEquals(403, unknownHeader.status(), unknownHeader::toString);
    }

    @Test
    void corsHeadersAreOnSuccessesAndOnEveryKindOfError() {
        TestTenant tenant = TestTenant.signUp();
        TestTenant other = TestTenant.signUp();
        Api.Reply ok = Api.get("/api/v1/users", "Origin", ORIGIN, "Authorization", "Bearer " + tenant.ownerToken());
        Api.Reply invalidToken = Api.get("/api/v1/users", "Origin", ORIGIN, "Authorization", "Bearer not.a.token");
        Api.Reply noToken = Api.get("/api/v1/users", "Origin", ORIGIN);
        Api.Reply mismatch = Api.get("/api/v1/users", "Origin", ORIGIN, "Authorization", "Bearer " + tenant.ownerToken(),
                "X-Tenant-ID", other.id());
        Api.Reply forbidden = Api.get("/api/v1/users", "Origin", ORIGIN,
                "Authorization", "Bearer " + tenant.customer().getString("access_token"));
        Api.Reply crossTenant = Api.get("/api/v1/users/" + other.ownerId(), "Origin", ORIGIN,
                "Authorization", "Bearer " + tenant.ownerToken());
        Api.Reply unknownRoute = Api.get("/api/v1/nowhere", "Origin", ORIGIN);
        Api.Reply unknownPage = Api.get("/nowhere.html", "Origin", ORIGIN);
        Api.Reply badLogin = Api.post("/api/v1/auth/login", obj("email", "x@example.test", "password", "nope nope"),
                "Origin", ORIGIN);

        Object[][] expected = {
                {ok, 200}, {invalidToken, 401}, {noToken, 401}, {mismatch, 403}, {forbidden, 403},
                {crossTenant, 404}, {unknownRoute, 404}, {unknownPage, 404}, {badLogin, 401}};
        for (Object[] row : expected) {
            Api.Reply reply = (Api.Reply) row[0];
            assertEquals(row[1], reply.status(), reply::toString);
            assertEquals(ORIGIN, reply.header("Access-Control-Allow-Origin"), reply::toString);
            assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
        }
        assertEquals("unauthorized", invalidToken.error());
    }

    @Test
    void pagesServedByParleyItselfAreSameOrigin() {
        String self = Api.base();
        Api.Reply reply = Api.send("OPTIONS", "/api/v1/users", null, "Origin", self,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        assertEquals(204, reply.status(), reply::toString);
        assertEquals(self, reply.header("Access-Control-Allow-Origin"));
    }
}
