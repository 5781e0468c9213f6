package dev.parley.tenant.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** A business using Parley. The one table without a tenant discriminator: it is the tenant. */
@Entity
@Table(name = "tenants")
@NamedQuery(name = Tenant.BY_SLUG, query = "select t from Tenant t where t.slug = :slug")
public class Tenant {

    public static final String BY_SLUG = "Tenant.bySlug";

    public enum Status { active, suspended }

    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String slug;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status = Status.active;

    @Column(name = "anonymous_access", nullable = false)
    private boolean anonymousAccess;

    @Column(name = "customer_registration", nullable = false)
    private boolean customerRegistration;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "assistant_mode", nullable = false)
    private String assistantMode = "builtin";

    @Column(name = "assistant_name")
    private String assistantName;

    @Column(name = "assistant_greeting")
    private String assistantGreeting;

    @Column(name = "assistant_instructions")
    private String assistantInstructions;

    @Column(name = "assistant_language", nullable = false)
    private String assistantLanguage = "english";

    protected Tenant() {
    }

    public Tenant(UUID id, String slug, String name) {
        this.id = id;
        this.slug = slug;
        this.name = name;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public UUID getId() { return id; }
    public String getSlug() { return slug; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Status getStatus() { return status; }
    public void setStatus(Status status) { this.status = status; }
    public boolean isActive() { return status == Status.active; }
    public boolean isAnonymousAccess() { return anonymousAccess; }
    public void setAnonymousAccess(boolean anonymousAccess) { this.anonymousAccess = anonymousAccess; }
    public boolean isCustomerRegistration() { return customerRegistration; }
    public void setCustomerRegistration(boolean customerRegistration) { this.customerRegistration = customerRegistration; }
    public Instant getCreatedAt() { return createdAt; }

    /** How the tenant's assistant answers visitors: {@code builtin}, {@code remote} or {@code off}. */
    public String getAssistantMode() { return assistantMode; }
    public void setAssistantMode(String assistantMode) { this.assistantMode = assistantMode; }
    public String getAssistantName() { return assistantName; }
    public void setAssistantName(String assistantName) { this.assistantName = assistantName; }
    public String getAssistantGreeting() { return assistantGreeting; }
    public void setAssistantGreeting(String assistantGreeting) { this.assistantGreeting = assistantGreeting; }
    public String getAssistantInstructions() { return assistantInstructions; }
    public void setAssistantInstructions(String instructions) { this.assistantInstructions = instructions; }
    /** The PostgreSQL text search configuration of the tenant's knowledge base ({@code english}, {@code simple}, …). */
    public String getAssistantLanguage() { return assistantLanguage; }
    public void setAssistantLanguage(String assistantLanguage) { this.assistantLanguage = assistantLanguage; }

    /** Whether {@code reference} (an id or a slug, as clients name tenants) names this tenant. */
    public boolean isNamedBy(String reference) {
        return reference != null
                && (reference.equalsIgnoreCase(id.toString()) || reference.equals(slug));
    }
}
