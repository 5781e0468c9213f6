package dev.parley.identity.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Passwords hashed with Jakarta Security's PBKDF2 (HMAC-SHA512, random salt).
 * The stored form names algorithm, iterations and salt, so raising
 * {@code parley.password.iterations} later keeps old hashes verifiable.
 */
@ApplicationScoped
public class PasswordHashing {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 200;

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    @Inject
    @ConfigProperty(name = "parley.password.iterations", defaultValue = "210000")
    int iterations;

    /** Verified against when an account does not exist, so both failures take as long. */
    private String decoy;

    @PostConstruct
    void init() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "64"));
        decoy = pbkdf2.generate("decoy password".toCharArray());
    }

    public String hash(String password) {
        return pbkdf2.generate(password.toCharArray());
    }

    /** Whether {@code password} matches {@code storedHash}; a null hash (no password set) never matches. */
    public boolean verify(String password, String storedHash) {
        if (storedHash == null) {
            pbkdf2.verify(password.toCharArray(), decoy);
            return false;
        }
        return pbkdf2.verify(password.toCharArray(), storedHash);
    }

    /** Spends the time of one verification, for logins of accounts that do not exist. */
    public void verifyDecoy(String password) {
        pbkdf2.verify(password.toCharArray(), decoy);
    }
}
