package io.listguard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Issue 17: the keyed hashes as a job outside the service computes them, and the key's fingerprint. */
class IdentifierHashesTest {

    private static final byte[] KEY = "test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    private static String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hashesAreTheHmacOfTheKindAndTheNormalFormAndTheKeyIdItsFingerprint() throws Exception {
        IdentifierHashes hashes = new IdentifierHashes(KEY);
        assertThat(hashes.emailHash(" Claire.Martin@Example.org")).isEqualTo(hmac("email:claire.martin@example.org"));
        assertThat(hashes.phoneHash("06 12 34 56 78")).isEqualTo(hmac("phone:+33612345678")).isEqualTo(hashes.phoneHash("+33612345678"));
        assertThat(hashes.addressHash("12 bd Voltaire, 75011 Paris")).isEqualTo(hashes.addressHash("12, BOULEVARD VOLTAIRE 75011 PARIS"))
                .isEqualTo(hmac("address:" + ContactPoints.normalizedAddress("12 bd Voltaire, 75011 Paris")));
        assertThat(hashes.emailHash(null)).isNull();
        assertThat(hashes.emailHash("  ")).isNull();
        assertThat(hashes.emailHmac("claire.martin@example.org")).isEqualTo(HexFormat.of().parseHex(hmac("email:claire.martin@example.org")));

        byte[] mac = HexFormat.of().parseHex(hmac("listguard-key-id"));
        assertThat(hashes.keyId()).hasSize(16).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mac)).substring(0, 16));
        assertThat(new IdentifierHashes("another-secret-012345".getBytes(StandardCharsets.UTF_8)).keyId()).isNotEqualTo(hashes.keyId());
        assertThat(new io.listguard.audit.Pseudonymiser(KEY).emailHash("claire.martin@example.org"))
                .as("the service's hashes are these").isEqualTo(hashes.emailHash("claire.martin@example.org"));
        assertThatThrownBy(() -> new IdentifierHashes(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }
}
