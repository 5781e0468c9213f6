package dev.parley.identity.boundary;

import dev.parley.identity.control.Session;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a login, a registration or a refresh:
 *
 * <pre>{"access_token":"eyJ…","token_type":"bearer","expires_in":900,"refresh_token":"rt_…","user":{…}}</pre>
 *
 * with {@code "customer"} in place of {@code "user"} for customers.
 */
public final class SessionView {

    private SessionView() {
    }

    public static Map<String, Object> of(Session session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", session.accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", session.expiresInSeconds());
        body.put("refresh_token", session.refreshToken());
        if (session.user() != null) {
            body.put("user", UserView.of(session.user()));
        } else {
            body.put("customer", CustomerView.of(session.customer()));
        }
        return body;
    }
}
