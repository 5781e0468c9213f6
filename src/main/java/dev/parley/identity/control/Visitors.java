package dev.parley.identity.control;

import dev.parley.identity.entity.Visitor;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.regex.Pattern;

/** The current tenant's anonymous visitors, one per widget session. */
@ApplicationScoped
@Transactional
public class Visitors {

    /**
     * What a widget may use as its session id: long enough to be unguessable (a random UUID), since
     * a socket that names a session hears its chats. The widget guide's {@code test-<time>} probes are
     * refused after their handshake, which is all they test.
     */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{32,128}");

    @PersistenceContext
    EntityManager em;

    /** Throws {@code 400} naming {@code field} unless {@code sessionId} is a usable session id. */
    public static String requireSessionId(String sessionId, String field) {
        if (sessionId == null || sessionId.isBlank()) {
            throw ApiException.invalidField(field, "required: the visitor's session id");
        }
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw ApiException.invalidField(field, "32 to 128 letters, digits or . _ : - (a random UUID, say)");
        }
        return sessionId;
    }

    /** The visitor of this session, made on first sight. Safe when two requests of one session race. */
    public Visitor enter(String sessionId, String visitorId) {
        requireSessionId(sessionId, "session_id");
        if (visitorId != null && visitorId.length() > 128) {
            throw ApiException.invalidField("visitor_id", "at most 128 characters");
        }
        em.createNativeQuery("INSERT INTO visitors (tenant_id, session_id, visitor_id) VALUES (?1, ?2, ?3)"
                        + " ON CONFLICT (tenant_id, session_id) DO NOTHING")
                .setParameter(1, CurrentTenant.idOrNone())
                .setParameter(2, sessionId)
                .setParameter(3, visitorId)
                .executeUpdate();
        return find(sessionId).orElseThrow();
    }

    public Optional<Visitor> find(String sessionId) {
        return em.createQuery("select v from Visitor v where v.sessionId = :session", Visitor.class)
                .setParameter("session", sessionId).getResultList().stream().findFirst();
    }

    public Optional<Visitor> get(long id) {
        return Optional.ofNullable(em.find(Visitor.class, id));
    }
}
