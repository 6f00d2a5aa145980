package io.listguard.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hashes of contact points (HMAC-SHA256 over {@code "email:"}, {@code "phone:"} or {@code "address:"} and
 * the value in its normal form, {@link ContactPoints}): the one implementation, used by the service's audit trail and
 * suppression list ({@code audit.Pseudonymiser}) and by whoever evaluates elsewhere with an exported list (a Spark
 * job, {@code evaluation.HashedSuppressionList}). Whoever holds the key can test any guessed address against a hash:
 * the key is as secret as the service's. Thread-safe.
 */
public final class IdentifierHashes {

    private final SecretKeySpec key;
    /** A Mac is not thread-safe and costly to look up: one per thread, initialised once with the key. */
    private final ThreadLocal<Mac> macs;
    private final String keyId;

    /** {@code secret}: at least 16 bytes (the service's {@code listguard.audit.hmac-key}, as UTF-8, or its generated key). */
    public IdentifierHashes(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the HMAC secret must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is always available", e);
            }
        });
        this.keyId = fingerprint(rawHmac("listguard-key-id"));
    }

    /**
     * The key's fingerprint: the first 16 hex digits of SHA-256(HMAC(key, "listguard-key-id")). It tells two keys apart
     * without revealing either (the suppression export's {@code X-Listguard-Hash-Key-Id}).
     */
    public String keyId() {
        return keyId;
    }

    /** The email's hash (64 hex digits), null when it is absent or blank once normalised. */
    public String emailHash(String email) {
        byte[] raw = emailHmac(email);
        return raw == null ? null : HexFormat.of().formatHex(raw);
    }

    public String phoneHash(String phone) {
        byte[] raw = phoneHmac(phone);
        return raw == null ? null : HexFormat.of().formatHex(raw);
    }

    public String addressHash(String address) {
        byte[] raw = addressHmac(address);
        return raw == null ? null : HexFormat.of().formatHex(raw);
    }

    /** {@link #emailHash} as its 32 bytes (null when there is no address). */
    public byte[] emailHmac(String email) {
        String normal = ContactPoints.normalizedEmail(email);
        return normal == null || normal.isBlank() ? null : rawHmac("email:" + normal);
    }

    /** {@link #phoneHash} as its 32 bytes. */
    public byte[] phoneHmac(String phone) {
        String canonical = ContactPoints.canonicalPhone(phone);
        return canonical == null || canonical.isBlank() ? null : rawHmac("phone:" + canonical);
    }

    /** {@link #addressHash} as its 32 bytes. */
    public byte[] addressHmac(String address) {
        String normal = ContactPoints.normalizedAddress(address);
        return normal == null || normal.isBlank() ? null : rawHmac("address:" + normal);
    }

    private byte[] rawHmac(String value) {
        return macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String fingerprint(byte[] mac) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mac)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
