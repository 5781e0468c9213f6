/**
 * Who calls: staff users, customers and API keys; passwords, logins, access
 * and refresh tokens, and the per-request {@link dev.parley.identity.control.Caller}.
 *
 * <p>Decisions: Parley signs RS256 tokens with jose4j and the server verifies
 * them with MicroProfile JWT; {@code @RolesAllowed} is enforced by Parley's own
 * {@link dev.parley.identity.boundary.RoleCheck} against the token's groups, so
 * API-key callers (which the container does not know) are judged the same way.
 * Credentials that arrive without a tenant (a staff email, a refresh token, an
 * API key) are resolved to their tenant first by
 * {@link dev.parley.identity.control.CrossTenantLookup}, the only native SQL.
 */
package dev.parley.identity;
