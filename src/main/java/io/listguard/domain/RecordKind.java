package io.listguard.domain;

/** A named person, or a generic business address such as contact@ that is not personal data (R11). */
public enum RecordKind { PERSON, GENERIC_ADDRESS }
