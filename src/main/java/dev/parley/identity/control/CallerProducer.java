package dev.parley.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;

/** Makes the request's {@link Caller} injectable into request-scoped beans. */
@ApplicationScoped
public class CallerProducer {

    @Produces
    Caller current(HttpServletRequest request) {
        return Caller.of(request);
    }
}
