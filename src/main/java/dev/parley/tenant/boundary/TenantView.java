package dev.parley.tenant.boundary;

import dev.parley.tenant.entity.Tenant;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant with its settings. {@code effective_mode} is how the assistant
 * really answers: {@code builtin} where {@code remote} is chosen but ops
 * configured no remote model.
 *
 * <pre>{"id":"3f…","slug":"acme","name":"Acme","status":"active",
 *  "settings":{"anonymous_access":false,"customer_registration":false,
 *   "assistant":{"mode":"builtin","effective_mode":"builtin","name":null,"greeting":null,"instructions":null,
 *   "language":"english"}},"created_at":"…"}</pre>
 */
public record TenantView(UUID id, String slug, String name, String status, Settings settings, Instant createdAt) {

    public record Settings(boolean anonymousAccess, boolean customerRegistration, AssistantSettings assistant) {
    }

    public record AssistantSettings(String mode, String effectiveMode, String name, String greeting,
                                    String instructions, String language) {
    }

    /** The tenant as clients see it, without the assistant's settings (for callers who may not read them). */
    public static TenantView of(Tenant tenant) {
        return of(tenant, null);
    }

    /** With the assistant's settings; {@code effectiveMode} as ops' configuration makes it. */
    public static TenantView of(Tenant tenant, String effectiveMode) {
        AssistantSettings assistant = effectiveMode == null ? null : new AssistantSettings(tenant.getAssistantMode(),
                effectiveMode, tenant.getAssistantName(), tenant.getAssistantGreeting(),
                tenant.getAssistantInstructions(), tenant.getAssistantLanguage());
        return new TenantView(tenant.getId(), tenant.getSlug(), tenant.getName(), tenant.getStatus().name(),
                new Settings(tenant.isAnonymousAccess(), tenant.isCustomerRegistration(), assistant),
                tenant.getCreatedAt());
    }
}
