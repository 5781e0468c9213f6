package dev.parley.identity.entity;

import java.util.List;

/**
 * Roles of tenant staff, from most to least powerful, plus the roles of the
 * other callers. Tokens carry a role and every role it includes in
 * {@code groups}, so {@code @RolesAllowed("admin")} admits owners too.
 */
public enum Role {
    owner, admin, staff, customer, service;

    /** The groups a token for this role carries. */
    public List<String> groups() {
        return switch (this) {
            case owner -> List.of("owner", "admin", "staff");
            case admin -> List.of("admin", "staff");
            case staff -> List.of("staff");
            case customer -> List.of("customer");
            case service -> List.of("service");
        };
    }

    public boolean isStaff() {
        return this == owner || this == admin || this == staff;
    }

    /** Whether someone with this role may give {@code other} to a user. */
    public boolean mayGrant(Role other) {
        return other.isStaff() && (this == owner || (this == admin && other != owner));
    }
}
