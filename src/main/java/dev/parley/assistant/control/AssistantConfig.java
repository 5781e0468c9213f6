package dev.parley.assistant.control;

import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What ops configure for every tenant's assistant: the remote model, its timeout, and how replies are paced. */
@ApplicationScoped
public class AssistantConfig {

    @Inject
    @ConfigProperty(name = "parley.assistant.base-url")
    Optional<String> baseUrl;

    @Inject
    @ConfigProperty(name = "parley.assistant.model", defaultValue = "gpt-4o-mini")
    String model;

    @Inject
    @ConfigProperty(name = "parley.assistant.api-key")
    Optional<String> apiKey;

    @Inject
    @ConfigProperty(name = "parley.assistant.timeout-ms", defaultValue = "20000")
    long timeoutMs;

    /** How long a reply waits for more quick messages from the visitor, so that a burst gets one reply. */
    @Inject
    @ConfigProperty(name = "parley.assistant.gather-ms", defaultValue = "300")
    long gatherMs;

    /** How many earlier messages a remote model sees. */
    @Inject
    @ConfigProperty(name = "parley.assistant.history-messages", defaultValue = "20")
    int historyMessages;

    public boolean remoteConfigured() {
        return baseUrl.filter(url -> !url.isBlank()).isPresent();
    }

    /** How a tenant that chose {@code mode} is really answered. */
    public String effectiveMode(String mode) {
        return "remote".equals(mode) && !remoteConfigured() ? "builtin" : mode;
    }

    /** The name on the tenant's assistant's messages. */
    public static String nameOf(Tenant tenant) {
        String name = tenant.getAssistantName();
        return name == null || name.isBlank() ? "Assistant" : name;
    }

    public String baseUrl() { return baseUrl.orElse(""); }
    public String model() { return model; }
    public Optional<String> apiKey() { return apiKey.filter(key -> !key.isBlank()); }
    public long timeoutMs() { return timeoutMs; }
    public long gatherMs() { return gatherMs; }
    public int historyMessages() { return historyMessages; }
}
