package dev.parley.identity.boundary;

import dev.parley.identity.entity.Customer;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer as clients see it.
 *
 * <pre>{"id":7,"tenant_id":"…","name":"Bo","email":"bo@example.com","phone":null,"active":true,"created_at":"…"}</pre>
 */
public record CustomerView(long id, UUID tenantId, String name, String email, String phone, boolean active,
                           Instant createdAt) {

    public static CustomerView of(Customer customer) {
        return new CustomerView(customer.getId(), customer.getTenantId(), customer.getName(), customer.getEmail(),
                customer.getPhone(), customer.isActive(), customer.getCreatedAt());
    }
}
