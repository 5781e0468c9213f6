package dev.parley.identity.control;

import dev.parley.identity.entity.ParticipantType;
import dev.parley.identity.entity.Role;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import dev.parley.platform.ApiException;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs Parley's access tokens (RS256, jose4j). They are verified by the
 * server's MicroProfile JWT with the matching public key, so the claims are
 * the ones it requires ({@code iss, sub, exp, iat, jti, groups}) plus
 * Parley's own ({@code tenant_id, participant_type}).
 *
 * <p>Without a signing key Parley cannot log anyone in, but still accepts
 * tokens of an external identity provider (see the README).
 */
@ApplicationScoped
public class TokenIssuer {

    private static final System.Logger LOG = System.getLogger(TokenIssuer.class.getName());

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "parley")
    String issuer;

    @Inject
    @ConfigProperty(name = "parley.jwt.signing-key.location")
    Optional<String> signingKeyLocation;

    @Inject
    @ConfigProperty(name = "parley.jwt.signing-key")
    Optional<String> signingKeyPem;

    @Inject
    @ConfigProperty(name = "parley.jwt.access-token-seconds", defaultValue = "900")
    long accessTokenSeconds;

    private PrivateKey signingKey;
    private String keyId;

    @PostConstruct
    void loadKey() {
        try {
            Optional<String> pem = signingKeyPem.filter(s -> !s.isBlank());
            if (pem.isEmpty() && signingKeyLocation.filter(s -> !s.isBlank()).isPresent()) {
                pem = Optional.of(Files.readString(toPath(signingKeyLocation.get())));
            }
            if (pem.isEmpty()) {
                LOG.log(Level.WARNING, "No JWT signing key configured (parley.jwt.signing-key.location): "
                        + "Parley cannot issue tokens and accepts only those of an external identity provider");
                return;
            }
            signingKey = parsePkcs8(pem.get());
            keyId = thumbprint(signingKey);
        } catch (IOException | JoseException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the JWT signing key: " + e.getMessage(), e);
        }
    }

    public boolean canIssue() {
        return signingKey != null;
    }

    public void requireCanIssue() {
        if (!canIssue()) {
            throw new ApiException(503, "token_issuing_disabled",
                    "This Parley has no signing key: log in at the configured identity provider");
        }
    }

    public Duration accessTokenLifetime() {
        return Duration.ofSeconds(accessTokenSeconds);
    }

    /**
     * A signed access token for a participant of {@code tenant}.
     *
     * @param extraClaims claims some clients read besides Parley's own (seed 001's {@code customerId})
     */
    public String issue(UUID tenant, ParticipantType type, long id, String upn, String name, Role role,
                        Map<String, Object> extraClaims) {
        requireCanIssue();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(Long.toString(id));
        claims.setClaim("upn", upn);
        claims.setStringListClaim("groups", role.groups());
        claims.setClaim("tenant_id", tenant.toString());
        claims.setClaim("participant_type", type.name());
        claims.setClaim("role", role.name());
        if (name != null) {
            claims.setClaim("name", name);
        }
        extraClaims.forEach(claims::setClaim);
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(now);
        claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + accessTokenSeconds));
        claims.setGeneratedJwtId();

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey);
        jws.setKeyIdHeaderValue(keyId);
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    static Path toPath(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    static PrivateKey parsePkcs8(String pem) throws java.security.GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** The RFC 7638 thumbprint of the public half, as the token's {@code kid}. */
    private static String thumbprint(PrivateKey key) throws java.security.GeneralSecurityException, JoseException {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        var publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) publicKey)
                .calculateBase64urlEncodedThumbprint("SHA-256");
    }
}
