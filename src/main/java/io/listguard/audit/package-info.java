/**
 * The audit trail, in the service's database: every evaluation stored with its trace and its request pseudonymised
 * (keyed hashes, never contact data in clear, by {@link io.listguard.audit.Pseudonymiser}, which the suppression list
 * uses too), auditor queries, data-subject lookups, exports, retention and replay of stored requests under another
 * policy version. The suppression list itself is {@code io.listguard.suppression}.
 */
package io.listguard.audit;
