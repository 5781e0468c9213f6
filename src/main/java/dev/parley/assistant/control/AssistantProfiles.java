package dev.parley.assistant.control;

import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.UUID;

/**
 * A tenant's assistant settings ({@code settings.assistant} of the tenant):
 * mode, name, greeting, instructions and the knowledge base's language.
 * A change names only what it changes; {@code null} clears a text.
 */
@ApplicationScoped
@Transactional
public class AssistantProfiles {

    static final Set<String> KEYS = Set.of("mode", "name", "greeting", "instructions", "language");
    static final Set<String> MODES = Set.of("builtin", "remote", "off");

    @PersistenceContext
    EntityManager em;

    @Inject
    KnowledgeBase knowledge;

    @Inject
    PromptTemplates templates;

    public void update(UUID tenantId, JsonValue patch) {
        if (patch.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.invalidField("settings.assistant", "must be an object");
        }
        JsonObject values = patch.asJsonObject();
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw ApiException.invalidField("settings.assistant." + key, "unknown setting; known: " + KEYS);
            }
        }
        Tenant tenant = em.find(Tenant.class, tenantId);
        if (values.containsKey("mode")) {
            String mode = text(values, "mode", 16);
            if (mode == null || !MODES.contains(mode)) {
                throw ApiException.invalidField("settings.assistant.mode", "one of builtin, remote, off");
            }
            tenant.setAssistantMode(mode);
        }
        if (values.containsKey("name")) {
            tenant.setAssistantName(text(values, "name", 100));
        }
        if (values.containsKey("greeting")) {
            tenant.setAssistantGreeting(text(values, "greeting", 1000));
        }
        if (values.containsKey("instructions")) {
            tenant.setAssistantInstructions(text(values, "instructions", 4000));
        }
        if (values.containsKey("language")) {
            String language = text(values, "language", 64);
            if (language == null || !knowledge.isLanguage(language)) {
                throw ApiException.invalidField("settings.assistant.language",
                        "a PostgreSQL text search configuration, such as english, german, french, spanish or simple");
            }
            tenant.setAssistantLanguage(language);
            CurrentTenant.run(tenantId, () -> {
                knowledge.useLanguage(language);
                templates.useLanguage(language);
            });
        }
    }

    private static String text(JsonObject values, String key, int max) {
        JsonValue value = values.get(key);
        if (value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string) || string.getString().length() > max) {
            throw ApiException.invalidField("settings.assistant." + key, "a string of at most " + max + " characters");
        }
        return string.getString().isBlank() ? null : string.getString().strip();
    }
}
