package io.listguard.lifecycle;

import io.listguard.domain.Messages;
import io.listguard.security.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One step of a policy change, as the audit of activations keeps it. A refusal has its message {@code code} and
 * {@code args}, so that people read its reason in their language ({@code reason} is the English text).
 */
public record PolicyEvent(long id, String versionId, Kind kind, String actor, Actor.Kind identityKind, String keyName,
                          String contentHash, String reason, String code, List<String> args, Instant at) {

    /** The reason in a language: a refusal's coded text, or the reason as written with the system's words in that language. */
    /** Who took the step, in a language: a person as recorded, the service's scheduled runs in the reader's words. */
    public String actor(Locale locale) {
        return StoredTexts.render(locale, actor);
    }

    public String reason(Locale locale) {
        return code == null ? StoredTexts.render(locale, reason) : Messages.text(locale, code, args.toArray());
    }

    /** The steps. */
    public enum Kind {
        UPLOADED, APPROVED, APPROVAL_REFUSED, ACTIVATION_REFUSED, ACTIVATED, SCHEDULED, SCHEDULE_CANCELLED, SCHEDULE_CARRIED_OUT,
        SCHEDULE_FAILED, WITHDRAWN
    }
}
