package io.listguard.security;

/**
 * What a caller may do. EVALUATOR: applications evaluating files (and their own bulk jobs). POLICY_EDITOR:
 * compliance staff changing policies. AUDITOR: reading evaluations, traces, lookups, exports and policies. ADMIN:
 * suppressions, operations, and everything the others may do.
 */
public enum Role {
    EVALUATOR, POLICY_EDITOR, AUDITOR, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
