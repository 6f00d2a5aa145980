package io.listguard.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the HMAC secret comes from: configuration, or a key generated once beside the embedded database. */
final class AuditKey {

    private static final Logger log = LoggerFactory.getLogger(AuditKey.class);

    private AuditKey() {
    }

    static byte[] resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < 16) {
                throw new IllegalStateException("listguard.audit.hmac-key must be at least 16 characters");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDir.resolve("audit-hmac.key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            io.listguard.files.DataFiles.writeString(file, Base64.getEncoder().encodeToString(key)); // 0600 in a 0700 directory
            log.warn("generated the audit HMAC key {}; in production set listguard.audit.hmac-key (it must never change, "
                    + "or earlier hashes can no longer be looked up)", file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
