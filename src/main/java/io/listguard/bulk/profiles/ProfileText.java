package io.listguard.bulk.profiles;

import io.listguard.bulk.mapping.InvalidProfileException;
import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileCheck;
import io.listguard.bulk.mapping.ProfileProblem;
import io.listguard.bulk.mapping.ProfileReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile's JSON as sent to be stored: read strictly and checked by the core, plus what storing needs besides
 * (a provider to file it under, the name it is stored as). Every problem comes back at once.
 */
final class ProfileText {

    static final int MAX_PROVIDER = 200;

    private ProfileText() {
    }

    /**
     * The profile of a JSON text, or an {@link InvalidProfileException} with every problem; {@code storedName}, when
     * given, is the name it is stored under (a profile cannot be renamed; a text without a name takes it).
     */
    static MappingProfile read(String json, String storedName) {
        MappingProfile profile = ProfileReader.parse(json); // syntax, duplicate keys, unknown properties: all at once
        if (profile != null && storedName != null && profile.name() == null) {
            profile = new MappingProfile(storedName, profile.provider(), profile.description(), profile.separator(), profile.charset(),
                    profile.headerRow(), profile.sheet(), profile.fields(), profile.consents());
        }
        List<ProfileProblem> problems = new ArrayList<>(ProfileCheck.problems(profile));
        if (profile != null) {
            if (profile.provider() == null || profile.provider().isBlank()) {
                problems.add(ProfileProblem.of("provider", "profiles.providerRequired"));
            } else if (profile.provider().length() > MAX_PROVIDER) {
                problems.add(ProfileProblem.of("provider", "profiles.providerTooLong", MAX_PROVIDER));
            }
            if (storedName != null && profile.name() != null && !profile.name().equals(storedName)) {
                problems.add(ProfileProblem.of("name", "profiles.nameMismatch", profile.name(), storedName));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidProfileException(problems);
        }
        return profile;
    }
}
