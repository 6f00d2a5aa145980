package io.listguard.lifecycle;

import java.time.Instant;
import java.util.List;

/** An accepted set of policy files: who made it, when, why, and the files themselves (by name and digest). */
public record PolicyVersion(String id, long seq, String hash, String author, String comment, Instant createdAt,
                            List<StoredFile> files) {

    /** The comment in a language: what the author wrote, or what the system wrote in the reader's language. */
    public String comment(java.util.Locale locale) {
        return StoredTexts.render(locale, comment);
    }

    /** One file of a version. */
    public record StoredFile(String name, String sha256, long size) {
    }
}
