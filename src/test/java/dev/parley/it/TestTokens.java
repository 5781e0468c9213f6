package dev.parley.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** Tokens the server's own key signs with claims a test chooses (short-lived, expired, other tenants). */
public final class TestTokens {

    private TestTokens() {
    }

    /** A copy of {@code token}'s claims, expiring {@code secondsFromNow} from now, signed with the server's key. */
    public static String withExpiry(String token, long secondsFromNow) {
        try {
            JwtClaims claims = JwtClaims.parse(Tokens.claims(token).toString());
            claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + secondsFromNow));
            claims.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 60));
            claims.setGeneratedJwtId();
            return sign(claims);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JwtClaims claims) throws Exception {
        Path key = Path.of(System.getProperty("parley.it.work-dir", "target/it"), "keys", "jwt-private.pem");
        String base64 = Files.readString(key).replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
