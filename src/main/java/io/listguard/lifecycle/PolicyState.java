package io.listguard.lifecycle;

import java.time.Instant;

/**
 * The cluster's policy state (table policy_state, V9): the version every instance on the database must run, who
 * made it active and when, and the counter every activation raises. An operation that activates reads it first and
 * commits only if the counter has not moved since ({@link PolicyVersions#activate}).
 */
public record PolicyState(String activeVersion, long counter, String changedBy, Instant changedAt) {
}
