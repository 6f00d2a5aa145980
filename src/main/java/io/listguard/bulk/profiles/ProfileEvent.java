package io.listguard.bulk.profiles;

import io.listguard.security.Actor;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One change of a profile, as its history keeps it: who made it (as shown, with which kind of identity and key),
 * when, and the profile's JSON before and after (null before a creation, null after a deletion).
 */
public record ProfileEvent(long id, String name, Kind kind, int version, String actor, Actor.Kind identityKind, String keyName,
                           JsonNode before, JsonNode after, Instant at) {

    /** The changes. */
    public enum Kind { CREATED, UPDATED, DELETED }
}
