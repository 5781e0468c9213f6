package dev.parley.identity.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * An anonymous website visitor of a tenant that allows anonymous access: one
 * browser session, named by the {@code session_id} its widget keeps. Its
 * chats are reached by their unguessable keys; the session only narrows them.
 */
@Entity
@Table(name = "visitors")
public class Visitor extends TenantOwned {

    @Column(name = "session_id", nullable = false, updatable = false)
    private String sessionId;

    @Column(name = "visitor_id")
    private String visitorId;

    protected Visitor() {
    }

    public Visitor(String sessionId, String visitorId) {
        this.sessionId = sessionId;
        this.visitorId = visitorId;
    }

    public String getSessionId() { return sessionId; }
    public String getVisitorId() { return visitorId; }
}
