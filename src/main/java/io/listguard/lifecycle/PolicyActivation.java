package io.listguard.lifecycle;

import java.time.Instant;

/** One activation of a version: at first start, after an upload, or a rollback. */
public record PolicyActivation(String versionId, String activatedBy, Instant activatedAt, String reason) {
}
