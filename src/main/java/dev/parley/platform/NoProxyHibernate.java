package dev.parley.platform;

import java.util.Map;
import org.hibernate.boot.registry.StandardServiceInitiator;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;
import org.hibernate.service.spi.ServiceRegistryImplementor;

/**
 * Boots Hibernate with its "none" bytecode provider: no proxy classes are generated at start-up, and
 * byte-buddy (6,000 classes that Payara would parse at every deployment) stays out of the WAR.
 *
 * <p>Parley's entities have no associations, so nothing needs a lazy proxy; {@code getReference} would
 * fail, and Parley does not call it. Hibernate picks its provider by service registration only, and
 * hibernate-core registers its byte-buddy one, so this contributor replaces it (listed in
 * {@code META-INF/services/org.hibernate.service.spi.ServiceContributor}).
 */
public class NoProxyHibernate implements ServiceContributor {

    @Override
    public void contribute(StandardServiceRegistryBuilder registry) {
        registry.addInitiator(new StandardServiceInitiator<BytecodeProvider>() {
            @Override
            public BytecodeProvider initiateService(Map<String, Object> settings, ServiceRegistryImplementor services) {
                return new org.hibernate.bytecode.internal.none.BytecodeProviderImpl();
            }

            @Override
            public Class<BytecodeProvider> getServiceInitiated() {
                return BytecodeProvider.class;
            }
        });
    }
}
