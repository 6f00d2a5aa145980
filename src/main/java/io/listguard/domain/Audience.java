package io.listguard.domain;

/** Who the campaign addresses: consumers (B2C) or professionals (B2B). The law differs (R1-R6 vs R10-R13). */
public enum Audience { CONSUMER, BUSINESS }
