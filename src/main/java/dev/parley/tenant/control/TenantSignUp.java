package dev.parley.tenant.control;

import dev.parley.identity.control.UserAccounts;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.User;
import dev.parley.platform.ApiException;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creates a tenant together with its first owner, in one transaction. */
@ApplicationScoped
@Transactional
public class TenantSignUp {

    public static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])");

    @PersistenceContext
    EntityManager em;

    @Inject
    TenantDirectory tenants;

    @Inject
    UserAccounts users;

    public record Created(Tenant tenant, User owner) {
    }

    /**
     * @param slug the tenant's slug, or null to derive one from {@code name}
     */
    public Created signUp(String name, String slug, String ownerName, String ownerEmail, String ownerPassword) {
        UUID id = UUID.randomUUID();
        // Bound before the first use of the EntityManager, whose session takes the tenant when it opens.
        return CurrentTenant.call(id, () -> {
            Tenant tenant = new Tenant(id, chooseSlug(name, slug), name.trim());
            em.persist(tenant);
            em.flush(); // the owner's row references the tenant
            User owner = users.create(ownerName, ownerEmail, ownerPassword, Role.owner);
            return new Created(tenant, owner);
        });
    }

    private String chooseSlug(String name, String requested) {
        if (requested != null && !requested.isBlank()) {
            String slug = requested.trim();
            if (!SLUG.matcher(slug).matches() || TenantDirectory.parseUuid(slug) != null) {
                throw ApiException.invalidField("slug", "3 to 64 lowercase letters, digits and inner hyphens, not shaped like a UUID");
            }
            if (tenants.find(slug).isPresent()) {
                throw ApiException.conflict("slug_taken", "The slug " + slug + " is taken");
            }
            return slug;
        }
        String base = slugify(name);
        String slug = base;
        while (tenants.find(slug).isPresent()) {
            slug = base + "-" + UUID.randomUUID().toString().substring(0, 6);
        }
        return slug;
    }

    /** "Café Olé & Co." becomes "cafe-ole-co"; too short names are padded to stay valid. */
    static String slugify(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-+$", "");
        }
        return slug.length() < 3 ? (slug.isEmpty() ? "tenant" : slug + "-tenant") : slug;
    }
}
