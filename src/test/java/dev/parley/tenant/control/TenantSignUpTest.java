package dev.parley.tenant.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TenantSignUpTest {

    @Test
    void slugsAreDerivedFromNamesAsLowercaseAsciiWithHyphens() {
        assertEquals("cafe-ole-co", TenantSignUp.slugify("Café Olé & Co."));
        assertEquals("miptech-company", TenantSignUp.slugify("  MIPTech   Company "));
        assertEquals("tenant", TenantSignUp.slugify("!!!"));
        assertEquals("ab-tenant", TenantSignUp.slugify("AB"));
        assertTrue(TenantSignUp.slugify("x".repeat(300)).length() <= 48);
    }

    @Test
    void derivedSlugsAreValidSlugs() {
        for (String name : new String[] {"Café Olé & Co.", "!!!", "AB", "Ünïcödé", "a - b", "x".repeat(300)}) {
            String slug = TenantSignUp.slugify(name);
            assertTrue(TenantSignUp.SLUG.matcher(slug).matches(), name + " -> " + slug);
        }
    }

    @Test
    void theSlugPatternRefusesWhatUrlsAndHeadersWouldMangle() {
        for (String bad : new String[] {"-abc", "abc-", "ab", "Has Caps", "under_score", "a/b", ""}) {
            assertFalse(TenantSignUp.SLUG.matcher(bad).matches(), bad);
        }
    }
}
