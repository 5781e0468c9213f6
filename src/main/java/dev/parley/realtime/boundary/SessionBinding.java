package dev.parley.realtime.boundary;

import dev.parley.identity.control.TokenVerifier;
import dev.parley.realtime.control.Connection;

/**
 * Binds a connection opened on an assistant session's URL to its session once
 * the caller is known (the assistant feature implements it).
 */
public interface SessionBinding {

    /**
     * Opens or continues the connection's session for its (authenticated) caller, with the tenant
     * bound; answers the first frame to send. Refuses with the close reason the client will read.
     */
    String bind(Connection connection) throws TokenVerifier.Rejected;
}
