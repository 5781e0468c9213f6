package dev.parley.platform;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Parley's own connection pool, configured from {@code PARLEY_DB_URL},
 * {@code PARLEY_DB_USER} and {@code PARLEY_DB_PASSWORD} (environment or
 * system properties: the server resolves these while deploying, before the
 * application's own configuration is readable).
 *
 * <p>Ops who prefer a pool defined in the server ({@code server-config/})
 * point {@code PARLEY_DATASOURCE} at its JNDI name instead; JPA (persistence.xml)
 * and the plain JDBC users (migrations, readiness) then both use that pool.
 */
@ApplicationScoped
@DataSourceDefinition(
        name = ParleyDatabase.JNDI_NAME,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=parley.db.url:jdbc:postgresql://localhost:5432/parley}",
        user = "${MPCONFIG=parley.db.user:parley}",
        password = "${MPCONFIG=parley.db.password:parley}",
        minPoolSize = 2,
        maxPoolSize = ParleyDatabase.MAX_POOL_SIZE,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
                "fish.payara.max-wait-time-in-millis=10000"
        })
public class ParleyDatabase {

    public static final String JNDI_NAME = "java:app/jdbc/parley";
    public static final int MAX_POOL_SIZE = 32;

    @Inject
    @ConfigProperty(name = "parley.datasource", defaultValue = JNDI_NAME)
    String jndiName;

    /** The pool Parley uses, for code that talks JDBC directly; its connections count in {@link PoolUse}. */
    @Produces
    DataSource dataSource() throws NamingException {
        return PoolUse.counting((DataSource) new InitialContext().lookup(jndiName));
    }

    /** False when ops named a pool of the server's, whose size Parley does not know. */
    public boolean ownPool() {
        return JNDI_NAME.equals(jndiName);
    }
}
