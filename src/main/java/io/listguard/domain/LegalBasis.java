package io.listguard.domain;

/**
 * The contact regime a consent-regime row assigns to a record: prior consent (opt-in), the right to object
 * (opt-out), a contract in progress (R6 exception), or no personal-data rule at all (R11 generic address).
 */
public enum LegalBasis { CONSENT_REQUIRED, OPT_OUT, EXISTING_CONTRACT, NOT_PERSONAL_DATA }
