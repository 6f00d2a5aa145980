package io.listguard.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The known callers, by the SHA-256 of their key: keys themselves are never kept in memory or on disk. */
public final class ApiKeys {

    /** A caller identified by a key. */
    public record Caller(String name, List<Role> roles) {
    }

    private final Map<String, Caller> byHash = new HashMap<>();

    ApiKeys(SecurityProperties properties, Path dataDir) {
        for (SecurityProperties.Key key : properties.keys()) {
            if (key.name() == null || key.name().isBlank()) {
                throw new IllegalStateException("every listguard.security.keys entry needs a name");
            }
            if (key.roles() == null || key.roles().isEmpty()) {
                throw new IllegalStateException("API key " + key.name() + " has no roles");
            }
            String hash;
            if (key.sha256() != null && !key.sha256().isBlank()) {
                hash = key.sha256().trim().toLowerCase(java.util.Locale.ROOT);
            } else if (key.key() != null && key.key().length() >= 16) {
                hash = sha256(key.key());
            } else {
                throw new IllegalStateException("API key " + key.name() + " needs a key of at least 16 characters, or its sha256");
            }
            byHash.put(hash, new Caller(key.name(), List.copyOf(key.roles())));
        }
        if (byHash.isEmpty()) {
            byHash.put(firstStartAdminKey(dataDir), new Caller("admin", List.of(Role.ADMIN)));
        }
    }

    public Optional<Caller> identify(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256(presentedKey.trim())));
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Zero setup: one admin key, generated once; only its hash is stored; the key is printed once. */
    private static String firstStartAdminKey(Path dataDir) {
        Path file = dataDir.resolve("admin-key.sha256");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = "lg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            io.listguard.files.DataFiles.writeString(file, sha256(key)); // 0600 in a 0700 directory
            System.out.println("""

                    ==========================================================================================
                     listguard generated an ADMIN API key. It is shown once; only its hash is stored (%s).
                       %s
                     Send it as:  Authorization: Bearer <key>   (or X-Api-Key: <key>)
                     In production, configure keys per caller and role instead (listguard.security.keys, see
                     docs/security.md); delete that file to generate a new admin key.
                    ==========================================================================================
                    """.formatted(file.toAbsolutePath(), key));
            return sha256(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
