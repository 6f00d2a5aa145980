package io.listguard.bulk.profiles;

import io.listguard.bulk.mapping.MappingProfile;
import java.time.Instant;

/**
 * A profile as stored: its name and provider, its {@code version} (1 at creation, one more at each update: an
 * update names the version it was made on), who created and last changed it, and the profile itself.
 */
public record StoredProfile(String name, String provider, int version, String createdBy, Instant createdAt, String updatedBy,
                            Instant updatedAt, MappingProfile profile) {
}
