package dev.parley.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address a request comes from, for per-address limits: the connection's
 * peer, unless that peer is a proxy ops trust ({@code parley.http.trusted-proxies}),
 * in which case the nearest address in {@code X-Forwarded-For} that is not a
 * trusted proxy. A client cannot pick its own address by sending the header.
 */
@ApplicationScoped
public class ClientAddress {

    /** A comma list; read as one string, as Payara's config producer cannot inject an optional list. */
    @Inject
    @ConfigProperty(name = "parley.http.trusted-proxies")
    Optional<String> trustedProxies;

    private Set<String> trusted() {
        return Arrays.stream(trustedProxies.orElse("").split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        Set<String> trusted = trusted();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (!trusted.contains(peer) || forwarded == null) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
