package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets a clear error in one JSON shape, and loses nothing. */
@ExtendWith(ArquillianExtension.class)
class ErrorsIT {

    @Test
    void malformedJsonIsInvalidJson() {
        Api.Reply reply = Api.post("/api/v1/auth/login", "{\"email\": ");
        assertEquals(400, reply.status(), reply::toString);
        assertEquals("invalid_json", reply.error());
    }

    @Test
    void wrongTypesAreInvalidJson() {
        Api.Reply reply = Api.post("/api/v1/tenants", "{\"name\":\"X\",\"owner\":\"not an object\"}");
        assertEquals(400, reply.status(), reply::toString);
        assertEquals("invalid_json", reply.error());
        assertTrue(reply.json().getString("message").contains("owner"), reply::toString);
    }

    @Test
    void missingAndInvalidFieldsAreNamed() {
        Api.Reply missingNested = Api.post("/api/v1/tenants",
                obj("name", "X", "owner", obj("name", "O", "password", "long enough 1")));
        assertEquals(400, missingNested.status(), missingNested::toString);
        assertEquals("validation_failed", missingNested.error());
        assertTrue(missingNested.json().getString("message").startsWith("owner.email:"), missingNested::toString);

        Api.Reply badEmail = Api.post("/api/v1/tenants",
                obj("name", "X", "owner", obj("name", "O", "email", "not-an-email", "password", "long enough 1")));
        assertTrue(badEmail.json().getString("message").startsWith("owner.email:"), badEmail::toString);

        Api.Reply snakeCase = Api.post("/api/v1/auth/refresh", obj());
        assertTrue(snakeCase.json().getString("message").startsWith("refresh_token:"), snakeCase::toString);

        Api.Reply noBody = Api.send("POST", "/api/v1/auth/login", null, "Content-Type", "application/json");
        assertEquals(400, noBody.status(), noBody::toString);
        assertEquals("validation_failed", noBody.error());
    }

    @Test
    void oversizedBodiesAre413WithOrWithoutALength() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        Api.Reply declared = Api.post("/api/v1/tenants", big);
        assertEquals(413, declared.status(), () -> declared.status() + "");
        assertEquals("payload_too_large", declared.error());

        // Chunked: no Content-Length, so the limit applies while reading.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(Api.base() + "/api/v1/tenants"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("payload_too_large"), response.body());
    }

    @Test
    void unknownRoutesMethodsAndMediaTypesAreJsonErrors() throws IOException {
        Api.Reply api = Api.get("/api/v1/no/such/route");
        assertEquals(404, api.status());
        assertEquals("not_found", api.error());

        Api.Reply page = Api.get("/no/such/page");
        assertEquals(404, page.status());
        assertEquals("not_found", page.error());

        Api.Reply method = Api.send("PUT", "/api/v1/auth/login", "{}");
        assertEquals(405, method.status(), method::toString);
        assertEquals("method_not_allowed", method.error());

        Api.Reply mediaType = Api.send("POST", "/api/v1/auth/login", "email=a", "Content-Type",
                "application/x-www-form-urlencoded");
        assertEquals(415, mediaType.status(), mediaType::toString);
        assertEquals("unsupported_media_type", mediaType.error());

        Api.Reply badId = Api.get("/api/v1/users/not-a-number", TestTenant.signUp().owner());
        assertEquals(404, badId.status(), badId::toString);
    }

    @Test
    void aFailedSignUpStoresNothing() {
        String slug = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Api.Reply bad = Api.post("/api/v1/tenants",
                obj("name", "X", "slug", slug, "owner", obj("name", "O", "email", "o@example.test", "password", "short")));
        assertEquals(400, bad.status(), bad::toString);
        Api.Reply good = Api.post("/api/v1/tenants",
                obj("name", "X", "slug", slug, "owner", obj("name", "O", "email", "o@example.test", "password", "long enough 1")));
        assertEquals(201, good.status(), "the slug was not taken by the failed attempt: " + good);
    }
}
