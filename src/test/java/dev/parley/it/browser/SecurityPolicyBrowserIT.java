package dev.parley.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.it.Api;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pages work under their Content-Security-Policy: nothing they need is refused, and no site can
 * frame them.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityPolicyBrowserIT {

    private static List<String> refusals(Browser browser) {
        return browser.consoleMessages().stream().filter(m -> m.contains("Content Security Policy")).toList();
    }

    @Test
    void theApiDocsAndTheStartPageRunUnderTheirPolicies() {
        try (Browser browser = Browser.desktop()) {
            browser.open(Api.base() + "/docs/");
            browser.untilText(".swagger-ui .info .title", "Parley");
            browser.find(".swagger-ui .opblock"); // the operations rendered from /openapi
            assertEquals(List.of(), refusals(browser), "the docs need nothing their policy refuses");

            browser.open(Api.base() + "/");
            browser.untilText("h1", "Parley");
            assertEquals("640px", browser.script("return getComputedStyle(document.body).maxWidth"),
                    "styled by index.css (40rem)");
            assertEquals(List.of(), refusals(browser));
        }
    }

    @Test
    void noPageCanBeFramedByAnotherSite() throws java.io.IOException {
        try (WebsiteServer website = WebsiteServer.start(); Browser browser = Browser.desktop()) {
            website.page("framing.html", "<!doctype html><iframe src=\"" + Api.base() + "/console/\"></iframe>"
                    + "<iframe src=\"" + Api.base() + "/docs/\"></iframe>");
            browser.open(website.url("framing.html"));
            List<String> refused = new ArrayList<>();
            browser.until(d -> {
                browser.consoleMessages().stream()
                        .filter(m -> m.contains("frame-ancestors") || m.contains("X-Frame-Options")).forEach(refused::add);
                return refused.size() >= 2;
            }, "both frames refused");
            // Chromium names the framing page, not the framed one: two refusals, one for each frame.
            assertEquals(2, refused.size(), refused::toString);
            assertTrue(refused.stream().allMatch(m -> m.contains("frame-ancestors 'none'")), refused::toString);
        }
    }
}
