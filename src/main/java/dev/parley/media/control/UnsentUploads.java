package dev.parley.media.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes uploads that no message carries once they are older than
 * {@code parley.media.unsent-retention-seconds} (a day by default): a file
 * uploaded and never sent does not stay forever. A file any message carries
 * stays, a deleted message's included (its row keeps the path). Every
 * {@code parley.media.sweep-seconds}; instances sweeping at once delete each
 * row once (the database decides which instance does).
 */
@ApplicationScoped
public class UnsentUploads {

    private static final System.Logger LOG = System.getLogger(UnsentUploads.class.getName());

    @Inject
    @ConfigProperty(name = "parley.media.unsent-retention-seconds", defaultValue = "86400")
    long retentionSeconds;

    @Inject
    @ConfigProperty(name = "parley.media.sweep-seconds", defaultValue = "3600")
    long sweepSeconds;

    @Inject
    MediaStore store;

    @PersistenceContext
    EntityManager em;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    UnsentUploads self;

    void startSweeping(@Observes @Initialized(ApplicationScoped.class) Object context) {
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
    }

    /** The rows first (committed), then the files: a file is only ever removed once nothing can name it. */
    private void sweepQuietly() {
        try {
            List<String> keys = self.forgetUnsent();
            for (String key : keys) {
                try {
                    store.delete(key);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Removing unsent upload {0}: {1}", key, e.getMessage());
                }
            }
            if (!keys.isEmpty()) {
                LOG.log(Level.INFO, "Removed {0} files of uploads that were never sent", keys.size());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sweeping unsent uploads failed: {0}", e.toString());
        }
    }

    /**
     * Deletes the rows of old uploads no message carries; answers their files' keys. Native SQL across
     * every tenant on purpose: this is housekeeping, not a tenant's request.
     */
    @Transactional
    public List<String> forgetUnsent() {
        @SuppressWarnings("unchecked")
        List<Object[]> removed = em.createNativeQuery("""
                        DELETE FROM media_files f
                        WHERE f.attached_at IS NULL AND f.created_at < now() - make_interval(secs => ?1)
                          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = f.tenant_id
                                          AND m.media_url = '/api/v1/media/' || f.file_key::text)
                        RETURNING CAST(f.file_key AS text), CAST(f.thumbnail_key AS text)""")
                .setParameter(1, (double) retentionSeconds)
                .getResultList();
        List<String> keys = new java.util.ArrayList<>();
        for (Object[] row : removed) {
            for (Object key : row) {
                if (key != null) {
                    keys.add((String) key);
                }
            }
        }
        return keys;
    }
}
