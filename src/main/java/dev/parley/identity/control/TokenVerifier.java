package dev.parley.identity.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Verifies access tokens where the server's MicroProfile JWT cannot: tokens a
 * WebSocket client sends in the URL ({@code ?token=}) or in a frame. Same key
 * and issuer as MicroProfile JWT ({@code mp.jwt.verify.*}), same rules: RS256,
 * {@code exp} required (30 s clock skew), {@code sub} required.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final System.Logger LOG = System.getLogger(TokenVerifier.class.getName());

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "parley")
    String issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKeyText;

    private JwtConsumer consumer;

    /** Why a token was refused, in words a person understands (used as a WebSocket close reason). */
    public static final class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    @PostConstruct
    void init() {
        try {
            JwtConsumerBuilder builder = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds(30)
                    .setExpectedIssuer(issuer)
                    .setSkipDefaultAudienceValidation();
            String location = publicKeyLocation.filter(s -> !s.isBlank()).orElse(null);
            if (publicKeyText.filter(s -> !s.isBlank()).isPresent()) {
                configureKey(builder, publicKeyText.get());
            } else if (location != null && location.startsWith("http")) {
                builder.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(location)));
            } else if (location != null) {
                configureKey(builder, Files.readString(TokenIssuer.toPath(location)));
            } else {
                LOG.log(Level.WARNING, "No token verification key (mp.jwt.verify.publickey.location): "
                        + "WebSocket clients cannot authenticate");
                return;
            }
            consumer = builder.build();
        } catch (IOException | java.security.GeneralSecurityException | org.jose4j.lang.JoseException e) {
            throw new IllegalStateException("Cannot read the token verification key: " + e.getMessage(), e);
        }
    }

    private static void configureKey(JwtConsumerBuilder builder, String text)
            throws java.security.GeneralSecurityException, org.jose4j.lang.JoseException {
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            builder.setVerificationKeyResolver(new JwksVerificationKeyResolver(
                    new JsonWebKeySet(trimmed).getJsonWebKeys()));
            return;
        }
        String base64 = trimmed.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        builder.setVerificationKey(key);
    }

    /** The token's claims when it is valid; otherwise why not ({@code token expired}, {@code invalid token}). */
    public JwtClaims verify(String token) throws Rejected {
        if (consumer == null) {
            throw new Rejected("invalid token");
        }
        try {
            return consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new Rejected(e.hasExpired() ? "token expired" : "invalid token");
        }
    }
}
