package dev.parley.identity.boundary;

import dev.parley.identity.entity.User;
import java.time.Instant;
import java.util.UUID;

/**
 * A staff account as clients see it.
 *
 * <pre>{"id":1,"tenant_id":"…","name":"Ada","email":"ada@example.com","role":"owner","active":true,"created_at":"2026-11-22T12:00:00Z"}</pre>
 */
public record UserView(long id, UUID tenantId, String name, String email, String role, boolean active,
                       Instant createdAt) {

    public static UserView of(User user) {
        return new UserView(user.getId(), user.getTenantId(), user.getName(), user.getEmail(),
                user.getRole().name(), user.isActive(), user.getCreatedAt());
    }
}
