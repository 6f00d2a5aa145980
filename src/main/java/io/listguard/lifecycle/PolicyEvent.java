package io.listguard.lifecycle;

import io.listguard.security.Actor;
import java.time.Instant;

/** One step of a policy change, as the audit of activations keeps it. */
public record PolicyEvent(long id, String versionId, Kind kind, String actor, Actor.Kind identityKind, String keyName,
                          String contentHash, String reason, Instant at) {

    /** The steps. */
    public enum Kind {
        UPLOADED, APPROVED, APPROVAL_REFUSED, ACTIVATION_REFUSED, ACTIVATED, SCHEDULED, SCHEDULE_CANCELLED, SCHEDULE_CARRIED_OUT,
        SCHEDULE_FAILED
    }
}
