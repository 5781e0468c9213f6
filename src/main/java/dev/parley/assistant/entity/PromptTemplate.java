package dev.parley.assistant.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.hibernate.annotations.ColumnTransformer;

/** A reusable prompt of a tenant: saved from an assistant session, or written by staff. */
@Entity
@Table(name = "prompt_templates")
public class PromptTemplate extends TenantOwned {

    @Column(nullable = false)
    private String title;

    @Column(nullable = false)
    private String category;

    private String description;

    @Column(nullable = false)
    private String content;

    @Column(name = "created_by_type", nullable = false, updatable = false)
    private String createdByType;

    @Column(name = "created_by_id", nullable = false, updatable = false)
    private long createdById;

    /** A regconfig in the database: written and read as its name. */
    @Column(nullable = false)
    @ColumnTransformer(read = "language::text", write = "?::regconfig")
    private String language;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = now();

    protected PromptTemplate() {
    }

    public PromptTemplate(String title, String category, String description, String content, String createdByType,
                          long createdById, String language) {
        this.title = title;
        this.category = category;
        this.description = description;
        this.content = content;
        this.createdByType = createdByType;
        this.createdById = createdById;
        this.language = language;
    }

    public void change(String title, String category, String description, String content) {
        if (title != null) {
            this.title = title;
        }
        if (category != null) {
            this.category = category;
        }
        if (description != null) {
            this.description = description.isBlank() ? null : description;
        }
        if (content != null) {
            this.content = content;
        }
        updatedAt = now();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public String getTitle() { return title; }
    public String getCategory() { return category; }
    public String getDescription() { return description; }
    public String getContent() { return content; }
    public String getCreatedByType() { return createdByType; }
    public long getCreatedById() { return createdById; }
    public String getLanguage() { return language; }
    public Instant getUpdatedAt() { return updatedAt; }
}
