/**
 * Who may call what. Callers are identified by API keys (stored as SHA-256 hashes, each with a name recorded as the
 * caller in the audit trail, and its roles); {@link io.listguard.security.SecurityConfiguration} authorises each
 * endpoint by role. Identification (the key filter) is kept apart from authorisation (the rules).
 */
package io.listguard.security;
