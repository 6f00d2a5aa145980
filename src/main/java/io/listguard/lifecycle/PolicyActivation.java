package io.listguard.lifecycle;

import java.time.Instant;

/** One activation of a version: at first start, after an upload, or a rollback. */
public record PolicyActivation(String versionId, String activatedBy, Instant activatedAt, String reason) {

    /** The reason in a language: what the person wrote, with what the system wrote in the reader's language. */
    /** Who activated it, in a language: a person as recorded, the service's scheduled runs in the reader's words. */
    public String activatedBy(java.util.Locale locale) {
        return StoredTexts.render(locale, activatedBy);
    }

    public String reason(java.util.Locale locale) {
        return StoredTexts.render(locale, reason);
    }
}
