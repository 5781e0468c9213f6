/**
 * What every feature stands on: JSON (one shared JSON-B, snake_case), the
 * error shape and its mappers, request-body limits and validation, CORS,
 * health, the database pool and the schema migrations.
 *
 * <p>Decisions: errors are always {@code {"error","message"}}, also for
 * answers the container gives before the application runs (the error page
 * servlet, with CORS on the ERROR dispatch); the schema is Liquibase's alone,
 * applied under a PostgreSQL advisory lock so instances can start together.
 */
package dev.parley.platform;
