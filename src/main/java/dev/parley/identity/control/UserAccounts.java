package dev.parley.identity.control;

import dev.parley.identity.entity.ParticipantType;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.User;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Staff accounts of the current tenant. */
@ApplicationScoped
@Transactional
public class UserAccounts {

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHashing passwords;

    @Inject
    RefreshTokens refreshTokens;

    public User create(String name, String email, String password, Role role) {
        if (findByEmail(email).isPresent()) {
            throw ApiException.conflict("email_taken", "A user with this email already exists in this tenant");
        }
        User user = new User(name.trim(), email.trim(), passwords.hash(password), role);
        em.persist(user);
        return user;
    }

    public Optional<User> findByEmail(String email) {
        return em.createNamedQuery(User.BY_EMAIL, User.class)
                .setParameter("email", email.trim())
                .getResultStream()
                .findFirst();
    }

    public List<User> list() {
        return em.createNamedQuery(User.ALL, User.class).getResultList();
    }

    public User get(long id) {
        User user = em.find(User.class, id);
        if (user == null) {
            throw ApiException.notFound("User");
        }
        return user;
    }

    /**
     * Changes name, role or active flag of {@code id} as {@code actor} may:
     * nobody changes their own role or deactivates themselves, and only an
     * owner touches an owner.
     */
    public User update(long actorId, Role actorRole, long id, String name, Role role, Boolean active) {
        User user = get(id);
        boolean self = user.getId() == actorId;
        if (user.getRole() == Role.owner && actorRole != Role.owner) {
            throw ApiException.forbidden("forbidden", "Only an owner may change an owner");
        }
        if (name != null) {
            user.setName(name.trim());
        }
        if (role != null && role != user.getRole()) {
            if (self || !actorRole.mayGrant(role)) {
                throw ApiException.forbidden("forbidden", "You may not give the role " + role);
            }
            user.setRole(role);
        }
        if (active != null && active != user.isActive()) {
            if (self) {
                throw ApiException.forbidden("forbidden", "You may not deactivate yourself");
            }
            user.setActive(active);
            if (!active) {
                refreshTokens.revokeAll(ParticipantType.user, user.getId());
            }
        }
        return user;
    }
}
