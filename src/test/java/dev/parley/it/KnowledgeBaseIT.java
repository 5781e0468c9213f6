package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The knowledge base over REST: who may write and read it, its search, and its tenant's walls. */
@ExtendWith(ArquillianExtension.class)
class KnowledgeBaseIT {

    @Test
    void adminsWriteStaffReadOthersAreRefused() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply created = Api.post("/api/v1/knowledge", obj("title", "Returns", "body",
                "Unused products can be returned within 30 days with their receipt.", "tags",
                Json.createArrayBuilder().add("refunds").add("returns").build()), tenant.owner());
        assertEquals(201, created.status(), created::toString);
        JsonObject entry = created.json();
        long id = entry.getJsonNumber("id").longValue();
        assertEquals(2, entry.getJsonArray("tags").size());

        String staff = tenant.userWithRole("staff").getString("access_token");
        assertEquals(200, Api.get("/api/v1/knowledge/" + id, Api.bearer(staff)).status());
        assertEquals(403, Api.post("/api/v1/knowledge", obj("title", "x", "body", "y"), Api.bearer(staff)).status());
        String customer = tenant.customer().getString("access_token");
        assertEquals(403, Api.get("/api/v1/knowledge", Api.bearer(customer)).status());
        assertEquals(401, Api.get("/api/v1/knowledge").status());

        Api.Reply changed = Api.patch("/api/v1/knowledge/" + id, obj("body",
                "Unused products can be returned within 60 days."), tenant.owner());
        assertEquals(200, changed.status(), changed::toString);
        assertEquals("Returns", changed.json().getString("title"), "only the fields given change");
        assertTrue(changed.json().getString("body").contains("60 days"));

        TestTenant other = TestTenant.signUp();
        assertEquals(404, Api.get("/api/v1/knowledge/" + id, other.owner()).status());
        assertEquals(404, Api.patch("/api/v1/knowledge/" + id, obj("title", "Mine"), other.owner()).status());
        assertEquals(404, Api.delete("/api/v1/knowledge/" + id, other.owner()).status());
        assertEquals(0, Api.get("/api/v1/knowledge", other.owner()).json().getInt("total"));

        assertEquals(204, Api.delete("/api/v1/knowledge/" + id, tenant.owner()).status());
        assertEquals(404, Api.get("/api/v1/knowledge/" + id, tenant.owner()).status());
    }

    @Test
    void badArticlesAreRefusedNamingTheField() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply noTitle = Api.post("/api/v1/knowledge", obj("body", "text"), tenant.owner());
        assertEquals(400, noTitle.status());
        assertTrue(noTitle.json().getString("message").contains("title"), noTitle::toString);
        Api.Reply badUrl = Api.post("/api/v1/knowledge", obj("title", "t", "body", "b", "url", "javascript:alert(1)"),
                tenant.owner());
        assertEquals(400, badUrl.status());
        assertTrue(badUrl.json().getString("message").contains("url"), badUrl::toString);
        Api.Reply badLanguage = Api.patch("/api/v1/tenants/" + tenant.slug(),
                obj("settings", obj("assistant", obj("language", "klingon"))), tenant.owner());
        assertEquals(400, badLanguage.status());
        assertTrue(badLanguage.json().getString("message").contains("language"), badLanguage::toString);
        Api.Reply badMode = Api.patch("/api/v1/tenants/" + tenant.slug(),
                obj("settings", obj("assistant", obj("mode", "magic"))), tenant.owner());
        assertEquals(400, badMode.status());
    }

    @Test
    void searchFindsAnArticleWordedDifferentlyBestFirst() {
        VisitorFixture f = VisitorFixture.create();
        JsonObject found = Api.get("/api/v1/knowledge?q=" + "what%20time%20do%20you%20open%20saturdays",
                f.tenant().owner()).json();
        JsonArray items = found.getJsonArray("items");
        assertEquals(1, items.size(), found::toString);
        assertEquals(VisitorFixture.HOURS_TITLE, items.getJsonObject(0).getString("title"), found::toString);
        assertEquals(1, found.getInt("total"), "parking shares no words with the question: " + found);
        JsonObject all = Api.get("/api/v1/knowledge", f.tenant().owner()).json();
        assertEquals(2, all.getInt("total"));

        // In German, the tenant's articles are indexed again with German stemming.
        f.article("Öffnungszeiten", "Samstags öffnen wir um 10 Uhr und schließen um 14 Uhr.", null);
        f.assistant("language", "german");
        JsonArray german = Api.get("/api/v1/knowledge?q=" + "Wann%20%C3%B6ffnen%20Sie%20samstags",
                f.tenant().owner()).json().getJsonArray("items");
        assertTrue(!german.isEmpty(), german::toString);
        assertEquals("Öffnungszeiten", german.getJsonObject(0).getString("title"), german::toString);
    }
}
