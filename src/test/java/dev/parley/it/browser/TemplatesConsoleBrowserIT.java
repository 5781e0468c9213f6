package dev.parley.it.browser;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.it.Api;
import dev.parley.it.TestTenant;
import jakarta.json.JsonObject;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Staff keep the tenant's prompt templates in the console: a saved one is listed, a new one is stored. */
@ExtendWith(ArquillianExtension.class)
class TemplatesConsoleBrowserIT {

    @Test
    void staffSeeSavedTemplatesAndWriteNewOnes() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply saved = Api.post("/api/v1/templates", obj("title", "Refund replies", "category", "support",
                "content", "You are a kind support agent. Answer a refund request in three sentences."), tenant.owner());
        assertEquals(201, saved.status(), saved::toString);
        try (Browser staff = Browser.desktop()) {
            ConsoleBrowserIT.signInStaff(staff, Api.base(), tenant);
            staff.click("#tab-admin");
            staff.until(d -> staff.all("tr[data-testid=tpl-row]").stream()
                    .anyMatch(row -> row.getText().contains("Refund replies")), "the saved template in the list");
            staff.type("#tpl-title", "Product descriptions");
            staff.type("#tpl-category-input", "writing");
            staff.type("#tpl-content", "You are a copywriter. Describe the product in under 80 words.");
            staff.click("#tpl-save");
            staff.until(d -> staff.all("tr[data-testid=tpl-row]").stream()
                    .anyMatch(row -> row.getText().contains("Product descriptions")), "the new template in the list");
        }
        JsonObject writing = Api.get("/api/v1/templates?category=writing", tenant.owner()).json();
        assertEquals(1, writing.getInt("total"), writing::toString);
        assertEquals("Product descriptions", writing.getJsonArray("items").getJsonObject(0).getString("title"));
    }
}
