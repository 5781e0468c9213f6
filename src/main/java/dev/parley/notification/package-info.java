/**
 * Server-side publishing to live connections: a tenant's backend (API key) or
 * admin sends an event to the whole tenant, one user or customer, or a chat's
 * members, and learns how many connections it reached.
 *
 * <p>Decisions: events reach only live connections (nothing is stored or
 * replayed: clients that need history read it over REST); a tenant with no
 * live connections is reported once at WARN, not once per event, so a
 * dashboard that shows "Connected" but is not can be found in the logs.
 */
package dev.parley.notification;
