package io.listguard.bulk.profiles;

import java.time.Instant;

/**
 * An update or deletion made on a version that is no longer the stored one: someone changed the profile in between,
 * and applying it would silently undo their change. Names the current version and who made it, so that the person
 * reads the profile again.
 */
public class StaleProfileException extends ProfileRefusedException {

    private final int expectedVersion;
    private final int currentVersion;
    private final String updatedBy;
    private final Instant updatedAt;

    public StaleProfileException(String name, int expectedVersion, int currentVersion, String updatedBy, Instant updatedAt) {
        super("profiles.stale", name, currentVersion, updatedBy, updatedAt, expectedVersion);
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }

    public int expectedVersion() {
        return expectedVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
