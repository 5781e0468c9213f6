/**
 * Tenants: sign-up, settings, finding a tenant by id or slug, and the tenant
 * a thread works for.
 *
 * <p>Decisions: every tenant-owned entity carries a Hibernate {@code @TenantId}
 * discriminator fed by {@link dev.parley.tenant.control.CurrentTenant}, a
 * thread-bound holder (Hibernate builds its resolver by reflection, and async
 * code has no request scope). A transaction's EntityManager keeps the tenant
 * it opened with, so tenant-scoped reads and writes run in transactions that
 * start after the tenant is bound, and code that switches tenants (logins,
 * which find the tenant first) is not itself transactional.
 */
package dev.parley.tenant;
