package io.listguard.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 key that signs the audit chain's checkpoints, held outside the database: a file of two lines, the
 * private key (PKCS#8) and the public key (X.509), each in base64. Generated on first start into
 * {@code <data-dir>/audit-signing.key} (0600) unless a file is configured. The public key is what an auditor keeps
 * to verify the checkpoints ({@link #text}); Spring-free, so that the command line verifies with it too.
 */
public final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The configured key file, or {@code <data-dir>/audit-signing.key}, generated if absent (with a warning). */
    public static SigningKey resolve(Path configured, Path dataDir) {
        Path file = configured != null ? configured : dataDir.resolve("audit-signing.key");
        try {
            if (Files.exists(file)) {
                String[] lines = Files.readString(file).trim().split("\\s+");
                KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
                return new SigningKey(factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0]))),
                        factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1]))));
            }
            if (configured != null) {
                throw new IllegalStateException("listguard.audit.chain.signing-key-file " + file + " does not exist");
            }
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            io.listguard.files.DataFiles.writeString(file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + text(pair.getPublic()) + "\n"); // 0600 in a 0700 directory
            log.warn("generated the audit signing key {}; in production set listguard.audit.chain.signing-key-file to a key kept outside "
                    + "the database, back it up, and give auditors its public key", file.toAbsolutePath());
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot read the audit signing key " + file + ": " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as an auditor keeps it: base64 of its X.509 encoding. */
    public static String text(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** A public key given as {@link #text} (or a key file's second line). */
    public static PublicKey parsePublic(String text) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
