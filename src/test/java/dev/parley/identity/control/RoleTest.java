package dev.parley.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.entity.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void groupsIncludeTheLesserStaffRoles() {
        assertEquals(List.of("owner", "admin", "staff"), Role.owner.groups());
        assertEquals(List.of("admin", "staff"), Role.admin.groups());
        assertEquals(List.of("staff"), Role.staff.groups());
        assertEquals(List.of("customer"), Role.customer.groups());
    }

    @Test
    void onlyOwnersGrantOwnerAndNobodyGrantsNonStaffRoles() {
        assertTrue(Role.owner.mayGrant(Role.owner));
        assertTrue(Role.admin.mayGrant(Role.admin));
        assertFalse(Role.admin.mayGrant(Role.owner));
        assertFalse(Role.staff.mayGrant(Role.staff));
        assertFalse(Role.owner.mayGrant(Role.customer));
        assertFalse(Role.owner.mayGrant(Role.service));
    }
}
