package dev.parley.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The broker of a single instance: deliveries go straight to this instance's connections. */
@ApplicationScoped
public class LocalBroker implements Broker {

    @Inject
    ConnectionRegistry registry;

    @Override
    public int publish(Delivery delivery) {
        return registry.deliver(delivery);
    }
}
