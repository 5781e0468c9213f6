package dev.parley.assistant.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.hibernate.annotations.ColumnTransformer;

/**
 * An article of a tenant's knowledge base. Its search vector is a generated
 * column of PostgreSQL's, in the tenant's text search language.
 */
@Entity
@Table(name = "knowledge_entries")
public class KnowledgeEntry extends TenantOwned {

    @Column(nullable = false)
    private String title;

    @Column(nullable = false)
    private String body;

    private String url;

    @Column(nullable = false)
    private String tags = "";

    /** A regconfig in the database: written and read as its name. */
    @Column(nullable = false)
    @ColumnTransformer(read = "language::text", write = "?::regconfig")
    private String language;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = now();

    protected KnowledgeEntry() {
    }

    public KnowledgeEntry(String title, String body, String url, List<String> tags, String language) {
        this.title = title;
        this.body = body;
        this.url = url;
        this.tags = String.join(",", tags);
        this.language = language;
    }

    public void change(String title, String body, String url, List<String> tags) {
        if (title != null) {
            this.title = title;
        }
        if (body != null) {
            this.body = body;
        }
        if (url != null) {
            this.url = url.isBlank() ? null : url;
        }
        if (tags != null) {
            this.tags = String.join(",", tags);
        }
        updatedAt = now();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public String getTitle() { return title; }
    public String getBody() { return body; }
    public String getUrl() { return url; }
    public List<String> getTags() { return tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")); }
    public String getLanguage() { return language; }
    public Instant getUpdatedAt() { return updatedAt; }
}
