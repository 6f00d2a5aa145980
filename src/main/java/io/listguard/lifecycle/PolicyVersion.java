package io.listguard.lifecycle;

import java.time.Instant;
import java.util.List;

/** An accepted set of policy files: who made it, when, why, and the files themselves (by name and digest). */
public record PolicyVersion(String id, long seq, String hash, String author, String comment, Instant createdAt,
                            List<StoredFile> files) {

    /** One file of a version. */
    public record StoredFile(String name, String sha256, long size) {
    }
}
