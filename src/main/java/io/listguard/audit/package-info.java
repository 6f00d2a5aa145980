/**
 * The audit trail and the central suppression list, in the service's database: every evaluation stored with its
 * trace and its request pseudonymised (keyed hashes, never contact data in clear), auditor queries, data-subject
 * lookups, exports, retention, suppressions (R20) and replay of stored requests under another policy version.
 */
package io.listguard.audit;
