package io.listguard.domain;

/** The answer to "may this file be used for this campaign". */
public enum Decision { APPROVED, APPROVED_WITH_EXCLUSIONS, REJECTED }
