package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class StaffAuthIT {

    @Test
    void loginAnswersTokensAndTheUser() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply reply = Api.post("/api/v1/auth/login", obj("email", tenant.ownerEmail(), "password", TestTenant.PASSWORD));
        assertEquals(200, reply.status(), reply::toString);
        JsonObject body = reply.json();
        assertEquals("bearer", body.getString("token_type"));
        assertEquals(900, body.getInt("expires_in"));
        assertTrue(body.getString("refresh_token").startsWith("rt_"));
        assertEquals(tenant.ownerId(), body.getJsonObject("user").getJsonNumber("id").longValue());
        assertFalse(body.containsKey("customer"));
    }

    @Test
    void accessTokenCarriesTheClaimsMicroProfileJwtAndClientsNeed() {
        TestTenant tenant = TestTenant.signUp();
        String token = Api.post("/api/v1/auth/login", obj("email", tenant.ownerEmail(), "password", TestTenant.PASSWORD))
                .json().getString("access_token");
        JsonObject header = Tokens.header(token);
        assertEquals("RS256", header.getString("alg"));
        assertTrue(header.containsKey("kid"));
        JsonObject claims = Tokens.claims(token);
        assertEquals("parley", claims.getString("iss"));
        assertEquals(Long.toString(tenant.ownerId()), claims.getString("sub"));
        assertEquals(tenant.ownerEmail(), claims.getString("upn"));
        assertEquals(tenant.id(), claims.getString("tenant_id"));
        assertEquals("user", claims.getString("participant_type"));
        assertEquals("owner", claims.getString("role"));
        assertEquals(java.util.List.of("owner", "admin", "staff"),
                claims.getJsonArray("groups").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
        long iat = claims.getJsonNumber("iat").longValue();
        assertEquals(900, claims.getJsonNumber("exp").longValue() - iat);
        assertTrue(Math.abs(iat - System.currentTimeMillis() / 1000) < 120, "issued now");
        assertFalse(claims.getString("jti").isBlank());
    }

    @Test
    void wrongPasswordAndUnknownEmailFailAlike() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply wrongPassword = Api.post("/api/v1/auth/login", obj("email", tenant.ownerEmail(), "password", "not it at all"));
        Api.Reply unknownEmail = Api.post("/api/v1/auth/login",
                obj("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", TestTenant.PASSWORD));
        assertEquals(401, wrongPassword.status());
        assertEquals(401, unknownEmail.status());
        assertEquals(wrongPassword.body(), unknownEmail.body(), "the answer does not tell which part was wrong");
        assertEquals("invalid_credentials", wrongPassword.error());
    }

    @Test
    void tokenAuthenticatesAndMeSaysWho() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply me = Api.get("/api/v1/auth/me", tenant.owner());
        assertEquals(200, me.status(), me::toString);
        assertEquals(tenant.id(), me.json().getString("tenant_id"));
        assertEquals("user", me.json().getString("participant_type"));
        assertEquals(tenant.ownerEmail(), me.json().getJsonObject("user").getString("email"));
    }

    @Test
    void refreshRotatesAndASpentRefreshTokenIsRefused() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply first = Api.post("/api/v1/auth/refresh", obj("refresh_token", tenant.ownerRefreshToken()));
        assertEquals(200, first.status(), first::toString);
        String next = first.json().getString("refresh_token");
        assertNotEquals(tenant.ownerRefreshToken(), next);
        assertEquals(tenant.ownerId(), first.json().getJsonObject("user").getJsonNumber("id").longValue());
        assertEquals(200, Api.get("/api/v1/auth/me", bearer(first.json().getString("access_token"))).status());

        Api.Reply replay = Api.post("/api/v1/auth/refresh", obj("refresh_token", tenant.ownerRefreshToken()));
        assertEquals(401, replay.status(), replay::toString);
        assertEquals("invalid_refresh_token", replay.error());

        Api.Reply garbage = Api.post("/api/v1/auth/refresh", obj("refresh_token", "rt_nonsense"));
        assertEquals(401, garbage.status());
    }

    @Test
    void logoutWithoutATokenIsAValidationError() {
        Api.Reply reply = Api.post("/api/v1/auth/logout", obj());
        assertEquals(400, reply.status(), reply::toString);
        assertTrue(reply.json().getString("message").startsWith("refresh_token"), reply::toString);
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        TestTenant tenant = TestTenant.signUp();
        assertEquals(204, Api.post("/api/v1/auth/logout", obj("refresh_token", tenant.ownerRefreshToken())).status());
        assertEquals(401, Api.post("/api/v1/auth/refresh", obj("refresh_token", tenant.ownerRefreshToken())).status());
    }

    @Test
    void forgedOrGarbledTokensAreRefusedWithAJsonError() {
        TestTenant tenant = TestTenant.signUp();
        String[] parts = tenant.ownerToken().split("\\.");
        // Same header and signature, claims changed to another tenant: the signature no longer matches.
        String forgedClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                Tokens.claims(tenant.ownerToken()).toString().replace(tenant.id(), UUID.randomUUID().toString())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String token : new String[] {parts[0] + "." + forgedClaims + "." + parts[2], "not-a-jwt", tenant.ownerToken() + "x"}) {
            Api.Reply reply = Api.get("/api/v1/auth/me", bearer(token));
            assertEquals(401, reply.status(), reply::toString);
            assertEquals("unauthorized", reply.error());
            assertEquals("Bearer", reply.header("WWW-Authenticate"));
        }
    }

    @Test
    void anEmailInTwoTenantsNeedsTheTenantOnlyWhenThePasswordOpensBoth() {
        TestTenant first = TestTenant.signUp();
        TestTenant second = TestTenant.signUp();
        String email = "shared-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        for (TestTenant tenant : new TestTenant[] {first, second}) {
            assertEquals(201, Api.post("/api/v1/users",
                    obj("name", "Shared", "email", email, "password", TestTenant.PASSWORD, "role", "staff"),
                    tenant.owner()).status());
        }
        Api.Reply ambiguous = Api.post("/api/v1/auth/login", obj("email", email, "password", TestTenant.PASSWORD));
        assertEquals(409, ambiguous.status(), ambiguous::toString);
        assertEquals("tenant_required", ambiguous.error());

        Api.Reply named = Api.post("/api/v1/auth/login", obj("email", email, "password", TestTenant.PASSWORD,
                "tenant", second.slug()));
        assertEquals(200, named.status(), named::toString);
        assertEquals(second.id(), Tokens.claims(named.json().getString("access_token")).getString("tenant_id"));
    }

    @Test
    void deactivatedUsersCannotLogInOrRefresh() {
        TestTenant tenant = TestTenant.signUp();
        JsonObject staff = tenant.userWithRole("staff");
        long id = staff.getJsonObject("user").getJsonNumber("id").longValue();
        assertEquals(204, Api.delete("/api/v1/users/" + id, tenant.owner()).status());
        Api.Reply login = Api.post("/api/v1/auth/login", obj("email", staff.getJsonObject("user").getString("email"),
                "password", TestTenant.PASSWORD));
        assertEquals(401, login.status(), login::toString);
        Api.Reply refresh = Api.post("/api/v1/auth/refresh", obj("refresh_token", staff.getString("refresh_token")));
        assertEquals(401, refresh.status(), refresh::toString);
    }
}
