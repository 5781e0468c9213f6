package dev.parley.devserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** An RSA key pair for signing and verifying Parley's tokens, made once and kept in a folder. */
public record SigningKeys(Path privateKey, Path publicKey) {

    /** The pair in {@code directory}, generated (RSA 2048) if it is not there yet. */
    public static SigningKeys ensure(Path directory) throws IOException, GeneralSecurityException {
        SigningKeys keys = new SigningKeys(directory.resolve("jwt-private.pem"), directory.resolve("jwt-public.pem"));
        if (Files.exists(keys.privateKey) && Files.exists(keys.publicKey)) {
            return keys;
        }
        Files.createDirectories(directory);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(keys.publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(keys.privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        keys.privateKey.toFile().setReadable(false, false);
        keys.privateKey.toFile().setReadable(true, true);
        return keys;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
